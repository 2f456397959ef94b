"""Small modal dialogs: one line of input, a block of text, and help."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, TextArea

from workbench.export.sanitize import strip_controls
from workbench.tui.help import help_text
from workbench.tui.screens.dismiss import DismissOnce
from workbench.tui.text import literal, tune_cursors
from workbench.tui.widgets.footer import KeyFooter


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
        yield KeyFooter()

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
        yield KeyFooter()

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


class HelpText(Widget):
    """The help, laid out for its own width (`workbench.tui.help`)."""

    DEFAULT_CSS = """
    HelpText {
        height: auto;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="help-text")
        self.text = ""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(help_text(width).splitlines())

    def render(self) -> Content:
        self.text = help_text(self.content_region.width or 80)
        return Content(self.text)


class HelpScreen(DismissOnce, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", id="help.close", tooltip="Close the help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-tall", id="help"):
            yield HelpText()
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
