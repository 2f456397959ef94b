"""Notes copied from an exemplar: a small model shown a style's exemplars may append an
exemplar's footnote ("[1] The diminutives Kämmerchen and Bettchen ...") to a passage that has
none of those words. Such a note is about the exemplar, not the passage, and is never shown as
the translator's note. Pure functions.

The rule, on content words (`MIN_LETTERS` letters or more): a note that names a word of the
passage is about the passage and stays; one that names a word of an exemplar's source (in the
passage's language) that neither the passage nor the rendition has is the exemplar's and goes;
any other goes when at least `MIN_LEAKED` of its words come from the exemplars and from neither
the passage nor the rendition, and more than come from the rendition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MIN_LETTERS = 5
MIN_LEAKED = 2
_WORD = re.compile(r"\w+")
_MARK = re.compile(r"\[(\d+)\]")
_NOTE_MARK = re.compile(r"^\s*\[(\d+)\]\s*")


def content_words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text) if len(w) >= MIN_LETTERS and not w.isdigit()}


@dataclass(frozen=True)
class Vocabulary:
    passage: set[str]
    rendition: set[str]
    exemplar_sources: set[str]
    exemplars: set[str]


def is_leak(note: str, vocabulary: Vocabulary) -> bool:
    """True when `note` is about the exemplars rather than the passage (the module's rule)."""
    words = content_words(_NOTE_MARK.sub("", note))
    if words & vocabulary.passage:
        return False
    if words & (vocabulary.exemplar_sources - vocabulary.rendition):
        return True
    leaked = (words & vocabulary.exemplars) - vocabulary.rendition
    return len(leaked) >= MIN_LEAKED and len(leaked) > len(words & vocabulary.rendition)


def drop_leaked(
    text: str,
    footnotes: list[str],
    notes: list[str],
    passage: str,
    exemplar_sources: Iterable[str],
    exemplars: Iterable[str],
) -> tuple[str, list[str], list[str]]:
    """(text, footnotes, notes) without the notes and footnotes copied from the exemplars
    (`exemplar_sources`: their sources in the passage's language; `exemplars`: all their
    text); the marks of dropped footnotes, and marks with no footnote at all, leave the text,
    and the footnotes kept are numbered again from the lowest number they had."""
    sources = set().union(*(content_words(e) for e in exemplar_sources))
    vocabulary = Vocabulary(
        passage=content_words(passage),
        rendition=content_words(_MARK.sub(" ", text)),
        exemplar_sources=sources,
        exemplars=sources.union(*(content_words(e) for e in exemplars)),
    )
    kept_notes = [n for n in notes if not is_leak(n, vocabulary)]
    kept: list[str] = []
    numbers: list[int] = []
    dropped: set[int] = set()
    for note in footnotes:
        mark = _NOTE_MARK.match(note)
        if is_leak(note, vocabulary):
            if mark:
                dropped.add(int(mark.group(1)))
            continue
        kept.append(note)
        if mark:
            numbers.append(int(mark.group(1)))
    marked = {int(m.group(1)) for m in _MARK.finditer(text)}
    in_passage = {int(m.group(1)) for m in _MARK.finditer(passage)}  # "[3]" of the source's own
    dropped |= marked - set(numbers) - in_passage  # a mark whose footnote never came
    if not dropped:
        return text, kept, kept_notes
    start = min([*numbers, *dropped])
    renumbered = {old: start + i for i, old in enumerate(sorted(set(numbers) - dropped))}

    def mark_in_text(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number in dropped:
            return ""
        return f"[{renumbered.get(number, number)}]"

    def mark_of_note(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return match.group(0).replace(f"[{number}]", f"[{renumbered.get(number, number)}]")

    new_text = _MARK.sub(mark_in_text, text)
    return new_text, [_NOTE_MARK.sub(mark_of_note, n, count=1) for n in kept], kept_notes
