"""A column read sentence by sentence: its sentences placed in the rows of the source sentences
they translate, with the column's word-diff marks against a baseline cut to each row.

The conventions are the exports' aligned table (`workbench.export.run_view.aligned_table`):
a source sentence translated together with the one above it shows `MERGED`; a sentence with
no source counterpart joins the row before it, after `ADDED`; a row with nothing is `LEFT_OUT`.

The marks are the analysis's diff of the whole column against the baseline (ops with the
baseline as A, so joining ops 0 and 1 gives the column's text exactly), not a second diff:
each word goes to the row of the sentence it stands in; words only in the baseline (-1) go to
the sentence they stand before (or after, at the end of a sentence).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from workbench.core.align import SentencePair
from workbench.core.sentences import split_sentences

Op = tuple[int, str]

MERGED = "↑"
"""The cell of a source sentence translated together with the one above it."""
ADDED = "+ "
"""Before a sentence with no source counterpart (it joins the row before it)."""
LEFT_OUT = "(left out)"


@dataclass(frozen=True)
class Piece:
    """One thing in a cell: a sentence of the column (`ops`: its words, marked or not), the
    mark of a merge, or an added sentence."""

    kind: Literal["text", "merged", "added"]
    ops: tuple[Op, ...] = ()
    index: int | None = None
    """A sentence's number among the column's sentences (from 0; None: a merge mark)."""


Cell = tuple[Piece, ...]
"""A row's pieces in one column; empty when the column left the source sentence out."""


def sentence_spans(text: str, sentences: Sequence[str]) -> list[tuple[int, int]] | None:
    """Where each sentence stands in `text` (in order), or None when one cannot be found."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sentence in sentences:
        start = text.find(sentence, pos)
        if start < 0:
            return None
        pos = start + len(sentence)
        spans.append((start, pos))
    return spans


def cut_ops(ops: Sequence[Op], spans: Sequence[tuple[int, int]]) -> list[list[Op]]:
    """The diff ops of each sentence (`spans` in the column's text, which is text B of `ops`).
    Text between sentences (spaces, line breaks) is dropped; line breaks in deleted text shown
    as spaces."""
    out: list[list[Op]] = [[] for _ in spans]
    if not spans:
        return out
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    last = len(spans) - 1
    pos = 0
    for op, text in ops:
        if not text:
            continue
        if op < 0:
            k = min(bisect_left(ends, pos), last)
            out[k].append((op, text.replace("\n", " ")))
            continue
        end = pos + len(text)
        at = pos
        while at < end:
            k = bisect_right(starts, at) - 1
            if k >= 0 and at < ends[k]:
                stop = min(end, ends[k])
                out[k].append((op, text[at - pos : stop - pos]))
                at = stop
            elif k + 1 <= last:
                at = min(end, starts[k + 1])
            else:
                at = end
        pos = end
    return out


def column_cells(
    text: str,
    alignment: Sequence[SentencePair] | None,
    source_count: int,
    language: str,
    ops: Sequence[Op] | None = None,
) -> list[Cell] | None:
    """The column's cell in each of the `source_count` rows, or None when the column has no
    alignment that fits (none yet, or one made against another split of the source). `ops`:
    the column's diff against the baseline (None: no marks)."""
    if not alignment or source_count <= 0:
        return None
    sentences = split_sentences(text, language)
    if any(i >= source_count for p in alignment for i in p.source):
        return None
    if any(j >= len(sentences) for p in alignment for j in p.target):
        return None
    words = _sentence_ops(text, sentences, ops)
    cells: list[list[Piece]] = [[] for _ in range(source_count)]
    last = 0
    for bead in alignment:
        if bead.source:
            last = bead.source[0]
            cells[last] += [Piece("text", words[j], j) for j in bead.target]
            for i in bead.source[1:]:
                cells[i].append(Piece("merged"))
                last = i
        else:
            cells[last] += [Piece("added", words[j], j) for j in bead.target]
    return [tuple(c) for c in cells]


def _sentence_ops(
    text: str, sentences: list[str], ops: Sequence[Op] | None
) -> list[tuple[Op, ...]]:
    plain: list[tuple[Op, ...]] = [((0, s),) for s in sentences]
    if ops is None or "".join(t for op, t in ops if op >= 0) != text:
        return plain
    spans = sentence_spans(text, sentences)
    if spans is None:
        return plain
    return [tuple(cut) for cut in cut_ops(ops, spans)]
