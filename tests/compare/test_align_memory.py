"""The aligner's memory grows with the texts' length, not its square: however many anchors
(numbers, names) the texts share (numbered sentences, verses or a law's articles, each with
its own number took 110 MB for 4,000 sentences a side and 2.4 GB for 20,000, as bit sets of
every anchor for every sentence), and however long one sentence is (the band was as wide in
every row as in the widest)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from workbench.core.align import BAND, BAND_CELLS, align, band_limits
from workbench.core.align_features import features


def _peak(count: int) -> tuple[float, list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    source = [f"Satz {i} hat einige Wörter." for i in range(count)]
    target = [f"Sentence {i} has some words." for i in range(count)]
    align(source[:20], target[:20])  # imports and caches first
    tracemalloc.start()
    try:
        beads = align(source, target)
        return tracemalloc.get_traced_memory()[1], [(b.source, b.target) for b in beads]
    finally:
        tracemalloc.stop()


def test_many_shared_numbers_take_memory_in_proportion() -> None:
    small, beads_small = _peak(1000)
    large, beads_large = _peak(4000)
    assert beads_small == [((i,), (i,)) for i in range(1000)]
    assert beads_large == [((i,), (i,)) for i in range(4000)]
    assert large < 6 * small, (small, large)  # 4 times the sentences: at most 6 times the bytes
    assert large < 40e6, large


def _check_band(lo: np.ndarray, hi: np.ndarray, m: int) -> None:
    """The band's promise to the search: a path from (0, 0) to (n, m) always exists."""
    assert lo[0] == 0 and hi[-1] == m
    assert (lo <= hi).all() and (np.diff(hi) >= 0).all()
    assert (lo[1:] <= hi[:-1]).all()


def test_one_long_sentence_does_not_widen_every_row() -> None:
    """A sentence of 300,000 letters (a paste with no sentence end) among 20,000 short ones
    made the band 12,000 cells wide in every row: 7 GiB asked for at once (exit 3 or the
    machine's memory). The rows are kept to a budget of cells, the path still there."""
    source = np.array([300_000.0] + [6.0] * 20_000)
    target = np.array([21.0] * 20_000)
    lo, hi = band_limits(source, target, BAND)
    _check_band(lo, hi, len(target))
    assert len(lo) * int((hi - lo).max() + 1) <= max(BAND_CELLS, len(lo) * (4 * BAND + 1))


def test_a_band_kept_to_its_budget_still_aligns_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import workbench.core.align as aligner

    monkeypatch.setattr(aligner, "BAND_CELLS", 1000)
    source = ["Erster " + "x" * 5000 + "."] + ["Satz eins zwei drei."] * 300
    target = ["Sentence one two three."] * 300
    src, tgt = features(source, target)
    lo, hi = band_limits(src.lengths, tgt.lengths, BAND)
    _check_band(lo, hi, len(target))
    assert int((hi - lo).max()) <= 4 * BAND
    beads = align(source, target)
    assert [i for b in beads for i in b.source] == list(range(len(source)))
    assert [j for b in beads for j in b.target] == list(range(len(target)))


@pytest.mark.parametrize("seed", range(20))
def test_texts_of_ordinary_lengths_keep_the_band_they_had(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The budget binds only where a row would be far wider than the band."""
    import workbench.core.align as aligner

    rng = np.random.default_rng(seed)
    source = rng.integers(5, 200, 3000).astype(float)
    target = np.repeat(source, 1 + (rng.random(3000) < 0.1))[:2500] * 1.2
    lo, hi = band_limits(source, target, BAND)
    monkeypatch.setattr(aligner, "BAND_CELLS", 1 << 60)
    unbounded = band_limits(source, target, BAND)
    assert (lo == unbounded[0]).all() and (hi == unbounded[1]).all()
