"""The guided review's panes: the start pane (title, technology) and one per question, and
the line of choices made so far."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from workbench.core.review.checklist import Question
from workbench.core.review.record import NAME_MAX, TITLE_MAX
from workbench.export.sanitize import strip_controls
from workbench.services.review.drafts import Draft
from workbench.tui.screens.review_outline import START
from workbench.tui.text import literal
from workbench.tui.widgets.review_parts import OptionsEditor, ReferencesEditor, ReviewEditor


def pane_id(question_id: str) -> str:
    return f"q-{question_id}"


def pane(key: str) -> str:
    """The pane of `key` (a question id, or START)."""
    return "pane-start" if key == START else pane_id(key)


def start_pane(draft: Draft, *, title_given: bool) -> ComposeResult:
    """The first pane: the checklist's title and guidance, the record's title and technology."""
    record = draft.record
    with VerticalScroll(id="pane-start", classes="review-pane"):
        yield Static(literal(draft.checklist.title), classes="q-title")
        if draft.checklist.epigraph:
            yield Static(literal(draft.checklist.epigraph), classes="q-guidance")
        if draft.checklist.description:
            yield Static(literal(draft.checklist.description), classes="q-guidance")
        if record.links.supersedes and record.status in ("draft", "proposed"):
            olds = ", ".join(record.links.supersedes)
            yield Static(
                literal(f"Replaces {olds}: marked superseded once this record is accepted."),
                id="start-replaces",
                classes="q-guidance",
            )
        yield Label("What is being decided (the record's title)")
        yield Input(
            record.title if title_given else "",
            id="review-title",
            placeholder="e.g. Adopt Kafka for events",
            max_length=TITLE_MAX,
        )
        yield Label("The technology (its name on the radar)")
        yield Input(
            record.technology.name if title_given else "",
            id="review-technology",
            placeholder="e.g. Kafka (the title, until you name it)",
            max_length=NAME_MAX,
        )


def question_pane(draft: Draft, question: Question) -> ComposeResult:
    """A question's pane: its text, guidance and parts, and the editor its kind wants."""
    record = draft.record
    with VerticalScroll(id=pane_id(question.id), classes="review-pane"):
        label = f"{question.number}. " if question.number else ""
        yield Static(literal(label + question.text), classes="q-title")
        if question.guidance:
            yield Static(literal(question.guidance, "italic"), classes="q-guidance")
        if question.parts:
            lines = "\n".join(
                f"  {p.number + '. ' if p.number else ''}{p.text}" for p in question.parts
            )
            yield Static(literal("Its parts, asked next:\n" + lines), classes="q-parts")
        if question.kind == "choice":
            chosen = record.answers.get(question.id, "")
            choices = OptionList(
                *[
                    Option(
                        Content.assemble(
                            (f"{c.id} {c.label}", "bold"), "\n", literal(c.description)
                        ),
                        id=c.id,
                    )
                    for c in question.choices
                ],
                id=f"choice-{question.id}",
                classes="q-choice",
                name=question.id,
            )
            ids = [c.id for c in question.choices]
            if chosen in ids:
                choices.highlighted = ids.index(chosen)
            yield choices
            return
        if question.kind == "group":
            return
        if question.kind == "review":
            yield Label("The review (who, which disciplines, where it is documented)")
            yield ReviewEditor(record.review, id=f"review-{question.id}")
            yield Label("Notes (optional)")
        if question.kind == "references":
            yield Label("The people asked, what they said, and what they don't like")
            yield ReferencesEditor(record.references, id=f"refs-{question.id}")
            yield Label("Notes (optional)")
        yield TextArea(
            strip_controls(record.answers.get(question.id, "")),
            id=f"answer-{question.id}",
            classes="q-answer",
            soft_wrap=True,
            name=question.id,
        )
        if question.id == "current-stack":
            yield Label("Other options considered (the current stack is always one)")
            yield OptionsEditor(record.options, id="review-options")


def level(draft: Draft) -> Content:
    """The choice questions answered so far (the maturity level, for performance-maturity)."""
    parts: list[Content] = []
    for question in draft.checklist.of_kind("choice"):
        chosen = next((c for c in question.choices if c.id == draft.text(question.id)), None)
        name = "Level" if question.id == "level" else f"Question {question.number}"
        if chosen is None:
            parts.append(Content.assemble((f"{name}: ", "bold"), "not chosen yet"))
        else:
            parts.append(
                Content.assemble(
                    (f"{name}: ", "bold"),
                    (f"{chosen.id} {chosen.label}", "bold $accent"),
                )
            )
    if parts and len(draft.checklist.answerable()) > 1:
        answered, total = draft.progress()
        parts.append(Content(f" · {answered} of {total} answers given"))
    return Content("  ").join(parts) if parts else Content("")
