"""Flags from a rendition's sentence alignment: source sentences it pairs with nothing in the
rendition (`sentence_missing`: left out?) and rendition sentences it pairs with nothing in the
source (`sentence_added`: a translator's note, an explanation, or an invention).

The alignment is evidence, not proof: where sentences of about one length stand side by side,
the aligner can take a neighbour for the lone one, or join the lone one to a neighbour and
flag nothing (`core.align`; a glossary helps). So the message says what the alignment found,
with the numbers (from 1) and the text, for the reader to check in the aligned table."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.align import SentencePair
from workbench.core.compare.flags import Flag

MAX_ITEMS = 10
MAX_QUOTED = 80  # characters of each sentence quoted in the message


def sentence_flags(alignment: Sequence[SentencePair]) -> list[Flag]:
    """The `sentence_missing` and `sentence_added` flags of one rendition's alignment."""
    missing = [(p.source[0], p.source_text) for p in alignment if p.source and not p.target]
    added = [(p.target[0], p.target_text) for p in alignment if p.target and not p.source]
    flags = []
    if missing:
        where = "source sentence{s} {which} {has} no counterpart in this rendition (left out?)"
        flags.append(_flag("sentence_missing", where, missing))
    if added:
        where = "sentence{s} {which} of this rendition {has} no counterpart in the source (added?)"
        flags.append(_flag("sentence_added", where, added))
    return flags


def _flag(kind: str, where: str, lone: list[tuple[int, str]]) -> Flag:
    numbers = [str(index + 1) for index, _ in lone[:MAX_ITEMS]]
    if len(lone) > MAX_ITEMS:
        numbers.append(f"{len(lone) - MAX_ITEMS} more")
    which = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
    many = len(lone) > 1
    said = where.format(s="s" if many else "", which=which, has="have" if many else "has")
    first = " ".join(lone[0][1].split())
    quoted = first if len(first) <= MAX_QUOTED else first[: MAX_QUOTED - 1] + "…"
    message = f"{said}: “{quoted}”" + (" …" if many else "")
    return Flag(kind=kind, message=message, detail=[text for _, text in lone[:MAX_ITEMS]])
