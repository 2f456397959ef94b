"""Cognates, the anchors of `core.align` that two texts in languages written alike share:
Simard, Foster and Isabelle's (1992) words of at least four letters whose first four (case
and accents folded) both texts have, "village" and "village", "lettre" and "letter",
"historia" and "history"; kept when each text has them at most `RARE` times.

A text is read as one array of code points, not word by word: each word's first four letters
are packed into one 64-bit number, so counting and matching them are sorts of numbers (a word
list cut into four-letter strings and sorted took three times as long as splitting the
sentences, `bench.bench_align`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple
from unicodedata import combining, normalize

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

COGNATE_PREFIX = 4
RARE = 3  # a cognate more often than this in either text is too common to place a sentence
_OTHER, _LETTER, _LINE_END, _ACCENT = 0, 1, 2, 3


class Cognates(NamedTuple):
    """Both texts' cognates: sentence `rows[p]` of a text has cognate `ids[p]`, an index into
    `starts` (the four letters, sorted), each pair once, in order of sentence then id."""

    source: tuple[np.ndarray, np.ndarray]  # rows, ids
    target: tuple[np.ndarray, np.ndarray]
    starts: list[str]


def cognates(source: Sequence[str], target: Sequence[str]) -> Cognates:
    """The cognates of `source` and `target` (each a list of sentences)."""
    import numpy as np

    (letters_s, rows_s), (letters_t, rows_t) = _word_starts(source), _word_starts(target)
    keys_s, keys_t = _keys(letters_s, letters_t)
    rare = []
    for keys in (keys_s, keys_t):
        unique, times = np.unique(keys, return_counts=True)
        rare.append(unique[times <= RARE])
    shared = np.intersect1d(rare[0], rare[1])
    found, size = [], max(len(shared), 1)
    for keys, rows in ((keys_s, rows_s), (keys_t, rows_t)):
        hit = np.flatnonzero(np.isin(keys, shared))
        ids = np.searchsorted(shared, keys[hit])
        pairs = np.unique(rows[hit] * size + ids)
        found.append((hit, ids, (pairs // size, pairs % size)))
    hit, ids, _pairs = found[0]
    _ids, first = np.unique(ids, return_index=True)  # each shared start, where source has it
    starts = ["".join(map(chr, row)) for row in letters_s[hit[first]].tolist()]
    return Cognates(found[0][2], found[1][2], starts)


def _word_starts(sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """[p, 0..3]: the first four letters (lower case, accents dropped, as code points) of every
    word of at least four letters, and [p]: the index of each one's sentence."""
    import numpy as np

    empty = np.zeros((0, COGNATE_PREFIX), dtype=np.uint32), np.zeros(0, dtype=np.int64)
    if not sentences:
        return empty
    joined = "\n".join(sentences)
    if joined.count("\n") != len(sentences) - 1:  # a line end inside a sentence: a space
        joined = "\n".join(sentence.replace("\n", " ") for sentence in sentences)
    folded = joined.lower() if joined.isascii() else normalize("NFKD", joined.lower())
    points = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = _kinds(points)
    kept = kinds != _ACCENT
    if not kept.all():
        points, kinds = points[kept], kinds[kept]
    size = len(points)
    if not size:
        return empty
    letter = np.concatenate((kinds == _LETTER, np.zeros(COGNATE_PREFIX, dtype=bool)))
    starts = letter[:size].copy()
    starts[1:] &= ~letter[: size - 1]
    for ahead in range(1, COGNATE_PREFIX):
        starts &= letter[ahead : size + ahead]
    at = np.flatnonzero(starts)
    if not len(at):
        return empty
    sentence = np.searchsorted(np.flatnonzero(kinds == _LINE_END), at)
    return points[at[:, None] + np.arange(COGNATE_PREFIX)[None, :]], sentence


def _kinds(points: np.ndarray) -> np.ndarray:
    """Each code point's kind: a letter, a line end, a combining accent (dropped) or other."""
    import numpy as np

    kinds = np.take(_ascii_kinds(), np.minimum(points, 127))
    wide = np.flatnonzero(points > 127)
    if len(wide):
        chars, where = np.unique(points[wide], return_inverse=True)
        kinds[wide] = np.array([_kind(chr(c)) for c in chars.tolist()], dtype=np.uint8)[where]
    return kinds


@lru_cache(maxsize=1)
def _ascii_kinds() -> np.ndarray:
    import numpy as np

    return np.array([_kind(chr(c)) for c in range(128)], dtype=np.uint8)


@lru_cache(maxsize=65536)
def _kind(char: str) -> int:
    if char == "\n":
        return _LINE_END
    if combining(char):
        return _ACCENT
    return _LETTER if char.isalpha() else _OTHER


_BITS = 16  # four letters of 16 bits each fit in 64


def _keys(*texts: np.ndarray) -> list[np.ndarray]:
    """Each text's four-letter starts as one number each, sorting as the letters do: the
    code points where all are in the Basic Multilingual Plane (16 bits each), else the
    letters' ranks among both texts' letters, else the starts' ranks among both texts'."""
    import numpy as np

    letters = np.concatenate(texts)
    if len(letters) and int(letters.max()) >= 1 << _BITS:
        chars, ranks = np.unique(letters, return_inverse=True)
        if len(chars) < 1 << _BITS:
            letters = ranks.reshape(letters.shape)
        else:  # more different letters than 16 bits tell apart: rank the starts themselves
            _starts, ranks = np.unique(letters, axis=0, return_inverse=True)
            return np.split(ranks.reshape(-1).astype(np.uint64), [len(texts[0])])
    keys = np.zeros(len(letters), dtype=np.uint64)
    for column in range(COGNATE_PREFIX):
        keys = (keys << np.uint64(_BITS)) | letters[:, column].astype(np.uint64)
    return np.split(keys, [len(texts[0])])
