"""Diffs of symbol strings with no time budget: the same answer on a busy machine as on an idle one.

A symbol is one character standing for a line or a token (see `workbench.compare.diff`). Small
problems go to diff-match-patch's C++ port with no time limit (an exact, minimal diff). Big ones
are first cut at anchors, patience-diff style: symbols that occur exactly once in each string,
kept where their order agrees (the longest increasing subsequence), so the pieces between two
anchors are diffed on their own, and cut again if still too big. A piece too big to diff exactly
that has no anchor is reported as deleted and inserted whole. Every step is bounded by the size
of the input, never by the clock.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

DELETE, EQUAL, INSERT = -1, 0, 1
Count = list[int]  # [op, number of symbols]

_OPCODE = {"=": EQUAL, "-": DELETE, "+": INSERT}
_MAX_DEPTH = 64


def diff_symbols(a: str, b: str, *, exact_limit: int, cleanup: str = "Semantic") -> list[Count]:
    """Counts [op, n] turning `a` into `b`: exact when len(a) + len(b) <= exact_limit, else
    anchored (see the module docs). `cleanup` is diff-match-patch's ("Semantic" or "No")."""
    out: list[Count] = []
    _diff(a, b, exact_limit, cleanup, out, 0)
    return out


def _diff(a: str, b: str, limit: int, cleanup: str, out: list[Count], depth: int) -> None:
    if a == b:
        if a:
            out.append([EQUAL, len(a)])
        return
    if len(a) + len(b) <= limit:
        _exact(a, b, cleanup, out)
        return
    head = _common_prefix(a, b)
    tail = _common_suffix(a[head:], b[head:])
    if head:
        out.append([EQUAL, head])
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    if len(mid_a) + len(mid_b) <= limit:
        _exact(mid_a, mid_b, cleanup, out)
    else:
        anchors = _anchors(mid_a, mid_b) if depth < _MAX_DEPTH else []
        if not anchors:
            out.extend(c for c in ([DELETE, len(mid_a)], [INSERT, len(mid_b)]) if c[1])
        else:
            pa = pb = 0
            for i, j in anchors:
                if i > pa or j > pb:
                    _diff(mid_a[pa:i], mid_b[pb:j], limit, cleanup, out, depth + 1)
                if out and out[-1][0] == EQUAL:  # runs of anchors make one equality
                    out[-1][1] += 1
                else:
                    out.append([EQUAL, 1])
                pa, pb = i + 1, j + 1
            _diff(mid_a[pa:], mid_b[pb:], limit, cleanup, out, depth + 1)
    if tail:
        out.append([EQUAL, tail])


def _exact(a: str, b: str, cleanup: str, out: list[Count]) -> None:
    if not a and not b:
        return
    if not a or not b:
        out.append([INSERT, len(b)] if b else [DELETE, len(a)])
        return
    import fast_diff_match_patch

    raw = fast_diff_match_patch.diff(a, b, timelimit=0, checklines=False, cleanup=cleanup)
    out.extend([_OPCODE[op], n] for op, n in raw if n)


def _anchors(a: str, b: str) -> list[tuple[int, int]]:
    """Positions (i, j), increasing in both, of symbols found exactly once in `a` and in `b`:
    the longest chain of them whose order agrees."""
    count_a, count_b = Counter(a), Counter(b)
    where_b = {c: j for j, c in enumerate(b) if count_b[c] == 1 and count_a.get(c) == 1}
    if not where_b:
        return []
    pairs = [(i, where_b[c]) for i, c in enumerate(a) if c in where_b]
    # longest increasing subsequence of the j's (patience sorting), with back links
    tops: list[int] = []  # the smallest j ending a chain of each length
    top_index: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tops, j)
        if pos == len(tops):
            tops.append(j)
            top_index.append(k)
        else:
            tops[pos] = j
            top_index[pos] = k
        back[k] = top_index[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    k = top_index[-1]
    while k != -1:
        chain.append(pairs[k])
        k = back[k]
    chain.reverse()
    return chain


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix (a binary search over slices: C speed for long strings)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo
