"""The search of `core.align`: the cheapest path of beads through a band of the
(source sentence, target sentence) grid, vectorized with numpy.

The grid has a row per source position i (0..n) and, in that row, the target positions
lo[i]..hi[i]; a row is stored `width` cells wide, cell k standing for target position
lo[i] + k. Every bead cost of every cell is computed at once (arrays, no per-cell Python);
the dynamic programme then walks the rows, each row in a handful of array operations: the
steps from the rows above (1-1, 1-0, 1-2, 1-3 from the row before, 2-1 and 3-1 from those before)
by gathering, and the 0-1 steps along the row as a running minimum.

A long text is cut into overlapping windows of `WINDOW` rows searched side by side, so the
walk takes `WINDOW` steps whatever the text's length. Each window after the first starts
free (anywhere in its first rows); the path is taken from the last window back to the
first, and each earlier window is followed back from a node of the later window's path in
the middle of their overlap. Best paths from different starts meet within a few sentences
(a bead's cost is local), so by the middle of an overlap the later window's path is the one
a single search would find; `tests/compare/test_align.py` checks this against the one-window
search on long texts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

BIG = 1e12  # the cost of a cell outside the band: finite, so arithmetic on it stays exact enough
WINDOW = 64  # rows a window walks
OVERLAP = 24  # rows two neighbouring windows share
STEPS = ((1, 1), (1, 0), (1, 2), (2, 1), (1, 3), (3, 1))  # (source, target) sentences of the
# steps from above
LOOKBACK = max(di for di, _dj in STEPS)  # rows above a step can start from
ZERO_ONE = len(STEPS)  # the step along a row: one target sentence alone
START = ZERO_ONE + 1


def search(
    lo: np.ndarray,
    hi: np.ndarray,
    costs: np.ndarray,
    along: np.ndarray,
    gather: np.ndarray,
    window: int = WINDOW,
) -> list[tuple[int, int]]:
    """The nodes (i, j) of the cheapest path from (0, 0) to (n, m), in order.

    `costs[i, s, k]`: the cost of step `STEPS[s]` into cell k of row i (BIG where it cannot be
    taken); `along[i, k]`: the cost of the 0-1 step from cell k-1 into cell k of row i;
    `gather`: from `band_steps`."""
    import numpy as np

    rows, width = along.shape
    valid = np.arange(width)[None, :] <= (hi - lo)[:, None]
    along = np.where(valid, along, BIG)
    along[:, 0] = 0.0
    running = np.cumsum(along, axis=1)
    window = max(window, 2 * OVERLAP)
    if rows <= window + OVERLAP:
        starts = np.array([0])
        window = rows
    else:
        stride = window - OVERLAP
        starts = np.append(np.arange(0, rows - window, stride), rows - window)
    back = _walk(starts, window, width, costs, running, gather, ~valid)
    nodes: list[tuple[int, int]] = []
    node, lows = (rows - 1, int(hi[-1])), lo.tolist()
    for w in range(len(starts) - 1, -1, -1):
        stop = 0 if w == 0 else int(starts[w]) + (int(starts[w - 1]) + window - starts[w]) // 2
        node = _follow(back[w], int(starts[w]), lows, node, stop, nodes)
    nodes.append(node)
    nodes.reverse()
    return nodes


def band_steps(lo: np.ndarray, hi: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """For each cell k of each row i and each step `STEPS[s]` into it, [i, s, k]: whether the
    step starts inside the band, and where its start is in the `LOOKBACK` rows above laid
    side by side (row i-3 first, row i-1 last; the cell's own place when there is none)."""
    import numpy as np

    rows = len(lo)
    k = np.arange(width)[None, :]
    last = hi - lo
    allowed = np.zeros((rows, len(STEPS), width), dtype=bool)
    gather = np.empty((rows, len(STEPS), width), dtype=np.intp)
    for s, (di, dj) in enumerate(STEPS):
        above = np.arange(rows) - di
        clipped = np.maximum(above, 0)
        pk = (lo[:, None] + k - dj) - lo[clipped][:, None]
        inside = (pk >= 0) & (pk <= last[clipped][:, None]) & (above >= 0)[:, None]
        allowed[:, s, :] = inside & (k <= last[:, None])
        gather[:, s, :] = np.where(inside, pk, 0) + (LOOKBACK - di) * width
    return allowed, gather


def _walk(
    starts: np.ndarray,
    window: int,
    width: int,
    costs: np.ndarray,
    running: np.ndarray,
    gather: np.ndarray,
    outside: np.ndarray,
) -> np.ndarray:
    """Walk every window's rows side by side; the step taken into each cell of each window."""
    import numpy as np

    count = len(starts)
    table = np.full((count, window + LOOKBACK, width), BIG)
    before = np.maximum(starts[1:, None] - LOOKBACK + np.arange(LOOKBACK), 0)
    table[1:, :LOOKBACK, :] = np.where(outside[before], BIG, 0)
    flat = table.reshape(-1)
    base = (np.arange(count) * (window + LOOKBACK) * width)[:, None, None]
    back = np.empty((count, window, width), dtype=np.int8)
    for q in range(window):
        rows = starts + q
        candidates = flat[gather[rows] + (base + q * width)]
        candidates += costs[rows]
        step = candidates.argmin(axis=1)
        best = candidates.min(axis=1)
        if q == 0 and starts[0] == 0:
            best[0, 0], step[0, 0] = 0.0, START
        shifted = best - running[rows]
        lowest = np.minimum.accumulate(shifted, axis=1)
        row = lowest + running[rows]
        np.putmask(row, outside[rows], BIG)
        table[:, q + LOOKBACK, :] = row
        back[:, q, :] = np.where(lowest < shifted, ZERO_ONE, step)
    return back


def _follow(
    back: np.ndarray,
    start: int,
    lo: list[int],
    node: tuple[int, int],
    stop: int,
    nodes: list[tuple[int, int]],
) -> tuple[int, int]:
    """Follow one window's steps back from `node` until a row at or before `stop`; append the
    nodes left behind, return the one reached."""
    steps, width = back.tobytes(), back.shape[1]  # a bytes' item is a plain int: fast to read
    i, j = node
    while i > stop or (stop == 0 and j > 0):
        step = steps[(i - start) * width + j - lo[i]]
        nodes.append((i, j))
        if step == ZERO_ONE:
            j -= 1
        else:
            di, dj = STEPS[step]
            i, j = i - di, j - dj
    return i, j
