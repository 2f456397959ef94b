"""Sentence alignment of a translation to its source: Gale-Church, anchored.

Gale and Church (1993) align by length: a source sentence and its translation have lengths in
a roughly constant ratio, so the most probable sequence of *beads* (1-1, 2-1, 1-2, 1-0, 0-1
sentences; here 3-1 and 1-3 too) is found by dynamic programming over the two sentence lists.
Here:

- lengths are counted in letter units (`flags.letter_units`: a Chinese character weighs 3, a
  kana 2, a letter 1), so Chinese or Japanese against English compares like with like;
- the length model (the ratio of the lengths, and the variance of their differences) is the
  paired sentences' own: a first search takes Gale and Church's (ratio 1, variance 6.8 per
  letter unit), and a second the model fitted to the beads it found with sentences on both
  sides (`fit_lengths`), unless that is the same. The whole texts' ratio would count the
  sentences left out or added too: one long sentence left out of a short passage moved it
  so far that the pairs after it shifted. And close translations differ in length far less
  than Gale and Church's variance (about 1 per letter unit), which made a neighbour merged
  with a sentence left out look as likely as the sentence standing alone
  (`tests/compare/test_align.py`, `bench.bench_align`). Tan and Bond's GaChalign fits the
  mean and variance to the texts likewise. A fitted variance at Gale and Church's or above
  keeps the first search: those pairs' lengths say too little to move it;
- anchors: the numbers, names (capitalised words), cognates (`align_features`,
  `align_cognates`) and a glossary's terms and renderings that both texts have somewhere lower
  a bead's cost when both of its sides have them and raise it when only one side has one; the
  same closing punctuation (? and ？ alike, ! and ！) lowers it too;
- a sentence standing alone (1-0 left out, 0-1 added, a translator's note say) costs its
  prior and its numbers, not its length (`_alone`);
- the search keeps to a band (`BAND` sentences either side) around the path where the two
  texts' cumulative lengths meet, so a chapter costs time in proportion to its length, not
  its square.

Every sentence of both texts is in exactly one bead, and the beads come in order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from pydantic import BaseModel, TypeAdapter

from workbench.core.align_features import (
    Anchors,
    Features,
    TermPairs,
    bead_sizes,
    features,
    shared_counts,
)
from workbench.core.align_search import BIG, STEPS, WINDOW, band_steps, search
from workbench.core.errors import WorkbenchError
from workbench.core.sentences import base_language, split_sentences

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

BAND = 10
BAND_CELLS = 1 << 21
"""The cells a band may hold beyond `BAND` cells either side in every row (some 200 bytes
each for the search): `band_limits` narrows its widest rows to keep within."""
RATIO_TOLERANCE = 0.02  # a fitted model this close (in logs) to the one searched with: no more
PASSES = 2
MIN_VARIANCE = 1.0  # a fitted variance is never below: a few pairs can look too alike
VARIANCE = 6.8
_PRIORS = {
    (1, 1): -math.log(0.89),
    (1, 0): -math.log(0.0099),
    (0, 1): -math.log(0.0099),
    (2, 1): -math.log(0.089),
    (1, 2): -math.log(0.089),
    (3, 1): -math.log(0.0089),  # each sentence more in a merge ten times rarer, as from 1-1 to 2-1
    (1, 3): -math.log(0.0089),
}
_QUESTION = 1  # `align_features.ENDS`
TERM_BOTH, TERM_ONE = 3.0, 1.5  # glossary terms: more than names, fewer than numbers


class Bead(NamedTuple):
    """Source sentences `source` translated as target sentences `target` (0-based indices)."""

    source: tuple[int, ...]
    target: tuple[int, ...]


def align(
    source: Sequence[str],
    target: Sequence[str],
    *,
    terms: TermPairs | None = None,
    band: int = BAND,
    window: int = WINDOW,
) -> list[Bead]:
    """The beads aligning `target` sentences to `source` sentences, in order (`terms`: a
    glossary's fixed renderings, anchors too; `window`: the rows searched side by side, see
    `align_search`)."""
    if len(target) > len(source):  # walk along the longer text, so the band is never steep
        flipped_terms = terms and TermPairs(
            terms.languages[::-1], tuple((t, s) for s, t in terms.pairs)
        )
        flipped = align(target, source, terms=flipped_terms, band=band, window=window)
        return [Bead(b.target, b.source) for b in flipped]
    if not target:
        return [Bead((i,), ()) for i in range(len(source))]
    src, tgt = features(source, target, terms)
    lo, hi = band_limits(src.lengths, tgt.lengths, band)
    allowed, gather = band_steps(lo, hi, int((hi - lo).max()) + 1)
    costs = bead_costs(src, tgt, lo, hi, allowed)
    model = LengthModel(1.0, VARIANCE)
    nodes = search(lo, hi, costs.at(model), costs.along, gather, window)
    for _ in range(PASSES - 1):
        fitted = fit_lengths(nodes, src.lengths, tgt.lengths)
        if fitted.close_to(model) or fitted.variance >= VARIANCE:
            break  # the same, or pairs whose lengths say less than Gale and Church's expect
        model = fitted
        nodes = search(lo, hi, costs.at(model), costs.along, gather, window)
    return [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1))) for (i0, j0), (i1, j1) in pairwise(nodes)
    ]


def band_limits(
    source_lengths: np.ndarray, target_lengths: np.ndarray, band: int
) -> tuple[np.ndarray, np.ndarray]:
    """For each source position i, the target positions lo[i]..hi[i] searched: `band` either
    side of where the texts' cumulative lengths meet (which follows merges and splits better
    than the sentence counts would); each row starts no later than the row before ends, so
    a path always exists.

    Where one sentence is far longer than the rest (a paste with no sentence end), the
    centre jumps and the row after it spans the jump; the search stores every row as wide
    as the widest, so rows are narrowed to keep within `BAND_CELLS` (`_narrowed`)."""
    import numpy as np

    m = len(target_lengths)
    done = np.cumsum(source_lengths / source_lengths.sum())
    cumulative_t = np.concatenate(([0.0], np.cumsum(target_lengths / target_lengths.sum())))
    centre = np.searchsorted(cumulative_t, done - 1e-9, side="left")
    hi = np.minimum(m, np.maximum.accumulate(np.concatenate(([band], centre + band))))
    lo = np.concatenate(([0], np.maximum(0, np.minimum(centre - band, hi[:-1]))))
    hi[-1] = m
    cap = max(4 * band, BAND_CELLS // len(lo) - 1)  # cells a row holds: cap + 1
    if int((hi - lo).max()) > cap:
        return _narrowed(lo, hi, m, cap)
    return lo, hi


def _narrowed(lo: np.ndarray, hi: np.ndarray, m: int, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """The band `lo`..`hi` with no row more than `cap` cells past its start, the path still
    there: a row ends at most `cap` past where the row before ends (the first at `cap`) and
    at least `cap` times the rows left short of `m`, and starts no later than the row before
    ends. (Rows after a long sentence then follow the centre a few rows late.)"""
    import numpy as np

    steps = np.arange(len(hi)) * cap
    hi = steps + np.minimum(np.minimum.accumulate(hi - steps), cap)
    hi[-1] = m
    hi = steps + np.maximum.accumulate((hi - steps)[::-1])[::-1]
    before = np.concatenate(([0], hi[:-1]))
    return np.minimum(np.maximum(lo, hi - cap), before), hi


class LengthModel(NamedTuple):
    """Gale and Church's: a target length of `ratio` times the source's, the difference
    normal with `variance` per letter unit."""

    ratio: float
    variance: float

    def close_to(self, other: LengthModel) -> bool:
        return all(
            abs(math.log(mine / theirs)) <= RATIO_TOLERANCE
            for mine, theirs in zip(self, other, strict=True)
        )


def fit_lengths(
    nodes: Sequence[tuple[int, int]], source_lengths: np.ndarray, target_lengths: np.ndarray
) -> LengthModel:
    """The length model of the beads (between `nodes`) that have sentences on both sides: the
    ratio of their lengths, and the variance of their differences (at least `MIN_VARIANCE`,
    at most `VARIANCE`); the first search's model when there are none."""
    import numpy as np

    at = np.array(nodes)
    cum_s = np.concatenate(([0.0], np.cumsum(source_lengths)))[at[:, 0]]
    cum_t = np.concatenate(([0.0], np.cumsum(target_lengths)))[at[:, 1]]
    ls, lt = np.diff(cum_s), np.diff(cum_t)
    both = (ls > 0) & (lt > 0)
    ls, lt = ls[both], lt[both]
    if not len(ls):
        return LengthModel(1.0, VARIANCE)
    ratio = float(lt.sum() / ls.sum())
    spread = float(np.mean((ls * ratio - lt) ** 2 / ((ls + lt / ratio) / 2)))
    return LengthModel(ratio, min(VARIANCE, max(MIN_VARIANCE, spread)))


@dataclass
class BeadCosts:
    """The costs of `bead_costs`: what does not depend on the length model is summed once."""

    allowed: np.ndarray
    fixed: np.ndarray  # [i, s, k]: priors, closing punctuation, anchors; BIG outside the band
    spans: list[tuple[int, np.ndarray, np.ndarray]]  # (s, source, target lengths of the step)
    along: np.ndarray  # [i, k]: the 0-1 step along row i into cell k

    def at(self, model: LengthModel) -> np.ndarray:
        """-log P(bead) of every step into every cell, lengths expected as `model` says."""
        import numpy as np

        costs = self.fixed.copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            for s, ls, lt in self.spans:
                length = _length_cost(ls, lt, model)
                costs[:, s, :] = np.where(self.allowed[:, s], costs[:, s, :] + length, BIG)
        return costs


def bead_costs(
    src: Features, tgt: Features, lo: np.ndarray, hi: np.ndarray, allowed: np.ndarray
) -> BeadCosts:
    """-log P(bead) of every step into every cell of the band (see `align_search`): the
    priors, closing punctuation and anchors summed once, and the lengths of each step, whose
    cost (Gale and Church's) `BeadCosts.at` adds for a length model."""
    import numpy as np

    rows, m = len(lo), len(tgt.lengths)
    width = allowed.shape[2]
    cum_s = np.concatenate(([0.0], np.cumsum(src.lengths)))
    cum_t = np.concatenate(([0.0], np.cumsum(tgt.lengths)))
    i = np.arange(rows)[:, None]
    j = np.minimum(lo[:, None] + np.arange(width)[None, :], m)
    fixed = np.empty((rows, len(STEPS), width))
    spans = []
    end_s = np.concatenate(([0], src.ends))[i]
    end_t = np.concatenate(([0], tgt.ends))[j]
    ends = np.where((end_s == end_t) & (end_s != 0), -1.0, 0.0)
    ends += np.where(((end_s == _QUESTION) | (end_t == _QUESTION)) & (end_s != end_t), 0.5, 0.0)
    anchors = {
        "n": (src.numbers, tgt.numbers),
        "a": (src.names, tgt.names),
        "c": (src.cognates, tgt.cognates),
        "g": (src.terms, tgt.terms),
    }
    sides = {
        (kind, count): (
            bead_sizes(anchors[kind][0], count, len(src.lengths)),
            bead_sizes(anchors[kind][1], count, m),
        )
        for kind in anchors
        for count in (1, 2, 3)
    }
    for s, (di, dj) in enumerate(STEPS):
        if not dj:  # a sentence left out: its prior and its numbers, not its length
            cost = _PRIORS[di, dj] + _alone(sides, 0)[:, None] + np.zeros(j.shape)
        else:
            cost = _PRIORS[di, dj] + ends
            for kind, both, one in _ANCHORS:
                sizes = (sides[kind, di][0], sides[kind, dj][1])
                if sizes[0].any() or sizes[1].any():  # a kind neither text has costs nothing
                    cost = cost + _anchor_cost(
                        anchors[kind], (di, dj), sizes, j, allowed[:, s], both, one
                    )
            ls = cum_s[i] - cum_s[np.maximum(i - di, 0)]
            spans.append((s, ls, cum_t[j] - cum_t[np.maximum(j - dj, 0)]))
        fixed[:, s, :] = np.where(allowed[:, s], cost, BIG)
    along = _PRIORS[0, 1] + _alone(sides, 1)[j]  # a sentence added
    return BeadCosts(allowed, fixed, spans, along)


_ANCHORS = (("n", 4.0, 3.0), ("a", 2.0, 1.0), ("c", 1.0, 0.5), ("g", TERM_BOTH, TERM_ONE))
"""Numbers, names, cognates, glossary terms: so much less per anchor on both sides, more per
one side only."""


def _alone(sides: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]], side: int) -> np.ndarray:
    """[k]: what a sentence standing alone (1-0, 0-1) costs beyond its prior: its numbers,
    which the other text has somewhere, each as one number on one side only of a bead. Its
    names cost nothing: a name recurs (Siddhartha is in a sentence of every few), so the
    other text having it somewhere says little of this sentence; charged, they made a lone
    sentence with a name dearer than shifting the pairs after it (measured on the Kamala
    passage of `tests/compare/test_align.py`, each sentence left out in turn: 22 of 48 right
    with names charged, 30 free).

    Gale and Church charge such a sentence for its length too, as if it were paired with
    nothing of length 0; a merge with a neighbour then always came cheaper, and a sentence
    left out or added (a translator's note) was never found, but glued to a neighbour and
    the pairs after it shifted (`bench.bench_align`: boundaries found in texts with such
    sentences went from about 90% to 98%)."""
    import numpy as np

    one = next(one for kind, _both, one in _ANCHORS if kind == "n")
    return one * np.minimum(3, sides["n", 1][side]).astype(float)


_LOG4 = math.log(4)
_ROOT2 = math.sqrt(2)
_ERFC = (  # Numerical Recipes' erfcc: log erfc(z) = log t - z² + this polynomial in t
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
    0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
)  # fmt: skip


def _length_cost(ls: np.ndarray | float, lt: np.ndarray, model: LengthModel) -> np.ndarray:
    """-log P(the lengths | a bead) as Gale and Church: twice the normal tail beyond delta,
    taken in logs (relative error below 1.2e-7 however far out), so no cost is infinite."""
    import numpy as np

    ratio, variance = model
    delta = np.abs(ls * ratio - lt) / np.sqrt((ls + lt / ratio) / 2 * variance)
    z = delta / _ROOT2
    t = 1.0 / (1.0 + 0.5 * z)
    poly = np.full_like(t, _ERFC[-1])
    for c in _ERFC[-2::-1]:  # in place: the same sums, no new array each time
        poly *= t
        poly += c
    z *= z
    return _LOG4 - (np.log(t) - z + poly)


def _anchor_cost(
    anchors: tuple[Anchors, Anchors],
    step: tuple[int, int],
    sizes: tuple[np.ndarray, np.ndarray],
    j: np.ndarray,
    allowed: np.ndarray,
    both: float,
    one: float,
) -> np.ndarray:
    """`both` less per anchor on both sides of the bead, `one` more per anchor on one side
    only (at most 3): only cells whose two sides have anchors need them compared."""
    import numpy as np

    size_s, size_t = sizes[0][:, None], sizes[1][j]
    shared = np.zeros(j.shape)
    rows, cells = np.nonzero((size_s > 0) & (size_t > 0) & allowed)
    if len(rows):
        shared[rows, cells] = shared_counts(*anchors, *step, rows, j[rows, cells])
    return -both * shared + one * np.minimum(3, size_s + size_t - 2 * shared)


class SentencePair(BaseModel):
    """One bead of an alignment as the exports show it: 0-based sentence indices on each side
    (either may be empty: a sentence left out, or one added) and the sentences' text."""

    source: list[int]
    target: list[int]
    source_text: str
    target_text: str


def align_texts(
    source: str,
    target: str,
    source_language: str,
    target_language: str,
    *,
    terms: Sequence[tuple[str, str]] = (),
    max_sentences: int | None = None,
    names: tuple[str, str] = ("the source", "the translation"),
) -> list[SentencePair]:
    """Split both texts into sentences (`core.sentences`) and align them, a glossary's
    (term, rendering) `terms` anchors too; with `max_sentences`, a text with more sentences
    is a WorkbenchError naming it (`names`) before any alignment (the aligner's memory grows
    with the sentences)."""
    src = split_sentences(source, source_language)
    tgt = split_sentences(target, target_language)
    for sentences, name in zip((src, tgt), names, strict=True):
        if max_sentences is not None and len(sentences) > max_sentences:
            raise WorkbenchError(
                f"{name}: {len(sentences):,} sentences, more than the {max_sentences:,} "
                "aligned at a time; align it in parts"
            )
    joiner_s, joiner_t = sentence_joiner(source_language), sentence_joiner(target_language)
    glossary = TermPairs((source_language, target_language), tuple(terms)) if terms else None
    return _pair_list().validate_python(  # one call validates them all: 3x faster than each
        [
            {
                "source": b.source,
                "target": b.target,
                "source_text": joiner_s.join([src[i] for i in b.source]),
                "target_text": joiner_t.join([tgt[j] for j in b.target]),
            }
            for b in align(src, tgt, terms=glossary)
        ]
    )


@lru_cache(maxsize=1)
def _pair_list() -> TypeAdapter[list[SentencePair]]:
    return TypeAdapter(list[SentencePair])


def sentence_joiner(language: str) -> str:
    """Chinese, Japanese (and Thai) write sentences without a space between them."""
    return "" if base_language(language) in ("zh", "ja", "th") else " "
