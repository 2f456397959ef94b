"""Checklists: the questions a review answers, as validated data (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"

QuestionKind = Literal["text", "choice", "references", "review", "group"]
"""How a question is answered.

text: free text. choice: one of `choices` (by id). references: trusted people asked, with what
they said and what they dislike. review: who met, which disciplines, where it is documented.
group: no answer of its own, only its parts.
"""

Gate = Literal["proposed", "accepted"]


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=32)
    label: str = Field(min_length=1)
    description: str = ""


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    number: str = ""
    text: str = Field(min_length=1)
    guidance: str | None = None
    kind: QuestionKind = "text"
    required_for: Gate | None = "proposed"
    choices: tuple[Choice, ...] = ()
    parts: tuple[Question, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.kind == "choice" and not self.choices:
            raise ValueError("a choice question needs choices")
        if self.kind != "choice" and self.choices:
            raise ValueError("only a choice question has choices")
        if self.kind == "group" and not self.parts:
            raise ValueError("a group needs parts")
        return self

    @property
    def answerable(self) -> bool:
        return self.kind != "group"

    @property
    def required(self) -> Gate | None:
        """The status the record may not reach until this is answered (None: optional)."""
        return None if self.kind == "group" else self.required_for


class Checklist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    version: int = Field(ge=1)
    title: str = Field(min_length=1)
    author: str = ""
    source: str = ""
    description: str = ""
    epigraph: str = ""
    notes: tuple[str, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Checklist:
        seen: set[str] = set()
        for question, _depth in self.walk():
            if question.id in seen:
                raise ValueError(f"question id {question.id!r} is used twice")
            seen.add(question.id)
        return self

    def walk(self) -> Iterator[tuple[Question, int]]:
        """Every question in order, parts after their parent, with its nesting depth."""

        def visit(questions: tuple[Question, ...], depth: int) -> Iterator[tuple[Question, int]]:
            for question in questions:
                yield question, depth
                yield from visit(question.parts, depth + 1)

        yield from visit(self.questions, 0)

    def answerable(self) -> list[Question]:
        return [q for q, _ in self.walk() if q.answerable]

    def question(self, question_id: str) -> Question | None:
        for question, _ in self.walk():
            if question.id == question_id:
                return question
        return None

    def of_kind(self, kind: QuestionKind) -> list[Question]:
        return [q for q, _ in self.walk() if q.kind == kind]
