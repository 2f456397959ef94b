"""Drafts that survive: a review being answered, saved as you go (no textual, no rich).

The guided screen keeps one `Draft`: the record in memory, written through the store (atomic
writes, the same YAML as every other record) whenever an answer changes. The file is created on
the first change, so opening the screen and leaving at once leaves nothing behind. Each save is
made against the version the draft was opened at (then the one it last saved): a change someone
else made meanwhile to other fields is merged in, and one to a field the draft changed too
stops the save (`store.EditConflict`, the draft keeps its text) until the user chooses to
replace theirs (`save(overrule=True)`). Where the user
was (the question on screen) is not part of the record schema, so it is kept in a small state file
in the user data dir, keyed by the record id: `review-drafts/<id>.json`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.review.checklist import Checklist, Gate, Question
from workbench.core.review.record import (
    NAME_MAX,
    DecisionRecord,
    Option,
    Reference,
    Review,
    gate_problems,
    is_answered,
    new_id,
)
from workbench.io import paths, write_named
from workbench.io.review import editing
from workbench.io.review.answers import Answers
from workbench.io.review.dump import dump_record
from workbench.services.review import numbering, store


def state_dir() -> Path:
    return paths.data_dir() / "review-drafts"


def _unsaved_name(record_id: str, n: int) -> str:
    return f"{record_id}.unsaved.yaml" if n == 1 else f"{record_id}.unsaved-{n}.yaml"


def _state_path(record_id: str) -> Path:
    return state_dir() / f"{record_id}.json"


def load_position(record_id: str) -> str | None:
    """The question id the user was on when they left this record, if known."""
    try:
        data = json.loads(_state_path(record_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    question = data.get("question") if isinstance(data, dict) else None
    return question if isinstance(question, str) else None


def save_position(record_id: str, question_id: str) -> None:
    with contextlib.suppress(OSError):
        write_named(state_dir(), f"{record_id}.json", json.dumps({"question": question_id}) + "\n")


@dataclass
class Draft:
    """A record being answered against its checklist; `save()` writes it atomically."""

    root: Path
    checklist: Checklist
    record: DecisionRecord
    path: Path | None = None
    """None until the first save creates the file."""
    saves: int = field(default=0, compare=False)
    base: store.Stored | None = field(default=None, compare=False)
    """The version on disk the draft's changes are made to: as opened, then as last saved."""
    conflicts: list[str] = field(default_factory=list, compare=False)
    """The fields someone else changed on disk that this draft changed too (not saved)."""

    def __post_init__(self) -> None:
        if self.path is not None and self.base is None:
            self.base = store.Stored(self.path, self.record)  # the version it starts from

    @classmethod
    def start(
        cls,
        root: Path,
        checklist: Checklist,
        title: str,
        *,
        today: dt.date | None = None,
        **fields: Any,
    ) -> Draft:
        """A new draft; `fields` are `store.NewRecord`'s optional ones (technology, tags, ...)."""
        spec = store.NewRecord(title=title, checklist=checklist, answers=Answers(), **fields)
        return cls(root, checklist, store.build_record(spec, today or dt.date.today()))

    @classmethod
    def open(cls, stored: store.Stored, checklist: Checklist) -> Draft:
        """The record as its file holds it now (`stored` if it cannot be read again)."""
        try:
            fresh = store.read_stored(stored.path)
        except WorkbenchError:
            fresh = stored
        return cls(stored.path.parent, checklist, fresh.record, stored.path, base=fresh)

    # ---- reading ---------------------------------------------------------------------------

    def questions(self) -> list[Question]:
        """The questions the flow walks through, groups included (they show their parts)."""
        return [q for q, _ in self.checklist.walk()]

    def depth(self, question: Question) -> int:
        return next(d for q, d in self.checklist.walk() if q.id == question.id)

    def answered(self, question: Question) -> bool:
        if question.kind == "group":
            return all(self.answered(p) for p in question.parts)
        return is_answered(self.record, question)

    def progress(self) -> tuple[int, int]:
        """(answered, answerable) over the questions that take an answer."""
        answerable = self.checklist.answerable()
        return sum(1 for q in answerable if is_answered(self.record, q)), len(answerable)

    def missing_for(self, target: str) -> list[str]:
        gate: Gate = "accepted" if target == "accepted" else "proposed"
        return gate_problems(self.record, self.checklist, gate)

    def text(self, question_id: str) -> str:
        return self.record.answers.get(question_id, "")

    # ---- changing --------------------------------------------------------------------------

    def set_text(self, question_id: str, text: str) -> bool:
        """Set (or with blank text, clear) one answer; True when the record changed."""
        if self.record.answers.get(question_id, "") == text:
            return False
        if text.strip():
            self.record = store.with_answers(self.record, Answers(text={question_id: text}))
        else:
            answers = {k: v for k, v in self.record.answers.items() if k != question_id}
            record = self.record.model_copy(update={"answers": answers})
            if question_id == "current-stack":
                old = self.record.answers.get("current-stack", "")
                record = record.model_copy(
                    update={
                        "options": [
                            o.model_copy(update={"description": ""})
                            if o.current_stack and o.description == old
                            else o
                            for o in record.options
                        ]
                    }
                )
            self.record = record
        return True

    def set_references(self, references: list[Reference]) -> bool:
        if references == self.record.references:
            return False
        self.record = self.record.model_copy(update={"references": references})
        return True

    def set_review(self, review: Review | None) -> bool:
        if review == self.record.review:
            return False
        self.record = self.record.model_copy(update={"review": review})
        return True

    def set_options(self, options: list[Option]) -> bool:
        """The options considered; the current stack is always kept among them."""
        if not any(o.current_stack for o in options):
            current = next((o for o in self.record.options if o.current_stack), None)
            options = [current or Option(name="Current stack", current_stack=True), *options]
        if options == self.record.options:
            return False
        self.record = self.record.model_copy(update={"options": options})
        return True

    def retitle(self, title: str) -> bool:
        """A new title; a technology that defaulted to the old title follows it."""
        title = " ".join(title.split())
        if not title or title == self.record.title:
            return False
        old = self.record.title
        self.record = self.record.model_copy(update={"title": title})
        if self.record.technology.name == old[:NAME_MAX].strip():  # as far as a name holds
            self.rename_technology(title[:NAME_MAX])
        return True

    def rename_technology(self, name: str) -> bool:
        name = " ".join(name.split())
        record = self.record
        if not name or name == record.technology.name:
            return False
        old = record.technology.name
        options = [
            o.model_copy(update={"name": name}) if o.name == old and not o.current_stack else o
            for o in record.options
        ]
        technology = record.technology.model_copy(update={"name": name})
        self.record = record.model_copy(update={"technology": technology, "options": options})
        return True

    def save(self, *, overrule: bool = False) -> list[str]:
        """Write the record atomically (creating its file the first time); the fields taken
        from a change someone else made meanwhile. Raises `store.EditConflict` (and keeps the
        fields in `conflicts`) when they changed a field this draft changed too; with
        `overrule`, this draft's value replaces theirs in those fields."""
        if self.path is None:
            # the id follows the title the user gave, which may differ from the first one
            self.record = self.record.model_copy(
                update={"id": new_id(self.record.title, self.record.date)}
            )
            self.base = numbering.create_numbered(self.root, self.record)
            self.record = self.base.record  # with its ADR number
            self.path = self.base.path
            self.saves += 1
            return []
        base = self.base
        assert base is not None  # set by __post_init__, open() and the first save
        keep = frozenset(self.conflicts) if overrule else frozenset()
        try:
            saved = editing.commit([(base, self.record)], overrule=keep)[0]
        except store.EditConflict as exc:
            self.conflicts = exc.fields
            if not (overrule and exc.gone):
                raise
            # its file was removed meanwhile, and the user chose to write it again
            saved = editing.Saved(editing.create(base.path, self.record), [])
        self.conflicts = []
        self.base = saved.stored
        self.record = saved.stored.record
        self.saves += 1
        return saved.theirs

    def keep_unsaved(self) -> Path:
        """Write the record as this draft holds it, when it could not be saved to its file (a
        conflict, the file gone, the folder unreadable), to a file of its own beside the
        drafts' positions: `review-drafts/<id>.unsaved.yaml` (`<id>.unsaved-2.yaml` and on
        when an earlier one is there: a kept copy is never replaced). Raises OSError."""
        text = dump_record(self.record)
        folder, n = state_dir(), 1
        while os.path.lexists(folder / _unsaved_name(self.record.id, n)):
            n += 1
        return write_named(folder, _unsaved_name(self.record.id, n), text)

    def propose(self, today: dt.date | None = None) -> list[str]:
        """Move the draft to proposed; the problems that stop it (nothing changes then)."""
        missing = self.missing_for("proposed")
        if missing:
            return missing
        if self.record.status != "draft":
            raise WorkbenchError(f"{self.record.id} is {self.record.status}, not a draft")
        before = self.record
        self.record = store.with_status(self.record, "proposed", today or dt.date.today(), "")
        try:
            self.save()
        except BaseException:
            self.record = before  # not proposed: the draft stays what is on screen
            raise
        return []
