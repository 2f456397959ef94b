"""What `core.align` knows of each sentence, read once for a whole text: its length in letter
units (`flags.letter_units`), its numbers, names and cognates (the anchors) and how it ends.

The text's sentences are joined and read whole, not sentence by sentence: the letter units
are weighed by an array lookup per character, and a number or name found by one regular
expression over the whole text is put back in its sentence by its offset.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, NamedTuple

from workbench.core.align_cognates import cognates as read_cognates
from workbench.core.compare.flags import letter_units, normalize_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import regex

ENDS = {"?": 1, "？": 1, "!": 2, "！": 2, "…": 3, ":": 4, "：": 4}  # anything else: 0, a stop
QUOTES = "\"'»«“”„‘’」』)）]"
STRIP = QUOTES + ".,;:!?"


class Anchors(NamedTuple):
    """A text's anchors of one kind, sentence by sentence: sentence `rows[p]` has anchor
    `ids[p]` (the same anchor the same id in both texts); each pair once, by sentence.

    A list of pairs, not a bit set of every anchor for every sentence: texts whose sentences
    each have a number of their own (verses, a law's articles) have as many anchors as
    sentences, and such bit sets grew with the square of the length (`anchor_bits` makes
    them for the few sentences a bead cost compares at a time)."""

    rows: np.ndarray
    ids: np.ndarray


@dataclass
class Features:
    """Per sentence, in order: `lengths` (letter units + 1), `ends` (an `ENDS` code), and the
    `numbers`, `names`, `cognates` and glossary `terms` both texts have (the anchors)."""

    lengths: np.ndarray
    ends: np.ndarray
    numbers: Anchors
    names: Anchors
    cognates: Anchors
    terms: Anchors


class TermPairs(NamedTuple):
    """A glossary's fixed renderings as anchors: `pairs` of (source term, target rendering),
    found in texts of `languages` (source, target) as the glossary check finds them (case and
    inflection aside, `compare.term_index`)."""

    languages: tuple[str, str]
    pairs: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def _name_pattern() -> regex.Pattern[str]:
    """A whitespace-separated word that starts with a capital."""
    import regex

    return regex.compile(r"(?<!\S)\p{Uppercase}\S*")


def features(
    source: Sequence[str], target: Sequence[str], terms: TermPairs | None = None
) -> tuple[Features, Features]:
    """Both texts' sentences read, their anchors those that both texts have somewhere (a
    glossary entry: its term in the source and its rendering in the target)."""
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
    cognates = read_cognates(source, target)
    found_terms = [_terms(joined[k], starts[k], terms, k) if terms else {} for k in (0, 1)]
    shared_terms = frozenset().union(*found_terms[0].values()) & frozenset().union(
        *found_terms[1].values()
    )
    out = []
    for k, side in enumerate(texts):
        names = _names(joined[k], starts[k], shared_names) if shared_names else {}
        out.append(
            Features(
                lengths=np.array(_lengths(joined[k], starts[k])),
                ends=np.array([ENDS.get(t.rstrip(QUOTES + " ")[-1:], 0) for t in side], np.int8),
                numbers=_anchors(numbers[k], shared_numbers),
                names=_anchors(names, shared_names),
                cognates=Anchors(*(cognates.source, cognates.target)[k]),
                terms=_anchors(found_terms[k], shared_terms),
            )
        )
    return out[0], out[1]


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


def _terms(joined: str, starts: list[int], terms: TermPairs, side: int) -> dict[int, set[str]]:
    """The glossary entries (by number) whose term, on this `side` (0 the source's, 1 the
    rendering), each sentence has, by its index."""
    from workbench.core.compare.term_set import term_set

    words = tuple(pair[side] for pair in terms.pairs)
    where = term_set(words, terms.languages[side]).spans(joined)
    found: dict[int, set[str]] = {}
    for entry, word in enumerate(words):
        for start, _end in where.get(word, ()):
            found.setdefault(bisect_right(starts, start) - 1, set()).add(f"{entry:08d}")
    return found


def _anchors(found: dict[int, set[str]], shared: Set[str]) -> Anchors:
    """`found` as `Anchors`, keeping the anchors in `shared` alone."""
    import numpy as np

    ident = {anchor: b for b, anchor in enumerate(sorted(shared))}
    where = sorted((k, ident[a]) for k, anchors in found.items() for a in anchors if a in ident)
    pairs = np.array(where, dtype=np.int64).reshape(-1, 2)
    return Anchors(pairs[:, 0].copy(), pairs[:, 1].copy())


def bead_sizes(anchors: Anchors, count: int, sentences: int) -> np.ndarray:
    """[k] (k = 0..sentences): how many different anchors the `count` (1 to 3) sentences
    before position k have."""
    import numpy as np

    if count == 1 or not len(anchors.ids):
        out = np.zeros(sentences + 1, dtype=np.int64)
        out[1:] = np.bincount(anchors.rows, minlength=sentences)
        return out
    width = int(anchors.ids.max()) + 1
    at = (anchors.rows[:, None] + 1 + np.arange(count)[None, :]).ravel()  # the positions after
    ids = np.repeat(anchors.ids, count)
    inside = at <= sentences
    keys = np.unique(at[inside] * width + ids[inside])  # each anchor once per position
    return np.bincount(keys // width, minlength=sentences + 1).astype(np.int64)


_PAIRS_WORDS = 1 << 18  # at most this many 64-bit words of bit sets per side at a time


def shared_counts(
    source: Anchors, target: Anchors, di: int, dj: int, rows: np.ndarray, cols: np.ndarray
) -> np.ndarray:
    """[p]: how many different anchors the `di` source sentences before position `rows[p]`
    and the `dj` target sentences before position `cols[p]` have in common (`rows` in
    ascending order). Done a few thousand pairs at a time, each time with bit sets of only
    the anchors of the sentences those pairs span, so the memory stays in proportion."""
    import numpy as np

    out = np.zeros(len(rows), dtype=np.int64)
    pending = [(0, len(rows))]
    while pending:
        start, stop = pending.pop()
        r, c = rows[start:stop], cols[start:stop]
        s_lo, t_lo = max(int(r[0]) - di, 0), max(int(c.min()) - dj, 0)
        src = _between(source, s_lo, int(r[-1]))
        tgt = _between(target, t_lo, int(c.max()))
        ids = np.intersect1d(src.ids, tgt.ids)
        words = -(-len(ids) // 64)
        if not words:
            continue
        if (stop - start) * words > _PAIRS_WORDS and stop - start > 1:
            middle = (start + stop) // 2
            pending += [(start, middle), (middle, stop)]
            continue
        bits_s = anchor_bits(src, ids, s_lo, int(r[-1]), di, r)
        bits_t = anchor_bits(tgt, ids, t_lo, int(c.max()), dj, c)
        out[start:stop] = np.bitwise_count(bits_s & bits_t).sum(axis=1, dtype=np.int64)
    return out


def _between(anchors: Anchors, lo: int, hi: int) -> Anchors:
    """The anchors of sentences lo..hi-1."""
    import numpy as np

    start, stop = np.searchsorted(anchors.rows, (lo, hi))
    return Anchors(anchors.rows[start:stop], anchors.ids[start:stop])


def anchor_bits(
    anchors: Anchors, ids: np.ndarray, lo: int, hi: int, count: int, positions: np.ndarray
) -> np.ndarray:
    """[p]: the anchors among `ids` (sorted) that the `count` sentences before position
    `positions[p]` have, as bit sets (bit b of word w: `ids[64 w + b]`); `anchors` holds the
    sentences lo..hi-1, all that those sentences can be (none before the start)."""
    import numpy as np

    keep = np.isin(anchors.ids, ids)
    bit = np.searchsorted(ids, anchors.ids[keep])
    empty = 3  # rows before the first: a bead reaches back 3 sentences at most
    dense = np.zeros((hi - lo + empty, -(-len(ids) // 64)), dtype=np.uint64)
    ones = np.left_shift(np.uint64(1), (bit & 63).astype(np.uint64))
    np.bitwise_or.at(dense, (anchors.rows[keep] - lo + empty, bit >> 6), ones)
    at = positions - lo + empty - 1  # sentence position - 1
    bits = dense[at]
    for before in range(1, count):
        bits |= dense[at - before]
    return bits
