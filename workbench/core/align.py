"""Sentence alignment of a translation to its source: Gale-Church, anchored.

Gale and Church (1993) align by length: a source sentence and its translation have lengths in
a roughly constant ratio, so the most probable sequence of *beads* (1-1, 2-1, 1-2, 1-0, 0-1
sentences) is found by dynamic programming over the two sentence lists. Here:

- lengths are counted in letter units (`flags.letter_units`: a Chinese character weighs 3, a
  kana 2, a letter 1), so Chinese or Japanese against English compares like with like, and
  the expected ratio is the two texts' overall ratio, not a constant;
- anchors: the numbers and names (capitalised words) that both texts have somewhere lower
  a bead's cost when both of its sides have them and raise it when only one side has one;
  the same closing punctuation (? and ？ alike, ! and ！) lowers it too;
- the search keeps to a band (`BAND` sentences either side) around the path where the two
  texts' cumulative lengths meet, so a chapter costs time in proportion to its length, not
  its square.

Every sentence of both texts is in exactly one bead, and the beads come in order.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from pydantic import BaseModel

from workbench.core.compare.flags import letter_units, numbers
from workbench.core.sentences import base_language, split_sentences

BAND = 10
VARIANCE = 6.8
_BEADS: dict[tuple[int, int], float] = {
    (1, 1): -math.log(0.89),
    (1, 0): -math.log(0.0099),
    (0, 1): -math.log(0.0099),
    (2, 1): -math.log(0.089),
    (1, 2): -math.log(0.089),
}
_END = {"?": "?", "？": "?", "!": "!", "！": "!", "…": "…", ":": ":", "：": ":"}
_QUOTES = "\"'»«“”„‘’」』)）]"


@dataclass(frozen=True)
class Bead:
    """Source sentences `source` translated as target sentences `target` (0-based indices)."""

    source: tuple[int, ...]
    target: tuple[int, ...]


@dataclass(frozen=True)
class _Sentence:
    length: float
    numbers: frozenset[str]
    names: frozenset[str]
    end: str


_STRIP = _QUOTES + ".,;:!?"


def _features(text: str) -> _Sentence:
    names = frozenset(
        w.strip(_STRIP) for w in text.split() if w[:1].isupper() and len(w.strip(_STRIP)) > 1
    )
    end = _END.get(text.rstrip(_QUOTES + " ")[-1:], ".")
    return _Sentence(letter_units(text) + 1.0, frozenset(numbers(text)), names, end)


def _anchored(
    src: list[_Sentence], tgt: list[_Sentence]
) -> tuple[list[_Sentence], list[_Sentence]]:
    """Keep as anchors only the numbers and names that both texts have somewhere."""
    numbers_both = frozenset().union(*(s.numbers for s in src)) & frozenset().union(
        *(t.numbers for t in tgt)
    )
    names_both = frozenset().union(*(s.names for s in src)) & frozenset().union(
        *(t.names for t in tgt)
    )

    def keep(x: _Sentence) -> _Sentence:
        return _Sentence(x.length, x.numbers & numbers_both, x.names & names_both, x.end)

    return [keep(s) for s in src], [keep(t) for t in tgt]


def align(source: Sequence[str], target: Sequence[str], *, band: int = BAND) -> list[Bead]:
    """The beads aligning `target` sentences to `source` sentences, in order."""
    if len(target) > len(source):  # walk along the longer text, so the band is never steep
        return [Bead(b.target, b.source) for b in align(target, source, band=band)]
    src, tgt = _anchored([_features(s) for s in source], [_features(t) for t in target])
    n, m = len(src), len(tgt)
    if m == 0:
        return [Bead((i,), ()) for i in range(n)]
    ratio = sum(t.length for t in tgt) / sum(s.length for s in src)
    lo, hi = _band(src, tgt, band)
    inf = math.inf
    cost: list[list[float]] = []
    back: list[list[int]] = []
    for i in range(n + 1):
        width = hi[i] - lo[i] + 1
        row_cost, row_back = [inf] * width, [0] * width
        cost.append(row_cost)
        back.append(row_back)
        for j in range(lo[i], hi[i] + 1):
            if i == 0 and j == 0:
                row_cost[0] = 0.0
                continue
            best, step = inf, 0
            for index, (di, dj, prior) in enumerate(_STEPS):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                before = cost[pi][pj - lo[pi]]
                if before == inf:
                    continue
                c = before + prior + _bead_cost(src, pi, i, tgt, pj, j, ratio)
                if c < best:
                    best, step = c, index
            row_cost[j - lo[i]] = best
            row_back[j - lo[i]] = step
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        di, dj, _ = _STEPS[back[i][j - lo[i]]]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def _band(src: list[_Sentence], tgt: list[_Sentence], band: int) -> tuple[list[int], list[int]]:
    """For each source position i, the target positions lo[i]..hi[i] searched: `band` either
    side of where the texts' cumulative lengths meet (which follows merges and splits better
    than the sentence counts would); each row starts no later than the row before ends, so
    a path always exists."""
    total_s = sum(s.length for s in src)
    total_t = sum(t.length for t in tgt)
    cumulative_t = list(accumulate((t.length / total_t for t in tgt), initial=0.0))
    lo, hi = [0], [min(len(tgt), band)]
    done = 0.0
    for s in src:
        done += s.length / total_s
        centre = bisect_left(cumulative_t, done - 1e-9)
        lo.append(max(0, min(centre - band, hi[-1])))
        hi.append(min(len(tgt), max(centre + band, hi[-1])))
    hi[-1] = len(tgt)
    return lo, hi


_STEPS = [(di, dj, prior) for (di, dj), prior in _BEADS.items()]
_LOG2 = math.log(2)
_ROOT2 = math.sqrt(2)


def _bead_cost(
    src: list[_Sentence], i0: int, i1: int, tgt: list[_Sentence], j0: int, j1: int, ratio: float
) -> float:
    """-log P(bead) for source sentences i0:i1 against target sentences j0:j1, anchored."""
    ls = sum(src[k].length for k in range(i0, i1))
    lt = sum(tgt[k].length for k in range(j0, j1))
    delta = abs(ls * ratio - lt) / math.sqrt((ls + lt / ratio) / 2 * VARIANCE)
    if delta < 8:
        cost = _LOG2 - math.log(0.5 * math.erfc(delta / _ROOT2))
    else:
        cost = _LOG2 + delta * delta / 2 + math.log(delta * math.sqrt(2 * math.pi))
    if i0 == i1 or j0 == j1:
        return cost
    first_s, last_s, first_t, last_t = src[i0], src[i1 - 1], tgt[j0], tgt[j1 - 1]
    s_numbers, t_numbers = first_s.numbers | last_s.numbers, first_t.numbers | last_t.numbers
    if s_numbers or t_numbers:
        cost -= 4.0 * len(s_numbers & t_numbers)
        cost += 3.0 * min(3, len(s_numbers ^ t_numbers))
    s_names, t_names = first_s.names | last_s.names, first_t.names | last_t.names
    if s_names or t_names:
        cost -= 2.0 * len(s_names & t_names)
        cost += 1.0 * min(3, len(s_names ^ t_names))
    s_end, t_end = last_s.end, last_t.end
    if s_end == t_end and s_end != ".":
        cost -= 1.0
    elif "?" in (s_end, t_end) and s_end != t_end:
        cost += 0.5
    return cost


class SentencePair(BaseModel):
    """One bead of an alignment as the exports show it: 0-based sentence indices on each side
    (either may be empty: a sentence left out, or one added) and the sentences' text."""

    source: list[int]
    target: list[int]
    source_text: str
    target_text: str


def align_texts(
    source: str, target: str, source_language: str, target_language: str
) -> list[SentencePair]:
    """Split both texts into sentences (`core.sentences`) and align them."""
    src = split_sentences(source, source_language)
    tgt = split_sentences(target, target_language)
    joiner_s, joiner_t = sentence_joiner(source_language), sentence_joiner(target_language)
    return [
        SentencePair(
            source=list(b.source),
            target=list(b.target),
            source_text=joiner_s.join(src[i] for i in b.source),
            target_text=joiner_t.join(tgt[j] for j in b.target),
        )
        for b in align(src, tgt)
    ]


def sentence_joiner(language: str) -> str:
    """Chinese, Japanese (and Thai) write sentences without a space between them."""
    return "" if base_language(language) in ("zh", "ja", "th") else " "
