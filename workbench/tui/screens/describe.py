"""Describe a translator: the model writes a style brief, the user edits it and saves a style."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static, TextArea

from workbench.core.errors import WorkbenchError
from workbench.core.translate.models import StyleProfile
from workbench.tui.text import literal, tune_cursors
from workbench.tui.widgets.footer import KeyFooter


class DescribeScreen(Screen[None]):
    ESSENTIAL_KEYS = ("describe.back", "app.help", "app.quit")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+r",
            "describe",
            "Describe",
            id="describe.run",
            tooltip="Ask the model for a style brief",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save style",
            id="describe.save",
            tooltip="Save the brief as a style in your config folder",
        ),
        Binding("escape", "back", "Back", id="describe.back", tooltip="Back without saving"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.profile: StyleProfile | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="describe"):
            yield Label("Describe a translator", classes="dialog-title")
            with Horizontal(classes="describe-row"):
                yield Input(placeholder="translator, e.g. Hilda Rosner", id="translator")
                yield Input("de", placeholder="from", id="describe-from")
                yield Input("en", placeholder="to", id="describe-to")
                yield Input(placeholder="style id (from the name)", id="style-id")
            with Horizontal(classes="describe-row"):
                yield Button("Describe (ctrl+r)", variant="primary", id="describe-button")
                yield Button("Save style (ctrl+s)", id="save-button")
            yield Static(id="describe-status")
            yield TextArea(id="brief", soft_wrap=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        tune_cursors(self)
        self.query_one("#brief", TextArea).border_title = "Brief (edit freely before saving)"
        self.query_one("#translator", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.run_worker(
            self.run_action("describe" if event.button.id == "describe-button" else "save")
        )

    def _status(self, text: str) -> None:
        self.query_one("#describe-status", Static).update(literal(text))

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def action_describe(self) -> None:
        name = self._value("translator")
        if not name:
            self.notify("Type a translator's name first.", severity="warning")
            return
        from workbench.services.describe import slugify

        style_id = self._value("style-id") or slugify(name)
        self.query_one("#style-id", Input).value = style_id
        self._status("asking the model…")
        self._describe(
            name, self._value("describe-from") or "de", self._value("describe-to") or "en", style_id
        )

    @work(exclusive=True, group="describe")
    async def _describe(self, name: str, source: str, target: str, style_id: str) -> None:
        from workbench.io.config import load_settings
        from workbench.llm.errors import LLMError
        from workbench.llm.factory import make_provider
        from workbench.services.describe import describe_translator

        try:
            provider = make_provider(load_settings().llm)
        except WorkbenchError as exc:
            self._status(exc.message)
            self.notify(exc.message, severity="error", markup=False)
            return
        try:
            profile = await describe_translator(provider, name, source, target, style_id)
        except LLMError as exc:
            self._status(f"failed ({exc.kind}): {exc.message}")
            return
        except ValueError as exc:
            self._status(f"the answer is not a usable style: {exc}")
            return
        finally:
            await provider.aclose()
        self.profile = profile
        self.query_one("#brief", TextArea).text = profile.brief
        self._status(f"{profile.name}: {profile.summary}")

    def action_save(self) -> None:
        from pydantic import ValidationError

        from workbench.io.translate.styles import save_user_style

        brief = self.query_one("#brief", TextArea).text.strip()
        name = self._value("translator")
        style_id = self._value("style-id")
        if not brief or not style_id:
            self.notify(
                "Describe a translator (or write a brief) and give a style id first.",
                severity="warning",
            )
            return
        base = self.profile
        try:
            profile = StyleProfile(
                id=style_id,
                name=(base.name if base else "") or name or style_id,
                summary=base.summary if base else "",
                brief=brief,
                temperature=base.temperature if base else 0.7,
                footnotes=base.footnotes if base else False,
            )
            path = save_user_style(profile)
        except ValidationError as exc:
            self.notify(f"style id: {exc.errors()[0]['msg']}", severity="error", markup=False)
            return
        except (WorkbenchError, OSError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._status(f"saved as style {style_id} ({path})")
        self.notify(f"Saved style {style_id}.", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
