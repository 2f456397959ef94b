"""Repetition beyond what the source repeats: how a small model's loop is recognised.

A phrase of a rendition (`PHRASE_WORDS` words, case and punctuation ignored) may occur as often
as the source's most repeated two-word phrase occurs (at least once): a German source that says
"im Schatten des" three times allows "in the shadow of" three times, and a fourth is a loop.
The embedded model's loop guard stops generation there, and the local benchmark counts the
renditions that go beyond it. Pure functions.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

PHRASE_WORDS = 4
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def source_repeats(source: str) -> int:
    """How often the source's most repeated two-word phrase occurs (1 when none repeats)."""
    words = _words(source)
    counts = Counter(pairwise(words))
    return max([1, *counts.values()])


def runaway_at(source: str, text: str, *, n: int = PHRASE_WORDS) -> int | None:
    """The character offset in `text` where a phrase of `n` words occurs once more than the
    source allows (see the module's docstring); None when nothing repeats beyond it."""
    allowed = source_repeats(source)
    spans = list(_WORD.finditer(text))
    words = [m.group().casefold() for m in spans]
    counts: Counter[tuple[str, ...]] = Counter()
    for i in range(len(words) - n + 1):
        phrase = tuple(words[i : i + n])
        counts[phrase] += 1
        if counts[phrase] > allowed:
            return spans[i].start()
    return None


def repeated_phrase(source: str, text: str, *, n: int = PHRASE_WORDS) -> str | None:
    """The first phrase of `text` repeated more often than the source allows, or None."""
    at = runaway_at(source, text, n=n)
    if at is None:
        return None
    return " ".join(_words(text[at:])[:n])
