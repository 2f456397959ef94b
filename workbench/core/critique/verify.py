"""Every claim of the judge checked against the words it quotes: a span that does not stand,
verbatim, in the sentence it names is dropped and counted, never shown as if found."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.critique.models import Annotation, MarkedError
from workbench.core.critique.prompts import Redactor, Row


def verify(
    annotation: Annotation, rows: Sequence[Row], text: str, redactor: Redactor
) -> tuple[list[MarkedError], int]:
    """The errors whose span stands in the named row (placed in the rendition's `text`),
    and how many claims could not be located."""
    by_number = {row.number: row for row in rows}
    found: list[MarkedError] = []
    unlocated = 0
    for claim in annotation.errors:
        span = claim.span.strip()
        row = by_number.get(claim.sentence)
        if not span or row is None or not row.sent or span not in row.sent:
            unlocated += 1
            continue
        if row.start is not None and row.end is not None:
            start = redactor.find(span, text, row.start, row.end)
        else:
            start = redactor.find(span, text)
        if start < 0:  # in the sentence as sent, but not to be placed in the text
            unlocated += 1
            continue
        end = start + redactor.length(span, text, start)
        found.append(
            MarkedError(
                span=text[start:end],
                sentence=claim.sentence,
                start=start,
                end=end,
                category=claim.category,
                severity=claim.severity,
                reason=" ".join(claim.reason.split()),
            )
        )
    found.sort(key=lambda e: (e.start, e.end))
    return found, unlocated
