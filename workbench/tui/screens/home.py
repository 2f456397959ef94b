"""The home screen: the two jobs (translation comparison, tech-adoption reviews) and history."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from workbench.tui.widgets.footer import KeyFooter

ENTRIES = [
    ("compare", "Translation comparison", "a passage in several translator styles, side by side"),
    ("reviews", "Tech-adoption reviews", "a guided checklist into decision records"),
    ("history", "History", "reopen a past translation run"),
    ("describe", "Describe a translator", "let the model write a style brief, edit it, save it"),
]


class HomeScreen(Screen[None]):
    ESSENTIAL_KEYS = ("app.help", "app.quit")

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(
                Content("Compare LLM translations side by side; review new technology."),
                id="home-intro",
            )
            yield OptionList(
                *[
                    Option(Content.assemble((title, "bold"), "\n  ", (text, "$text-muted")), id=key)
                    for key, title, text in ENTRIES
                ],
                id="home-menu",
            )
            yield Static(Content("F1 help · ctrl+p commands · ctrl+q quit"), id="home-keys")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.run_worker(self.app.run_action(f"open_{event.option.id}"))
