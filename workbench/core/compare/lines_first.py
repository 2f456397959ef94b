"""The word diff of big texts: lines first, then words inside each block of changed lines.

Each line (with its line break) becomes one symbol and the two line strings are diffed
(`anchored`, no time budget). Runs of lines equal in both texts are kept whole and only counted
(their non-whitespace tokens, for the similarity); each block of changed lines (the lines deleted
from A and inserted in B between two equal runs) gets the ordinary word diff.
The cost grows with the size of the texts and of what changed, never with the clock.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.core.compare.anchored import DELETE, EQUAL, INSERT, diff_symbols
from workbench.core.compare.tokens import count_words, tokenize

Op = tuple[int, str]
_FIRST_CHAR = 0x10000
_LAST_CHAR = 0x10FFFF
EXACT_LINES = 20_000


def diff_lines_first(
    a: str,
    b: str,
    encode: Callable[[list[str]], str | None],
    exact_tokens: int,
) -> tuple[list[Op], float]:
    """The ops of `a` against `b` and their similarity (as `diff.similarity` defines it).
    `encode` maps a block's tokens to stand-in characters (None: the vocabulary is full)."""
    from workbench.core.compare.diff import _dice, counted_prefix, materialize_counts, token_counts

    lines_a, lines_b = a.splitlines(keepends=True), b.splitlines(keepends=True)
    chars_a, chars_b = line_symbols(lines_a, lines_b)
    line_counts = diff_symbols(chars_a, chars_b, exact_limit=EXACT_LINES, cleanup="No")

    ops: list[Op] = []
    equal = total = 0
    pa = pb = 0
    block_a: list[str] = []
    block_b: list[str] = []

    def flush() -> None:
        nonlocal equal, total
        if not block_a and not block_b:
            return
        text_a, text_b = "".join(block_a), "".join(block_b)
        ta, tb = tokenize(text_a), tokenize(text_b)
        ca, cb = encode(ta), encode(tb)
        if ca is None or cb is None:  # no stand-ins left: the block as deleted and inserted
            counts = [c for c in ([DELETE, len(ta)], [INSERT, len(tb)]) if c[1]]
        else:
            counts = token_counts(ca, cb, ta, tb, exact_tokens)
        pre_a, pre_b = counted_prefix(ta), counted_prefix(tb)
        block_ops, same = materialize_counts(counts, ta, tb, pre_a)
        ops.extend(block_ops)
        equal += same
        total += pre_a[-1] + pre_b[-1]
        block_a.clear()
        block_b.clear()

    for op, n in line_counts:
        if op == EQUAL:
            flush()
            run = "".join(lines_a[pa : pa + n])
            words = count_words(run)
            ops.append((EQUAL, run))
            equal += words
            total += 2 * words
            pa += n
            pb += n
        elif op == DELETE:
            block_a.extend(lines_a[pa : pa + n])
            pa += n
        else:
            block_b.extend(lines_b[pb : pb + n])
            pb += n
    flush()
    return merge_ops(ops), _dice(equal, total, a == b)


def line_symbols(lines_a: list[str], lines_b: list[str]) -> tuple[str, str]:
    """One character per line. A line found in only one of the texts can never be matched, so
    all such lines of A share one character and those of B another; every line found in both
    gets its own. Past the million or so characters there are, further common lines are
    treated as found in one text only: never a wrong match, only fewer matches."""
    common = set(lines_a).intersection(lines_b)
    only_a, only_b = chr(_FIRST_CHAR), chr(_FIRST_CHAR + 1)
    vocab: dict[str, str] = {}
    next_code = _FIRST_CHAR + 2

    def symbols(lines: list[str], alone: str) -> str:
        nonlocal next_code
        out = []
        for line in lines:
            char = vocab.get(line)
            if char is None:
                if line not in common or next_code > _LAST_CHAR:
                    char = alone
                else:
                    char = vocab[line] = chr(next_code)
                    next_code += 1
            out.append(char)
        return "".join(out)

    return symbols(lines_a, only_a), symbols(lines_b, only_b)


def merge_ops(ops: list[Op]) -> list[Op]:
    """Adjacent ops of one kind joined, and each change one deletion then one insertion."""
    out: list[Op] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append((DELETE, "".join(deleted)))
        if inserted:
            out.append((INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for op, text in ops:
        if not text:
            continue
        if op == EQUAL:
            flush()
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + text)
            else:
                out.append((EQUAL, text))
        elif op == DELETE:
            deleted.append(text)
        else:
            inserted.append(text)
    flush()
    return out
