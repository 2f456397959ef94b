"""Where the edits of a token diff sit: runs of edits are slid to the best boundaries (a
blank line, a line break, a space, the end of a word) and neighbouring runs of one kind merged,
so a diff reads as a person would mark it."""

from __future__ import annotations

from workbench.core.compare.anchored import DELETE, EQUAL, INSERT
from workbench.core.compare.tokens import has_line_break, is_space, is_word

Count = list[int]  # [op, number of tokens]


def _boundary_score(left: str | None, right: str | None) -> int:
    """How good a place between two tokens is for an edit to start or end (higher is better)."""
    if left is None or right is None:
        return 12  # the edge of the text
    if _blank_line(left) or _blank_line(right):
        return 10
    if has_line_break(left) or has_line_break(right):
        return 8
    if is_space(left):
        return 5  # before a word: "the {+cat +}sat" reads better than "the cat{+ cat+} sat"
    if is_space(right):
        return 4
    if not is_word(left) or not is_word(right):
        return 2
    return 0  # between two CJK characters, say


def _blank_line(token: str) -> bool:
    return token.count("\n") >= 2 or "\n\r\n" in token or "\r\r" in token


def shift_to_boundaries(counts: list[Count], ta: list[str], tb: list[str]) -> list[Count]:
    """diff_cleanupSemanticLossless over tokens: slide each lone edit between two equalities
    to the position where its two boundaries score best."""
    pa = pb = 0  # token positions in A and B at the start of counts[i]
    for i, (op, n) in enumerate(counts):
        if (
            0 < i < len(counts) - 1
            and op != EQUAL
            and counts[i - 1][0] == EQUAL
            and counts[i + 1][0] == EQUAL
            and counts[i - 1][1] > 0
        ):
            seq, start = (ta, pa) if op == DELETE else (tb, pb)
            left_eq, right_eq = counts[i - 1][1], counts[i + 1][1]
            # slide left as far as the tokens allow
            k = 0
            while k < left_eq and seq[start - 1 - k] == seq[start + n - 1 - k]:
                k += 1
            lo = start - k
            best, best_score = lo, -1
            pos = lo
            while True:
                score = _boundary_score(
                    seq[pos - 1] if pos > 0 else None, seq[pos]
                ) + _boundary_score(seq[pos + n - 1], seq[pos + n] if pos + n < len(seq) else None)
                if score >= best_score:
                    best, best_score = pos, score
                if pos - start >= right_eq or seq[pos] != seq[pos + n]:
                    break
                pos += 1
            shift = best - start
            if shift:
                counts[i - 1][1] += shift
                counts[i + 1][1] -= shift
                pa += shift  # the equality before grew: the edit starts later in both texts
                pb += shift
        if op != INSERT:
            pa += counts[i][1]
        if op != DELETE:
            pb += counts[i][1]
    return counts


def normalize(counts: list[Count]) -> list[Count]:
    """Drop empty ops and give each change one deletion followed by one insertion."""
    out: list[Count] = []
    deleted = inserted = 0
    for op, n in counts:
        if n == 0:
            continue
        if op == EQUAL:
            if deleted:
                out.append([DELETE, deleted])
            if inserted:
                out.append([INSERT, inserted])
            deleted = inserted = 0
            if out and out[-1][0] == EQUAL:
                out[-1][1] += n
            else:
                out.append([EQUAL, n])
        elif op == DELETE:
            deleted += n
        else:
            inserted += n
    if deleted:
        out.append([DELETE, deleted])
    if inserted:
        out.append([INSERT, inserted])
    return out
