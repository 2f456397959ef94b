"""What `core.align` knows of each sentence, read once for a whole text: its length in letter
units (`flags.letter_units`), its numbers, names and cognates (the anchors) and how it ends.

The text's sentences are joined and read whole, not sentence by sentence: the letter units
are weighed by an array lookup per character, and a number or name found by one regular
expression over the whole text is put back in its sentence by its offset.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING
from unicodedata import combining, normalize

from workbench.core.compare.flags import letter_units, normalize_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import regex

ENDS = {"?": 1, "？": 1, "!": 2, "！": 2, "…": 3, ":": 4, "：": 4}  # anything else: 0, a stop
QUOTES = "\"'»«“”„‘’」』)）]"
STRIP = QUOTES + ".,;:!?"


@dataclass
class Features:
    """Per sentence, in order: `lengths` (letter units + 1), `ends` (an `ENDS` code), and the
    `numbers`, `names` and `cognates` both texts have (the anchors), as bit sets: row k is
    sentence k, bit b of word w anchor 64 w + b, the same anchor the same bit in both texts."""

    lengths: np.ndarray
    ends: np.ndarray
    numbers: np.ndarray
    names: np.ndarray
    cognates: np.ndarray


@lru_cache(maxsize=1)
def _name_pattern() -> regex.Pattern[str]:
    """A whitespace-separated word that starts with a capital."""
    import regex

    return regex.compile(r"(?<!\S)\p{Uppercase}\S*")


def features(source: Sequence[str], target: Sequence[str]) -> tuple[Features, Features]:
    """Both texts' sentences read, their anchors those that both texts have somewhere."""
    import numpy as np

    texts, joined, starts, numbers, words = (source, target), [], [], [], []
    for side in texts:
        joined.append("\n".join(side))
        starts.append(list(accumulate((len(t) + 1 for t in side[:-1]), initial=0)))
        numbers.append(_numbers(joined[-1], starts[-1]))
        words.append({w.rstrip(STRIP) for w in set(_name_pattern().findall(joined[-1]))})
    shared_numbers = frozenset().union(*numbers[0].values()) & frozenset().union(
        *numbers[1].values()
    )
    shared_names = {name for name in words[0] & words[1] if len(name) > 1}
    cognates, shared_cognates = _cognates(joined[0], joined[1])
    out = []
    for k, side in enumerate(texts):
        names = _names(joined[k], starts[k], shared_names) if shared_names else {}
        out.append(
            Features(
                lengths=np.array(_lengths(joined[k], starts[k])),
                ends=np.array([ENDS.get(t.rstrip(QUOTES + " ")[-1:], 0) for t in side], np.int8),
                numbers=_bits(numbers[k], shared_numbers, len(side)),
                names=_bits(names, shared_names, len(side)),
                cognates=_bits(cognates[k], shared_cognates, len(side)),
            )
        )
    return out[0], out[1]


COGNATE_PREFIX = 4
RARE = 3  # a cognate in more sentences than this on either side is too common to place one


@lru_cache(maxsize=1)
def _cognate_pattern() -> re.Pattern[str]:
    """A word of `COGNATE_PREFIX` letters or more, or a line end (where a sentence ends)."""
    return re.compile(rf"[^\W\d_]{{{COGNATE_PREFIX},}}|\n")


def _cognates(source: str, target: str) -> tuple[list[dict[int, set[str]]], set[str]]:
    """Simard, Foster and Isabelle's (1992) cognates: words of at least four letters whose
    first four (case and accents folded) both texts have, "village" and "village", "lettre"
    and "letter", "historia" and "history"; kept when each text has them in at most `RARE`
    sentences. By text, the cognates of each sentence that has any, by its index; and the
    cognates kept."""
    tokens = [_cognate_pattern().findall(text) for text in (source, target)]
    prefixes = [{word: _prefix(word) for word in set(side)} for side in tokens]
    shared = set(prefixes[0].values()) & set(prefixes[1].values())
    shared.discard("\n")
    found: list[dict[int, set[str]]] = [{}, {}]
    for side, words in enumerate(tokens):
        sentence, prefix_of = 0, prefixes[side]
        for word in words:
            if word == "\n":
                sentence += 1
            elif (prefix := prefix_of[word]) in shared:
                found[side].setdefault(sentence, set()).add(prefix)
    for by_sentence in found:
        counts = Counter(p for here in by_sentence.values() for p in here)
        shared -= {p for p, count in counts.items() if count > RARE}
    kept = [{k: here & shared for k, here in text.items() if here & shared} for text in found]
    return kept, shared


def _prefix(word: str) -> str:
    if word == "\n":
        return word
    folded = word.lower()
    if not folded.isascii():
        folded = "".join(c for c in normalize("NFKD", folded) if not combining(c))
    return folded[:COGNATE_PREFIX]


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


def _numbers(joined: str, starts: list[int]) -> dict[int, set[str]]:
    """The numbers of each sentence that has any, by its index."""
    from workbench.core.compare.flags import _patterns as flag_patterns

    found: dict[int, set[str]] = {}
    for match in flag_patterns()[1].finditer(joined):
        raw = match.group()
        number = raw if raw.isascii() and raw.isdigit() else normalize_number(raw)
        found.setdefault(bisect_right(starts, match.start()) - 1, set()).add(number)
    return found


def _names(joined: str, starts: list[int], shared: set[str]) -> dict[int, set[str]]:
    """The names (capitalised words without their closing marks) of each sentence that has
    any of `shared`, by its index."""
    found: dict[int, set[str]] = {}
    for match in _name_pattern().finditer(joined):
        name = match.group().rstrip(STRIP)
        if name in shared:
            found.setdefault(bisect_right(starts, match.start()) - 1, set()).add(name)
    return found


def _bits(found: dict[int, set[str]], shared: Set[str], count: int) -> np.ndarray:
    """`found` as bit sets (`Features`), keeping the anchors in `shared` alone."""
    import numpy as np

    bit = {anchor: b for b, anchor in enumerate(sorted(shared))}
    out = np.zeros((count, -(-len(bit) // 64)), dtype=np.uint64)
    where = [(k, bit[a]) for k, anchors in found.items() for a in anchors if a in bit]
    if where:
        rows, bits = np.array(where, dtype=np.int64).T
        ones = np.left_shift(np.uint64(1), (bits & 63).astype(np.uint64))
        np.bitwise_or.at(out, (rows, bits >> 6), ones)
    return out
