"""The critique's data: what the judge is asked to answer (`Annotation`, `Ranking`: the JSON
schemas it is given, strict-mode shaped) and what a run keeps of it (`Critique`).

Sentence numbers are 1-based, as the judge sees them: row n of the rendition as it was sent
(one row per bead of the column's alignment). Offsets (`start`, `end`) are characters of the
rendition's text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Category = Literal[
    "accuracy/mistranslation",
    "accuracy/omission",
    "accuracy/addition",
    "fluency",
    "terminology",
    "style",
]
Severity = Literal["minor", "major", "critical"]
CATEGORIES: tuple[str, ...] = (
    "accuracy/mistranslation",
    "accuracy/omission",
    "accuracy/addition",
    "fluency",
    "terminology",
    "style",
)
WEIGHTS: dict[str, int] = {"minor": 1, "major": 5, "critical": 10}
"""MQM penalty points per error, by severity."""

OPINION = "the judge model's opinion"
"""How every place that shows a critique labels it."""
NO_PREFERENCE = "no consistent preference"


def _from_text(data: Any) -> Any:
    """An answer in plain-text mode comes as {"answer": "<the JSON text>"}: parse that text
    (fences stripped), so a server without JSON modes can still judge."""
    if isinstance(data, dict) and set(data) == {"answer"} and isinstance(data["answer"], str):
        text = data["answer"].strip()
        if text.startswith("```"):
            text = text.split("\n", 1)[1] if "\n" in text else ""
            text = text.rstrip().removesuffix("```")
        try:
            return json.loads(text)
        except ValueError:
            return data  # fails validation: the answer is not JSON
    return data


class JudgedError(BaseModel):
    """One error, as the judge reports it."""

    model_config = ConfigDict(extra="forbid")

    span: str = Field(
        description="The erroneous words, copied exactly as they stand in the translation's "
        "sentence (for an omission: the words next to where something is missing)."
    )
    sentence: int = Field(description="The number [n] of the translation sentence it stands in.")
    category: Category = Field(description="What kind of error.")
    severity: Severity = Field(description="minor, major or critical.")
    reason: str = Field(description="One line: why this is an error.")


class _JudgeAnswer(BaseModel):
    """What the judge answers: no field beyond the schema's, and read from plain text too."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: Any) -> Any:
        return _from_text(data)


class Annotation(_JudgeAnswer):
    """The judge's answer on one translation: its errors (an empty list: none found)."""

    errors: list[JudgedError] = Field(description="Every error found; empty if none.")


class Ranking(_JudgeAnswer):
    """The judge's answer on all translations: their letters, best first."""

    ranking: list[str] = Field(description="Every translation's letter once, best first.")


class MarkedError(BaseModel):
    """An error whose span was found in the sentence it names (and where, in the text)."""

    span: str
    sentence: int
    start: int
    end: int
    category: Category
    severity: Severity
    reason: str


class ColumnCritique(BaseModel):
    """The judge's errors in one column; `unlocated`: claims whose span was not in the
    sentence they named (dropped, never shown as found)."""

    column: str
    errors: list[MarkedError] = Field(default_factory=list)
    unlocated: int = 0
    score: float | None = Field(
        default=None,
        description="MQM penalty per 100 source tokens (minor 1, major 5, critical 10); "
        "lower is better; None when the judge gave no answer",
    )
    error: str | None = None


class Critique(BaseModel):
    """A blind critique of a run: the judge model's opinion, never a fact."""

    label: str = OPINION
    judge: str = Field(description="the judge model")
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    requests: int = 0
    source_tokens: int = 0
    columns: list[ColumnCritique] = Field(default_factory=list)
    ranking: list[str] | None = Field(
        default=None, description="column keys, best first, as ranked in the first order"
    )
    ranking_reversed: list[str] | None = Field(
        default=None, description="the same, asked with the columns listed in reverse order"
    )
    best: str | None = Field(
        default=None, description="first in both rankings; None: no consistent preference"
    )
    consistency: float | None = Field(
        default=None, description="Kendall's tau between the two rankings (1: the same order)"
    )
    ranking_error: str | None = None

    def column(self, key: str) -> ColumnCritique | None:
        return next((c for c in self.columns if c.column == key), None)

    @property
    def unlocated(self) -> int:
        return sum(c.unlocated for c in self.columns)

    @property
    def failures(self) -> list[str]:
        """One line for each part of the critique that failed."""
        lines = [f"{c.column}: {c.error}" for c in self.columns if c.error]
        if self.ranking_error:
            lines.append(f"ranking: {self.ranking_error}")
        return lines

    def renamed(self, rename: Callable[[str], str]) -> Critique:
        """The same critique with every column key passed through `rename` (blind letters)."""

        def keys(values: list[str] | None) -> list[str] | None:
            return None if values is None else [rename(v) for v in values]

        return self.model_copy(
            update={
                "columns": [
                    c.model_copy(update={"column": rename(c.column)}) for c in self.columns
                ],
                "ranking": keys(self.ranking),
                "ranking_reversed": keys(self.ranking_reversed),
                "best": rename(self.best) if self.best is not None else None,
            }
        )


def requests_text(count: int) -> str:
    """`1 request`, `5 requests`: what a critique costs, in words."""
    return f"{count} request" if count == 1 else f"{count} requests"
