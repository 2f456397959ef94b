"""The column chooser (`v`, or "Choose columns…" in the palette): every column of the run by
its title (blind labels while the run is blind), ticked when it is shown; the unticked ones
stay hidden for the screen's session. At least one stays ticked."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList
from textual.widgets.selection_list import Selection

from workbench.tui.screens.dismiss import DismissOnce
from workbench.tui.text import literal, tune_cursors
from workbench.tui.widgets.footer import KeyFooter

TITLE = "Columns to show · space ticks · ctrl+s keeps"
KEEP_ONE = "Tick at least one column."


class ColumnChooser(DismissOnce, ModalScreen[set[str] | None]):
    """Returns the keys to hide (None: cancelled)."""

    DEFAULT_CSS = """
    ColumnChooser #chooser-list {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="chooser.cancel", tooltip="Close, change nothing"),
        Binding("ctrl+s", "keep", "Keep", id="chooser.keep", tooltip="Show the ticked columns"),
        Binding("ctrl+a", "all", "All", id="chooser.all", tooltip="Tick every column"),
    ]

    def __init__(self, columns: list[tuple[str, str]], hidden: set[str]) -> None:
        """`columns`: (key, title as shown) in the grid's order."""
        super().__init__(classes="dialog-screen")
        self.columns = columns
        self.hidden = set(hidden)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-tall", id="chooser"):
            yield Label(TITLE, classes="dialog-title")
            yield SelectionList[str](
                *(
                    Selection(literal(title), key, key not in self.hidden)
                    for key, title in self.columns
                ),
                id="chooser-list",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Show all", id="all")
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self._dismissed:
            return
        tune_cursors(self)
        self.query_one(SelectionList).focus()

    @property
    def choice(self) -> SelectionList[str]:
        return self.query_one("#chooser-list", SelectionList)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_keep()
        elif event.button.id == "all":
            self.action_all()
        else:
            self.dismiss(None)

    def action_all(self) -> None:
        self.choice.select_all()

    def action_keep(self) -> None:
        ticked = set(self.choice.selected)
        if not ticked:
            self.notify(KEEP_ONE, severity="warning")
            return
        self.dismiss({key for key, _ in self.columns if key not in ticked})

    def action_cancel(self) -> None:
        self.dismiss(None)
