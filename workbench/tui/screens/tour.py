"""The first-run tour: one screen on the first start (then never again; `workbench.io.tour`).

What the two jobs are, the three keys that matter, and how to point the workbench at a real
model. It fits an 80x24 terminal.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui.screens.dismiss import DismissOnce
from workbench.tui.widgets.footer import KeyFooter

TOUR = """\
Two jobs:
  Translation comparison  a passage in several translator styles, side
                          by side: diffs, metrics, a favourite; history
  Tech-adoption reviews   a guided checklist into decision records

Three keys:
  F1 or ?   help: the keys of the screen you are on
  ctrl+p    commands: every action, by name
  ctrl+q    quit (runs and review drafts are saved as you go)

A real model: with no endpoint set, a small local model runs (modest
quality). For an OpenAI-compatible one, before starting workbench:
  export OPENAI_API_KEY=...              (OpenAI)
  export OPENAI_BASE_URL=http://host/v1  (Ollama, vLLM, LM Studio...)
  workbench compare FILE --model NAME    (or WORKBENCH_MODEL=NAME)
  workbench doctor       which model would be used, and why"""


class TourScreen(DismissOnce, ModalScreen[None]):
    """Enter, escape or a click closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="tour.close", tooltip="Start"),
    ]

    DEFAULT_CSS = """
    TourScreen { align: center middle; }
    #tour {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #tour-title { text-style: bold; padding-bottom: 1; }
    #tour-start { text-align: right; color: $text-muted; padding-top: 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="tour"):
            yield Static(Content("Welcome to workbench"), id="tour-title")
            yield Static(Content(TOUR), id="tour-text")
            yield Static(Content("Shown once. Enter or escape: start."), id="tour-start")
        yield KeyFooter()

    def on_click(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
