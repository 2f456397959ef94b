"""The model picker (m or F9, or "Choose models…" in the palette), beside the style picker:
which models the next run puts side by side, as `--model` values (`MODEL` on the default
endpoint, `NAME:MODEL` on the endpoint `[endpoints.NAME]` of the config file).

It lists the default endpoint's configured model, the models the screen was started with
(`workbench compare -m`) and every model added since; a field adds another. The ticked ones
go into the next run's `RunRequest.models` (none ticked: the configured model). It lists
models, never columns, so blind mode has nothing to hide here. Every name is shown as text,
never as markup.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from workbench.core.columns import DEFAULT_ENDPOINT, ENDPOINT_SEPARATOR, ColumnKey, Lane
from workbench.core.errors import WorkbenchError
from workbench.tui.screens.dismiss import DismissOnce
from workbench.tui.text import literal, tune_cursors
from workbench.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from workbench.core.translate.models import Comparison
    from workbench.io.config import Settings
    from workbench.services.run import RunRequest
    from workbench.tui.screens.compare.screen import CompareScreen

TITLE = "Models to run · space ticks · ctrl+s keeps"
NONE_TICKED = "None ticked: the configured model"


@dataclasses.dataclass
class Choices:
    """What the picker offers: `models` (`--model` values, in order), the default endpoint's
    configured model, the named endpoints, and a problem reading the config (or None)."""

    models: list[str]
    configured: str | None
    endpoints: list[str]
    problem: str | None = None


def lane_value(lane: Lane) -> str | None:
    """The `--model` value that names a column's lane (None: the run's one model)."""
    endpoint, model = lane
    if model is None:
        return None
    if endpoint is not None:
        return f"{endpoint}{ENDPOINT_SEPARATOR}{model}"
    return (
        f"{DEFAULT_ENDPOINT}{ENDPOINT_SEPARATOR}{model}" if ENDPOINT_SEPARATOR in model else model
    )


def run_models(comparison: Comparison) -> tuple[str, ...]:
    """The `--model` values of a run's columns, in order (none: a run of one model)."""
    values = (lane_value((r.endpoint, r.column_model)) for r in comparison.renditions)
    return tuple(dict.fromkeys(v for v in values if v is not None))


def for_retry(request: RunRequest, key: str) -> RunRequest:
    """`request` with the model of column `key` among its models, so a column can be asked
    again after the picker changed the models of the next run."""
    value = lane_value(ColumnKey.parse(key).lane)
    models = request.model_values()
    if value is None or value in models:
        return request
    return dataclasses.replace(request, models=(*models, value), model=None)


def choices(settings: Settings | None, wanted: Iterable[str]) -> Choices:
    """The picker's list from the settings (None: read them now) and the models wanted so far."""
    problem = None
    if settings is None:
        from workbench.io.config import load_settings

        try:
            settings = load_settings()
        except WorkbenchError as exc:
            problem = exc.message
    configured = settings.llm.model if settings is not None else None
    endpoints = sorted(settings.endpoints) if settings is not None else []
    models = list(dict.fromkeys([*([configured] if configured else []), *wanted]))
    return Choices(models, configured, endpoints, problem)


def check_value(value: str, settings: Settings | None = None) -> str:
    """A typed `--model` value as a run reads it; raises WorkbenchError naming the problem
    (an endpoint that is not configured where the default endpoint takes no model names)."""
    from workbench.io.config import load_settings
    from workbench.llm.factory import default_takes_models, resolve_model

    settings = settings or load_settings()
    value = value.strip()
    resolve_model(
        value,
        settings.endpoints,
        lambda: default_takes_models(settings.llm, settings.local),
    )
    return value


class ModelPicker(DismissOnce, ModalScreen[tuple[str, ...] | None]):
    """Returns the ticked models, in the list's order (None: cancelled)."""

    DEFAULT_CSS = """
    ModelPicker #model-list {
        height: 1fr;
        min-height: 3;
    }
    ModelPicker #model-hint {
        height: auto;
        color: $text-muted;
    }
    ModelPicker #model-add {
        margin: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="models.cancel", tooltip="Close, change nothing"),
        Binding("ctrl+s", "keep", "Keep", id="models.keep", tooltip="Run the ticked models next"),
    ]

    def __init__(self, offered: Choices, chosen: Iterable[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.offered = offered
        self.chosen = set(chosen)
        if not self.chosen and offered.configured:  # none chosen: the configured one runs
            self.chosen = {offered.configured}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-tall", id="model-picker"):
            yield Label(TITLE, classes="dialog-title")
            yield Static(literal(self._hint()), id="model-hint")
            yield SelectionList[str](
                *(self._selection(m, m in self.chosen) for m in self.offered.models),
                id="model-list",
            )
            yield Input(
                placeholder="add MODEL or NAME:MODEL, then enter",
                id="model-add",
                compact=True,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def _hint(self) -> str:
        default = self.offered.configured or "not set"
        named = ", ".join(self.offered.endpoints) or "none ([endpoints.NAME] in the config)"
        hint = f"Default endpoint's model: {default}. Endpoints: {named}. {NONE_TICKED}."
        if self.offered.problem:
            hint += f" The config could not be read: {self.offered.problem}"
        return hint

    def _selection(self, value: str, ticked: bool) -> Selection[str]:
        label = f"{value} (configured)" if value == self.offered.configured else value
        return Selection(literal(label), value, ticked)

    def on_mount(self) -> None:
        if self._dismissed:
            return
        tune_cursors(self)
        if self.offered.models:
            self.choice.focus()
        else:
            self.query_one("#model-add", Input).focus()

    @property
    def choice(self) -> SelectionList[str]:
        return self.query_one("#model-list", SelectionList)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            return
        try:
            value = check_value(value)
        except WorkbenchError as exc:
            self.notify(exc.message, severity="warning", markup=False)
            return
        choice = self.choice
        if value not in self.offered.models:
            self.offered.models.append(value)
            choice.add_option(self._selection(value, True))
        choice.select(value)
        event.input.value = ""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_keep()
        else:
            self.dismiss(None)

    def action_keep(self) -> None:
        ticked = set(self.choice.selected)
        self.dismiss(tuple(m for m in self.offered.models if m in ticked))

    def action_cancel(self) -> None:
        self.dismiss(None)


def pick(screen: CompareScreen) -> None:
    """Open the picker; what it keeps is the next run's models (shown beside the styles)."""
    pane = screen.setup_pane
    offered = choices(None, [*pane.offered_models, *pane.models])

    def chosen(models: tuple[str, ...] | None) -> None:
        if models is not None and not screen.gone():
            pane.offered_models = list(dict.fromkeys([*pane.offered_models, *offered.models]))
            pane.set_models(models)
            screen.refresh_info()

    screen.app.push_screen(ModelPicker(offered, pane.models), chosen)
