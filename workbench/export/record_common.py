"""What every decision-record export shares: names, numbers, question texts, clean text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from workbench.core.review.checklist import Checklist, Question
from workbench.core.review.record import DecisionRecord, slugify
from workbench.core.text_safety import one_line as one_line  # the rules live there


@dataclass
class ExportContext:
    """Everything an export needs beyond the records themselves."""

    numbers: dict[str, int]
    """ADR numbers over the whole folder, so a partial export numbers records the same way."""
    titles: dict[str, str]
    checklists: dict[str, Checklist] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    link_base: str = ""
    """The absolute URL the HTML pages are published under (radar links); "" for none."""
    previous_rings: dict[str, str] | None = None
    """The radar's rings at the previous export into the same folder (name key -> ring), for
    the radar's `status` column; None when there was none."""

    def adr(self, record_id: str) -> str:
        number = self.numbers.get(record_id)
        return f"ADR-{number:04d}" if number is not None else record_id

    def markdown_name(self, record_id: str) -> str:
        number = self.numbers.get(record_id, 0)
        slug = slugify(self.titles.get(record_id, ""), max_len=60) or "record"
        return f"{number:04d}-{slug}.md"


def page_url(ctx: ExportContext, record_id: str) -> str:
    """The absolute URL of a record's HTML page under `ctx.link_base`; "" without a base."""
    if not ctx.link_base:
        return ""
    return f"{ctx.link_base.rstrip('/')}/{record_id}.html"


def answered_questions(
    record: DecisionRecord, checklist: Checklist | None
) -> Iterator[tuple[str, str, str | None, str]]:
    """(number, question text, guidance, answer) for every question, and then any answer the
    checklist does not know, so no answer is ever dropped from an export."""
    seen: set[str] = set()
    if checklist is not None:
        for question, _depth in checklist.walk():
            seen.add(question.id)
            yield _row(question, record)
    for key, answer in record.answers.items():
        if key not in seen:
            yield "", key, None, answer


def _row(question: Question, record: DecisionRecord) -> tuple[str, str, str | None, str]:
    answer = record.answers.get(question.id, "")
    if question.kind == "references" and record.references:
        answer = (answer + "\n\n" if answer else "") + "See “Trusted references” below."
    if question.kind == "review" and record.review is not None:
        answer = (answer + "\n\n" if answer else "") + "See “Mixed-discipline review” below."
    if question.kind == "choice" and answer:
        chosen = next((c for c in question.choices if c.id == answer), None)
        if chosen is not None:
            answer = f"{chosen.id}: {chosen.label}" + (
                f". {chosen.description}" if chosen.description else ""
            )
    return question.number, question.text, question.guidance, answer


def chosen_option(record: DecisionRecord) -> str | None:
    current = next((o.name for o in record.options if o.current_stack), None)
    others = [o.name for o in record.options if not o.current_stack]
    if record.status in ("accepted", "deprecated", "superseded"):
        return others[0] if others else current
    if record.status == "rejected":
        return current
    return None


def no_dislikes(record: DecisionRecord) -> bool:
    return bool(record.references) and not any(r.dislikes for r in record.references)


NO_DISLIKES_NOTE = (
    "No reference named anything they dislike: “if they don’t hate it, they haven’t used it "
    "in depth yet”."
)


def said_before_dislikes(said: str, dislikes: str | None) -> str:
    """What a trusted reference said, ended as a sentence when their dislikes follow it
    ("it works" then "Dislikes: ..." read as one run-on line)."""
    said = said.rstrip()
    if dislikes and said and said[-1] not in ".!?…:;":
        return said + "."
    return said
