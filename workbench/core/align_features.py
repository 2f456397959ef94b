"""What `core.align` knows of each sentence, read once for a whole text: its length in letter
units (`flags.letter_units`), its numbers and names (the anchors) and how it ends.

The text's sentences are joined and read whole, not sentence by sentence: the letter units
are weighed by an array lookup per character, and a number or name found by one regular
expression over the whole text is put back in its sentence by its offset.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

from workbench.core.compare.flags import letter_units, normalize_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import regex

ENDS = {"?": 1, "？": 1, "!": 2, "！": 2, "…": 3, ":": 4, "：": 4}  # anything else: 0, a stop
QUOTES = "\"'»«“”„‘’」』)）]"
STRIP = QUOTES + ".,;:!?"
_NONE: frozenset[str] = frozenset()


@dataclass
class Features:
    """Per sentence, in order: `lengths` (letter units + 1), `ends` (an `ENDS` code), and the
    `numbers` and `names` kept as anchors (`anchored` keeps those both texts have)."""

    lengths: np.ndarray
    ends: np.ndarray
    numbers: list[frozenset[str]]
    names: list[frozenset[str]]


@lru_cache(maxsize=1)
def _name_pattern() -> regex.Pattern[str]:
    """A whitespace-separated word that starts with a capital."""
    import regex

    return regex.compile(r"(?<!\S)\p{Uppercase}\S*")


def features(source: Sequence[str], target: Sequence[str]) -> tuple[Features, Features]:
    """Both texts' sentences read, their anchors those that both texts have somewhere."""
    import numpy as np

    joined_s, joined_t = "\n".join(source), "\n".join(target)
    out = []
    for texts, text, other in ((source, joined_s, joined_t), (target, joined_t, joined_s)):
        starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        ends = [ENDS.get(t.rstrip(QUOTES + " ")[-1:], 0) for t in texts]
        out.append(
            Features(
                lengths=np.array(_lengths(text, starts)),
                ends=np.array(ends, dtype=np.int8),
                numbers=_numbers(text, starts),
                names=_names(text, starts, other),
            )
        )
    src, tgt = out
    shared = frozenset().union(*src.numbers) & frozenset().union(*tgt.numbers)
    for side in (src.numbers, tgt.numbers):
        for k, anchors in enumerate(side):
            if anchors:
                side[k] = anchors & shared or _NONE
    return src, tgt


def _lengths(joined: str, starts: list[int]) -> list[float]:
    """`letter_units` of each text (+ 1): every letter or digit 1, a kana or Hangul syllable 2,
    a Chinese character 3; each character weighed once for the whole text, each different
    character outside ASCII looked up once."""
    import numpy as np

    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    weights = np.zeros(len(points) + 1, dtype=np.uint8)  # one more: a last text may be empty
    np.take(_ascii_weights(), np.minimum(points, 127), out=weights[:-1])
    wide = np.flatnonzero(points > 127)
    if len(wide):
        chars, where = np.unique(points[wide], return_inverse=True)
        weights[wide] = np.array([_weight(chr(c)) for c in chars.tolist()], dtype=np.uint8)[where]
    sums = np.add.reduceat(weights, np.array(starts), dtype=np.int64)
    return (sums + 1.0).tolist()


@lru_cache(maxsize=1)
def _ascii_weights() -> np.ndarray:
    import numpy as np

    return np.array([chr(c).isalnum() for c in range(128)], dtype=np.uint8)


@lru_cache(maxsize=65536)
def _weight(char: str) -> int:
    return round(letter_units(char))


def _numbers(joined: str, starts: list[int]) -> list[frozenset[str]]:
    from workbench.core.compare.flags import _patterns as flag_patterns

    found: dict[int, set[str]] = {}
    for match in flag_patterns()[1].finditer(joined):
        raw = match.group()
        number = raw if raw.isascii() and raw.isdigit() else normalize_number(raw)
        found.setdefault(bisect_right(starts, match.start()) - 1, set()).add(number)
    return _per_sentence(found, len(starts))


def _names(joined: str, starts: list[int], others: str) -> list[frozenset[str]]:
    """The names of each sentence (capitalised words without their closing marks, two
    letters or more) that `others` has too: `features` keeps no other."""
    pattern = _name_pattern()
    mine, theirs = ({w.rstrip(STRIP) for w in set(pattern.findall(t))} for t in (joined, others))
    shared = {name for name in mine & theirs if len(name) > 1}
    found: dict[int, set[str]] = {}
    if shared:
        for match in pattern.finditer(joined):
            name = match.group().rstrip(STRIP)
            if name in shared:
                found.setdefault(bisect_right(starts, match.start()) - 1, set()).add(name)
    return _per_sentence(found, len(starts))


def _per_sentence(found: dict[int, set[str]], count: int) -> list[frozenset[str]]:
    out = [_NONE] * count
    for k, anchors in found.items():
        out[k] = frozenset(anchors)
    return out
