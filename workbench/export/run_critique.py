"""A run's critique as every export shows it, worked out once (from the view, so a blind run
shows letters): the judge's summary and, per column, its score and the errors it found, each
with the quoted words and the reason. Always labelled as the judge model's opinion."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.core.compare.analysis import REFERENCE
from workbench.core.critique.models import NO_PREFERENCE, OPINION, MarkedError, requests_text
from workbench.export.run_view import RunView

SCORE_NOTE = (
    "score: MQM penalty points per 100 source tokens (minor 1, major 5, critical 10); "
    "lower is better"
)


@dataclass
class CritiqueColumn:
    label: str
    score: float | None
    errors: list[MarkedError] = field(default_factory=list)
    unlocated: int = 0
    failure: str | None = None


@dataclass
class CritiqueView:
    title: str
    summary: list[str]
    columns: list[CritiqueColumn]


def critique_view(view: RunView) -> CritiqueView | None:
    critique = view.run.critique
    if critique is None:
        return None
    labels = {c.key: c.label for c in view.columns}

    def label(key: str) -> str:
        return labels.get(key, key)

    summary = []
    if critique.best is not None:
        summary.append(f"Best, by the judge: {label(critique.best)} (first in both orders)")
    elif critique.ranking is not None:
        summary.append(f"Best, by the judge: {NO_PREFERENCE} (the two orders disagree)")
    if critique.ranking is not None:
        summary.append("Ranking: " + " > ".join(label(k) for k in critique.ranking))
        if critique.ranking_reversed is not None:
            summary.append(
                "Ranking with the columns listed in reverse: "
                + " > ".join(label(k) for k in critique.ranking_reversed)
            )
    if critique.consistency is not None:
        summary.append(
            f"Position consistency (Kendall's tau between the two orders): "
            f"{critique.consistency:.2f}"
        )
    if critique.ranking_error:
        summary.append(f"The ranking failed: {critique.ranking_error}")
    texts = {c.key: c.text for c in view.columns}
    columns = []
    for c in critique.columns:
        errors = _in_place(c.errors, texts.get(c.column, ""))
        columns.append(
            CritiqueColumn(
                label=label(c.column),
                score=c.score,
                errors=errors,
                unlocated=c.unlocated + len(c.errors) - len(errors),
                failure=c.error,
            )
        )
    unlocated = sum(c.unlocated for c in columns)
    if unlocated:
        summary.append(f"{unlocated} claims could not be located (dropped)")
    read = {c.column for c in critique.columns} | {REFERENCE}
    unread = [c.label for c in view.columns if c.key not in read]
    if unread:
        summary.append(f"Not judged (no text): {', '.join(unread)}")
    summary.append(SCORE_NOTE)
    title = f"Critique: {OPINION} ({critique.judge}, {requests_text(critique.requests)})"
    return CritiqueView(title=title, summary=summary, columns=columns)


def _in_place(errors: list[MarkedError], text: str) -> list[MarkedError]:
    """The errors whose quoted words stand where they say in the column's `text` (a run kept
    with a critique of another text shows none of its quotes as if they were in this one)."""
    return [e for e in errors if 0 <= e.start <= e.end and text[e.start : e.end] == e.span]


def error_line(error: MarkedError) -> tuple[str, str, str]:
    """(what, quoted words, reason) of one error: `major accuracy/omission, sentence 2`."""
    return (
        f"{error.severity} {error.category}, sentence {error.sentence}",
        error.span,
        error.reason,
    )


def column_line(column: CritiqueColumn) -> str:
    if column.failure is not None:
        return f"{column.label}: the judge gave no answer ({column.failure})"
    score = f"score {column.score:.1f}" if column.score is not None else "no score"
    n = len(column.errors)
    found = f"{n} error{'s' if n > 1 else ''}" if n else "no errors found"
    lost = f", {column.unlocated} claims could not be located" if column.unlocated else ""
    return f"{column.label}: {score}, {found}{lost}"
