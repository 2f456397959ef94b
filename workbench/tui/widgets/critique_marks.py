"""A column's critique on screen: the judge's spans marked in the text (by severity) and, while
the column has the focus, the list of its errors with their reasons. Labelled, always, as the
judge model's opinion. A mark whose words are no longer at its place (the column was retried
since) is not drawn."""

from __future__ import annotations

from textual.content import Content

from workbench.core.critique.models import OPINION, ColumnCritique, MarkedError
from workbench.tui.text import literal

SEVERITY_STYLE = {
    "minor": "underline $text-warning",
    "major": "bold underline $text-warning",
    "critical": "bold underline $text-error",
}


def placed(text: str, critique: ColumnCritique | None) -> list[MarkedError]:
    """The errors whose span stands where it says in `text`, in order, none overlapping."""
    if critique is None:
        return []
    out: list[MarkedError] = []
    end = 0
    for error in sorted(critique.errors, key=lambda e: (e.start, e.end)):
        if end <= error.start <= error.end and text[error.start : error.end] == error.span:
            out.append(error)
            end = error.end
    return out


def marked(text: str, errors: list[MarkedError]) -> Content:
    """The column's text with the errors' spans styled (the text is never markup; each
    piece is made visible on its own, so the marks stay on their words)."""
    if not errors:
        return literal(text)
    parts: list[Content] = []
    at = 0
    for e in errors:
        parts += [
            literal(text[at : e.start]),
            literal(text[e.start : e.end], SEVERITY_STYLE[e.severity]),
        ]
        at = e.end
    parts.append(literal(text[at:]))
    return Content.assemble(*parts)


def panel(critique: ColumnCritique | None, errors: list[MarkedError], focused: bool) -> Content:
    """One summary line; with the focus, one line per error with its reason."""
    if critique is None:
        return Content("")
    head = f"Critique ({OPINION}): "
    if critique.error is not None:
        return Content.assemble(
            (head, "italic $text-muted"), literal(f"no answer: {critique.error}", "$text-error")
        )
    n = len(errors)
    bits = [f"score {critique.score:.1f}" if critique.score is not None else "no score"]
    bits.append(f"{n} error{'s' if n != 1 else ''}" if n else "no errors found")
    if critique.unlocated:
        bits.append(f"{critique.unlocated} claims could not be located")
    if n and not focused:
        bits.append("focus the column for the reasons")
    parts: list[Content | tuple[str, str] | str] = [
        (head, "italic $text-muted"),
        literal(", ".join(bits), "$text-muted"),
    ]
    if focused:
        for error in errors:
            parts += [
                "\n",
                (f"{error.severity} ", SEVERITY_STYLE[error.severity]),
                literal(f"{error.category}, sentence {error.sentence}: ", "$text-muted"),
                literal(f"«{error.span}»", "bold"),
                literal(f" {error.reason}"),
            ]
    return Content.assemble(*parts)
