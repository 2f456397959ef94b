"""The comparison screen's keys (its footer, the help and the command palette show them)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

ESSENTIAL_KEYS: tuple[str, ...] = (
    "compare.run",
    "compare.stop",
    "compare.diff",
    "compare.export",
    "compare.page_next",
    "app.help",
    "app.quit",
)
"""Shown in the footer however narrow the terminal (`widgets.footer`); the page keys only
while the columns take pages (`CompareScreen.check_action`)."""

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
        "a",
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
        "Next page",
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
