"""The guided review's form following the record file: after a save merged in a change made
elsewhere (the CLI, another TUI, git), the fields it brought are shown in the form, so that
what the user sees is what the next save is based on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input, OptionList, TextArea

from workbench.export.sanitize import strip_controls
from workbench.tui.widgets.review_parts import OptionsEditor, ReferencesEditor, ReviewEditor

if TYPE_CHECKING:
    from workbench.tui.screens.review_flow import ReviewFlowScreen

PARTS = ("references", "review", "options")


def show_theirs(screen: ReviewFlowScreen, fields: list[str]) -> None:
    """Show these fields (dotted paths, "" for all) as the draft's record now holds them."""
    record = screen.draft.record
    for path in fields:
        head, _, rest = path.partition(".")
        if head in ("", "answers"):
            for question in screen.draft.questions():
                if not rest or question.id == rest:
                    show_answer(screen, question.id)
        if head in ("", "title") and screen.title_given:
            set_input(screen, "#review-title", record.title)
        if head in ("", "technology"):
            set_input(screen, "#review-technology", record.technology.name)
        if head in ("", *PARTS):
            screen.call_later(renew_editors, screen, head)


def show_answer(screen: ReviewFlowScreen, question_id: str) -> None:
    text = screen.draft.text(question_id)
    for area in screen.query(f"#answer-{question_id}").results(TextArea):
        if area.text != strip_controls(text):
            with area.prevent(TextArea.Changed):
                area.load_text(strip_controls(text))
    for choices in screen.query(f"#choice-{question_id}").results(OptionList):
        ids = [option.id for option in choices.options]
        with choices.prevent(OptionList.OptionHighlighted):
            choices.highlighted = ids.index(text) if text in ids else None


def set_input(screen: ReviewFlowScreen, selector: str, value: str) -> None:
    for field in screen.query(selector).results(Input):
        if field.value != value:
            with field.prevent(Input.Changed):
                field.value = value


async def renew_editors(screen: ReviewFlowScreen, which: str) -> None:
    """Rebuild the parts editors of `which` (one of PARTS, "" for all) from the record."""
    record = screen.draft.record
    for old in list(screen.query("ReferencesEditor, ReviewEditor, OptionsEditor")):
        new: ReferencesEditor | ReviewEditor | OptionsEditor
        if isinstance(old, ReferencesEditor) and which in ("", "references"):
            new = ReferencesEditor(record.references, id=old.id)
        elif isinstance(old, ReviewEditor) and which in ("", "review"):
            new = ReviewEditor(record.review, id=old.id)
        elif isinstance(old, OptionsEditor) and which in ("", "options"):
            new = OptionsEditor(record.options, id=old.id)
        else:
            continue
        parent = old.parent
        if parent is None:
            continue
        index = list(parent.children).index(old)
        await old.remove()
        if index < len(parent.children):
            await parent.mount(new, before=index)  # type: ignore[attr-defined]
        else:
            await parent.mount(new)  # type: ignore[attr-defined]
