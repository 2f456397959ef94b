"""The aligner's memory grows with the texts' length, not its square, however many anchors
(numbers, names) the texts share: numbered sentences (verses, articles of a law, a list)
each with its own number took 110 MB for 4,000 sentences a side and 2.4 GB for 20,000
(1 MB of text), as bit sets of every anchor for every sentence."""

from __future__ import annotations

import tracemalloc

from workbench.core.align import align


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
