"""Decision records: the schema, ids, and the lifecycle rules (pure, no I/O).

Field order is the key order on disk, so keep it stable: diffs in review stay small.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workbench.core.review.checklist import ID_PATTERN, Checklist, Gate, Question

SCHEMA_VERSION: Literal[1] = 1

Status = Literal["draft", "proposed", "accepted", "rejected", "deprecated", "superseded"]
STATUSES: tuple[Status, ...] = (
    "draft",
    "proposed",
    "accepted",
    "rejected",
    "deprecated",
    "superseded",
)

Ring = Literal["adopt", "trial", "assess", "hold"]
RINGS: tuple[Ring, ...] = ("adopt", "trial", "assess", "hold")
Quadrant = Literal["techniques", "tools", "platforms", "languages-and-frameworks"]
QUADRANTS: tuple[Quadrant, ...] = ("techniques", "platforms", "tools", "languages-and-frameworks")
QUADRANT_NAMES: dict[str, str] = {
    "techniques": "Techniques",
    "tools": "Tools",
    "platforms": "Platforms",
    "languages-and-frameworks": "Languages & Frameworks",
}

RECORD_ID_PATTERN = r"^\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]{0,60}-[a-z0-9]{5}$"
_QUESTION_ID = re.compile(ID_PATTERN)
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

# status -> the statuses a plain `set-status` may move it to
TRANSITIONS: dict[Status, tuple[Status, ...]] = {
    "draft": ("proposed", "rejected"),
    "proposed": ("accepted", "rejected", "draft"),
    "accepted": ("deprecated",),
    "rejected": ("draft", "proposed"),
    "deprecated": ("accepted",),
    "superseded": (),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


TITLE_MAX = 300
"""The longest title a record holds (characters)."""
NAME_MAX = 200
"""The longest technology name a record holds: the title's, until the technology is named."""


class Technology(_Model):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    quadrant: Quadrant = "tools"
    ring: Ring | None = None
    """An explicit radar ring; when unset the ring follows the record's status."""


class ChecklistRef(_Model):
    id: str = Field(pattern=ID_PATTERN)
    version: int = Field(ge=1)


class Reference(_Model):
    """Someone we trust who uses the technology (question 6)."""

    name: str = Field(min_length=1)
    said: str = ""
    dislikes: str = ""


class Review(_Model):
    """The mixed-discipline review of senior folks (question 8)."""

    who: list[str] = Field(default_factory=list)
    disciplines: list[str] = Field(default_factory=list)
    where: str = ""
    date: dt.date | None = None

    def missing(self) -> list[str]:
        out = []
        if not self.who:
            out.append("who took part (who)")
        if len({d.casefold() for d in self.disciplines if d}) < 2:
            out.append("at least two disciplines (disciplines)")
        if not self.where:
            out.append("where it is documented (where)")
        return out


class Option(_Model):
    name: str = Field(min_length=1)
    current_stack: bool = False
    description: str = ""
    pros: list[str] = Field(default_factory=list)
    cons: list[str] = Field(default_factory=list)


class Links(_Model):
    supersedes: list[str] = Field(default_factory=list)
    superseded_by: list[str] = Field(default_factory=list)


class StatusChange(_Model):
    status: Status
    date: dt.date
    note: str = ""
    ring: Ring | None = None
    """The radar ring from this change on (None: off the radar, or a change recorded before
    rings were: the ring then follows the status)."""


MAX_NUMBER = 999_999
"""The largest ADR number a record holds (`NNNN` grows to six digits)."""


class DecisionRecord(_Model):
    """One decision record: a technology reviewed against a checklist, and what was decided."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = Field(pattern=RECORD_ID_PATTERN)
    number: int | None = Field(default=None, ge=1, le=MAX_NUMBER)
    """The ADR number, given when the record is created and kept (see review/numbering.py)."""
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    status: Status = "draft"
    date: dt.date
    """When the record was opened."""
    decided: dt.date | None = None
    revisit_by: dt.date | None = None
    decision_makers: list[str] = Field(default_factory=list)
    consulted: list[str] = Field(default_factory=list)
    informed: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    technology: Technology
    solves: list[str] = Field(default_factory=list)
    """Problem keys; two accepted records solving one problem need a supersede link."""
    checklist: ChecklistRef
    answers: dict[str, str] = Field(default_factory=dict)
    references: list[Reference] = Field(default_factory=list)
    review: Review | None = None
    options: list[Option] = Field(min_length=1)
    """The options considered; the current stack is always one of them (question 2)."""
    decision: str = ""
    consequences: list[str] = Field(default_factory=list)
    confirmation: str = ""
    links: Links = Field(default_factory=Links)
    history: list[StatusChange] = Field(default_factory=list)

    @field_validator("answers")
    @classmethod
    def _answer_ids(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if not _QUESTION_ID.match(key):
                raise ValueError(f"answer key {key!r} is not a question id")
        return value

    @field_validator("options")
    @classmethod
    def _current_stack_considered(cls, value: list[Option]) -> list[Option]:
        if not any(option.current_stack for option in value):
            raise ValueError("the current stack must be one of the options (current_stack: true)")
        return value

    @field_validator("tags", "solves")
    @classmethod
    def _keys(cls, value: list[str]) -> list[str]:
        if all(_KEY.match(item) for item in value):
            return value
        out = []
        for item in value:
            key = slugify(item, max_len=60)
            if not key:
                raise ValueError(f"{item!r} has no letters or digits")
            out.append(key)
        return out


# ---- ids -----------------------------------------------------------------------------------


def slugify(text: str, *, max_len: int = 48) -> str:
    """Lower-case ASCII words joined by `-`; text in other scripts is transliterated
    ("采用 Kafka" -> "cai-yong-kafka"), so titles keep their words in ids and file names."""
    from slugify import slugify as _slugify  # imported when first needed: loading needs it not

    return str(_slugify(text, max_length=max_len, word_boundary=False)).strip("-")


def new_id(title: str, today: dt.date, suffix: str | None = None) -> str:
    """`YYYY-MM-DD-title-slug-xxxxx`: sortable by date, readable, and with a random suffix so two
    branches that add records on the same day never pick the same id or file name."""
    if suffix is None:
        suffix = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(5))
    slug = slugify(title) or "record"
    return f"{today.isoformat()}-{slug}-{suffix}"


# ---- lifecycle -----------------------------------------------------------------------------


def is_answered(record: DecisionRecord, question: Question) -> bool:
    if question.kind == "references":
        return bool(record.references) or bool(record.answers.get(question.id))
    if question.kind == "review":
        return record.review is not None and not record.review.missing()
    if question.kind == "choice":
        return record.answers.get(question.id, "") in {c.id for c in question.choices}
    return bool(record.answers.get(question.id, "").strip())


GapKind = Literal["unanswered", "choice", "review", "checklist"]
"""What a gate problem is: a question not answered, a choice not made, the mixed-discipline
review not (fully) recorded, or the record's checklist not to be had."""


@dataclass(frozen=True)
class GateProblem:
    """One thing missing before a record may reach a status, as data: the question (its id and
    number, empty for a checklist problem), the kind of gap, and the sentence shown to people."""

    question_id: str
    kind: GapKind
    message: str
    number: str = ""

    def __str__(self) -> str:
        return self.message


def gate_gaps(record: DecisionRecord, checklist: Checklist, target: Gate) -> list[GateProblem]:
    """What is missing before `record` may have status `target` ('proposed' or 'accepted')."""
    gates: tuple[Gate, ...] = ("proposed",) if target == "proposed" else ("proposed", "accepted")
    problems: list[GateProblem] = []
    for question in checklist.answerable():
        if question.required not in gates or is_answered(record, question):
            continue
        number = question.number or question.id
        label = f"question {number} ({question.id})"
        kind: GapKind
        if question.kind == "review":
            missing = record.review.missing() if record.review else Review().missing()
            kind, message = "review", f"{label}: the review must record {', '.join(missing)}"
        elif question.kind == "choice":
            ids = ", ".join(c.id for c in question.choices)
            kind, message = "choice", f"{label}: choose one of {ids}"
        else:
            kind, message = "unanswered", f"{label} is not answered"
        problems.append(GateProblem(question.id, kind, message, number))
    return problems


def gate_problems(record: DecisionRecord, checklist: Checklist, target: Gate) -> list[str]:
    """`gate_gaps` as the sentences shown (what the CLI prints)."""
    return [problem.message for problem in gate_gaps(record, checklist, target)]


def transition_problem(current: Status, target: Status) -> str | None:
    """Why a plain status change from `current` to `target` is not allowed, or None."""
    if target == "superseded":
        return (
            "a record becomes superseded when another one supersedes it: "
            "`review set-status NEW accepted --supersedes OLD`"
        )
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(TRANSITIONS[current]) or "nothing (it is final)"
        article = "an" if current[0] in "aeiou" else "a"
        return f"{article} {current} record can move to {allowed}, not to {target}"
    return None


def ring_as_of(record: DecisionRecord, day: dt.date) -> Ring | None:
    """The ring the record had on `day`, from its status history; None when it was not on the
    radar then (not opened yet, a draft, superseded)."""
    if not record.history:
        return radar_ring(record) if record.date <= day else None
    then = [change for change in record.history if change.date <= day]
    return change_ring(record, then[-1]) if then else None


def change_ring(record: DecisionRecord, change: StatusChange) -> Ring | None:
    """The ring from `change` on: the one it recorded; for a change recorded before rings
    were, the one its status gives (with the record's explicit ring); None off the radar."""
    if change.status in ("draft", "superseded"):
        return None
    if change.ring is not None:
        return change.ring
    return radar_ring(record.model_copy(update={"status": change.status}))


def radar_ring(record: DecisionRecord) -> Ring | None:
    """The ring the technology sits in; None when the record does not belong on the radar."""
    if record.status in ("draft", "superseded"):
        return None
    if record.technology.ring is not None:
        return record.technology.ring
    if record.status == "accepted":
        return "adopt"
    if record.status == "proposed":
        return "assess"
    return "hold"
