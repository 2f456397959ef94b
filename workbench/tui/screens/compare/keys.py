"""The comparison screen's keys (its footer, the help and the command palette show them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from workbench.tui.screens.compare.screen import CompareScreen

ESSENTIAL_KEYS: tuple[str, ...] = (
    "compare.run",
    "compare.stop",
    "compare.diff",
    "compare.aligned",
    "compare.export",
    "compare.page_next",
    "app.help",
    "app.quit",
)
"""Shown in the footer however narrow the terminal (`widgets.footer`); the page keys only
while the columns take pages, the stop key while a run is going (`works`). The aligned view's
is among them, so it can be found whatever has the focus (a column's keys crowded it out),
and its key leads back to the columns (escape stops a run)."""

BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+r",
        "run",
        "Run",
        id="compare.run",
        tooltip="Render the passage in every chosen style",
    ),
    Binding("escape", "stop", "Stop", id="compare.stop", tooltip="Cancel the running renditions"),
    Binding(
        "f2",
        "toggle_setup",
        "Setup",
        id="compare.setup",
        tooltip="Show or hide the passage, languages and styles",
    ),
    Binding(
        "ctrl+o",
        "open_passage",
        "Open",
        id="compare.open",
        tooltip="Open a passage from a file",
    ),
    Binding(
        "ctrl+l",
        "reference",
        "Reference",
        id="compare.reference",
        tooltip="Add a reference translation (paste or open a file)",
    ),
    Binding(
        "d,f4",
        "toggle_diff",
        "Diff",
        id="compare.diff",
        tooltip="Word diff marks against the baseline column on or off",
    ),
    Binding(
        "a,f5",
        "toggle_aligned",
        "Aligned",
        id="compare.aligned",
        tooltip="Read the run sentence by sentence: source sentences beside each column's",
    ),
    Binding(
        "ctrl+b",
        "toggle_blind",
        "Blind",
        id="compare.blind",
        tooltip="Hide style names and shuffle the columns until a favourite is picked",
    ),
    Binding(
        "ctrl+s",
        "export",
        "Export",
        id="compare.export",
        tooltip="Export the run to Markdown, HTML, JSON or text",
    ),
    Binding(
        "k",
        "critique",
        "Critique",
        id="compare.critique",
        tooltip="A blind critique by a judge model: N + 2 requests (press k again to start)",
    ),
    Binding("f6", "history", "History", id="compare.history", tooltip="Reopen a past run"),
    Binding(
        "u,f7",
        "unhide",
        "Unhide",
        id="compare.unhide",
        tooltip="Show hidden columns again",
        show=False,
    ),
    Binding(
        "v,f8",
        "choose_columns",
        "Columns",
        id="compare.columns",
        tooltip="Choose which columns to show (the others stay hidden)",
    ),
    Binding(
        "m,f9",
        "pick_models",
        "Models",
        id="compare.models",
        tooltip="Choose the models of the next run (several: side by side)",
    ),
    Binding(
        "right_square_bracket",
        "page(1)",
        "Page",  # short: an essential key, in the footer at 80 columns beside the others
        id="compare.page_next",
        tooltip="Show the next page of columns (when they do not all fit)",
    ),
    Binding(
        "left_square_bracket",
        "page(-1)",
        "Prev page",
        id="compare.page_previous",
        tooltip="Show the previous page of columns",
    ),
]


def works(screen: CompareScreen, action: str) -> bool:
    """Whether a key works and shows in the footer (`CompareScreen.check_action`): the page
    keys while the columns take pages; the stop key while a run is going (idle, it stopped
    nothing and took the footer's room from the aligned view's key, and at 80 columns from
    Open and Setup)."""
    if action == "page":
        return screen.grid.paged
    if action == "stop":
        return screen.running
    return True


def follow_run(screen: CompareScreen) -> None:
    """The footer shows the stop key, or no longer, once a run starts or ends."""
    if screen.stop_shown != screen.running:
        screen.stop_shown = screen.running
        screen.refresh_bindings()
