"""The judge's critique in the aligned view: its spans underlined in the cells, styled by
severity as in the columns (`widgets/critique_marks.py`), and the reasons of the row under the
cursor on the view's detail line. Always labelled as the judge model's opinion; a column's
marks are its letter's in a blind run (the label is the grid's shown name)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content, Span

from workbench.core.compare.aligned_rows import Cell, Op, sentence_spans
from workbench.core.critique.models import OPINION, ColumnCritique, MarkedError
from workbench.core.sentences import split_sentences
from workbench.core.text_safety import visible
from workbench.tui.text import literal
from workbench.tui.widgets.critique_marks import SEVERITY_STYLE, placed


@dataclass
class ColumnMarks:
    """A column's placed errors and where each of its sentences stands in its text."""

    errors: list[MarkedError]
    spans: list[tuple[int, int]]

    def in_sentence(self, index: int | None) -> list[MarkedError]:
        if index is None or index >= len(self.spans):
            return []
        start, end = self.spans[index]
        return [e for e in self.errors if e.start < end and e.end > start]


def column_marks(text: str, critique: ColumnCritique | None, language: str) -> ColumnMarks | None:
    """The column's marks (None: no critique, no errors, or sentences not to be placed)."""
    errors = placed(text, critique)
    if not errors:
        return None
    spans = sentence_spans(text, split_sentences(text, language))
    return ColumnMarks(errors, spans) if spans is not None else None


def mark_piece(
    content: Content, ops: Sequence[Op], start: int, errors: list[MarkedError]
) -> Content:
    """A sentence's `content` (its `ops` as `tui.text.diff_content` draws them) with the
    errors' spans styled; `start`: where the sentence stands in the column's text. Words only
    in the baseline (-1) are not in the column's text and never marked."""
    if not errors:
        return content
    spans: list[Span] = []
    pos, off = start, 0
    for op, raw in ops:
        shown = len(visible(raw))
        if op >= 0 and shown == len(raw):  # a piece drawn otherwise keeps no marks
            for e in errors:
                a, b = max(e.start, pos), min(e.end, pos + len(raw))
                if a < b:
                    spans.append(Span(off + a - pos, off + b - pos, SEVERITY_STYLE[e.severity]))
        if op >= 0:
            pos += len(raw)
        off += shown
    return Content(content.plain, [*content.spans, *spans], strip_control_codes=False)


def row_errors(
    columns: Sequence[tuple[Content, list[Cell], ColumnMarks | None]], row: int
) -> list[tuple[Content, MarkedError]]:
    """The errors in a row's cells, column by column (each once), with the column's label."""
    out: list[tuple[Content, MarkedError]] = []
    for label, cells, marks in columns:
        if marks is None:
            continue
        seen: list[MarkedError] = []
        for piece in cells[row]:
            for error in marks.in_sentence(piece.index):
                if not any(error is s for s in seen):
                    seen.append(error)
        out += [(label, e) for e in seen]
    return out


def detail(row: int, errors: list[tuple[Content, MarkedError]], any_marks: bool) -> Content:
    """The detail line for the row under the cursor (empty when the run has no marks)."""
    if not any_marks:
        return Content("")
    head = (f"Critique ({OPINION}), row {row + 1}: ", "italic $text-muted")
    if not errors:
        return Content.assemble(head, ("no errors marked in this row", "$text-muted"))
    parts: list[Content | tuple[str, str] | str] = [head]
    for n, (label, error) in enumerate(errors):
        if n:
            parts.append("\n")
        parts += [
            label.stylize("bold"),
            " ",
            (f"{error.severity} ", SEVERITY_STYLE[error.severity]),
            literal(f"{error.category}: ", "$text-muted"),
            literal(f"«{error.span}»", "bold"),
            literal(f" {error.reason}"),
        ]
    return Content.assemble(*parts)
