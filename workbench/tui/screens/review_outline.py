"""The guided review's outline, and its layout on short terminals.

One line per question, however narrow the outline: marked answered (✓), skipped (–) or not yet
seen, indented by depth, cut with … to the outline's width, and flagged when required (* to
propose, ** to accept). Terminals fewer than `SHORT` rows high get one-line buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from workbench.core.review.checklist import Question
from workbench.tui.text import literal

if TYPE_CHECKING:
    from workbench.tui.screens.review_flow import ReviewFlowScreen

START = "start"
"""The outline's first entry: the title and technology."""
OUTLINE_TEXT = 34
"""Columns an entry has before the first layout."""
SHORT = 30
"""Terminals fewer rows high than this get the compact layout (one-line buttons)."""
ESSENTIAL_KEYS = (
    "review.next",
    "review.back",
    "review.propose",
    "review.save",
    "app.help",
    "app.quit",
)
"""Shown in the footer however narrow the terminal (`widgets.footer`)."""


def fill(screen: ReviewFlowScreen) -> None:
    """The outline's entries as the draft now stands, the current question highlighted."""
    outline = screen.query_one("#review-outline", OptionList)
    if outline.option_count != len(screen.order):
        outline.clear_options()
        outline.add_options([Option(entry(screen, key), id=key) for key in screen.order])
    else:
        for index, key in enumerate(screen.order):
            outline.replace_option_prompt_at_index(index, entry(screen, key))
    outline.highlighted = screen.order.index(screen.current)


def marker(screen: ReviewFlowScreen, question: Question) -> str:
    if screen.draft.answered(question):
        return "✓"
    if question.id in screen.visited and question.id != screen.current:
        return "–"
    return " "


def entry(screen: ReviewFlowScreen, key: str) -> Content:
    """The outline's line for `key` (START or a question id), cut to one line."""
    if key == START:
        return Content.assemble("  ", ("Title and technology", "italic"))
    question = screen.draft.checklist.question(key)
    assert question is not None
    indent = "  " * screen.draft.depth(question)
    required = {"proposed": " *", "accepted": " **"}.get(question.required or "", "")
    number = f"{question.number}. " if question.number else ""
    text = number + " ".join(question.text.split())
    room = width(screen) - 2 - len(indent) - len(required)
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return Content.assemble(
        f"{marker(screen, question)} {indent}",
        literal(text),
        (required, "bold $warning"),
    )


def width(screen: ReviewFlowScreen) -> int:
    """Columns an outline entry has, so that each takes one line."""
    outline = screen.query_one("#review-outline", OptionList)
    columns = outline.scrollable_content_region.width
    return columns if columns > 0 else OUTLINE_TEXT


def fit_height(screen: ReviewFlowScreen) -> None:
    """The compact layout on short terminals: one-line buttons (the footer has their keys)."""
    short = screen.size.height < SHORT
    screen.set_class(short, "-short")
    for button in screen.query("#review-buttons Button").results(Button):
        button.compact = short
