"""Small modal dialogs: one line of input, a block of text, and help."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from workbench.export.sanitize import strip_controls
from workbench.tui.screens.dismiss import DismissOnce
from workbench.tui.text import literal, tune_cursors


class InputDialog(DismissOnce, ModalScreen[str | None]):
    """Ask for one line (a path, a name); Enter accepts, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without a value"),
    ]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="dialog-input")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if self._dismissed:  # closed by a quick key before it was mounted
            return
        tune_cursors(self)
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.dismiss(self.query_one("#dialog-input", Input).value)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(DismissOnce, ModalScreen[str | None]):
    """Edit a block of text (a note, a reference translation); ctrl+s accepts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "accept", "Save", id="dialog.save", tooltip="Keep this text"),
    ]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-tall"):
            yield Label(literal(self.title_text), classes="dialog-title")
            yield TextArea(strip_controls(self.text), id="dialog-text", soft_wrap=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if self._dismissed:  # closed by a quick key before it was mounted
            return
        tune_cursors(self)
        self.query_one(TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_accept()
        else:
            self.dismiss(None)

    def action_accept(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


HELP = """\
workbench: compare LLM translations side by side.

Anywhere
  F1 or ?       this help                ctrl+p   command palette
  F3            change theme             ctrl+q   quit

Comparison screen
  ctrl+r        run the renditions       escape   stop the run
  ctrl+o        open a passage file      F2       show or hide the setup pane
  ctrl+l        add a reference translation (paste it, or give a file path)
  d or F4       diff marks on or off     ctrl+b   blind mode (names hidden, order shuffled)
  ctrl+s        export the run (.md, .html, .json or .txt, by the file name)
  F6            history                  u or F7  show hidden columns again
  tab           move between the columns

On a column (focus it with tab or a click)
  b  make it the diff baseline    f  favourite        n  note
  r  retry (a failed column)      c  copy its text    w  widen    h  hide

Runs are kept in history with your favourite and notes; reopen them from the home screen.

workbench: review new technology into decision records.

Guided review (every answer is saved as you type)
  ctrl+n        next question            ctrl+b   previous question
  ctrl+o        jump to any question     ctrl+s   save now
  F5            propose (lists what is still missing)
  escape        save and leave (reopen it later with: workbench review edit ID)

Records browser
  / or ctrl+f   search as you type       enter    read the record
  ctrl+n        start a new review       ctrl+e   reopen the record's review
  ctrl+x        export all records       F5       read the folder again

Reading a record
  t  change its status (each gate shown)
  a  accept (asks for question 8's review, then the decision, if missing)
  s  supersede it (by a new review or another record)
  e  edit its review                      x  export it
"""


class HelpScreen(DismissOnce, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", id="help.close", tooltip="Close the help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-tall", id="help"):
            yield Static(Content(HELP))

    def action_close(self) -> None:
        self.dismiss(None)
