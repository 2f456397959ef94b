"""The critique's numbers: a column's MQM score, and the ranking's best column and its
position consistency (Kendall's tau between the order asked forwards and backwards)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from workbench.core.compare.tokens import count_words
from workbench.core.critique.models import WEIGHTS, MarkedError


def source_tokens(source: str) -> int:
    """The source's tokens as the product counts them (one per CJK character, so a Chinese
    source is not scored as if it had a handful of words)."""
    return count_words(source)


def score(errors: Sequence[MarkedError], tokens: int) -> float:
    """Penalty points (minor 1, major 5, critical 10) per 100 source tokens; lower is better."""
    points = sum(WEIGHTS[e.severity] for e in errors)
    return round(100.0 * points / max(1, tokens), 2)


def kendall_tau(first: Sequence[str], second: Sequence[str]) -> float | None:
    """Kendall's tau between two orders of the same items (1: the same order, -1: reversed);
    None for fewer than two items or orders of different items."""
    if len(first) < 2 or sorted(first) != sorted(second) or len(set(first)) != len(first):
        return None
    where = {item: i for i, item in enumerate(second)}
    concordant = discordant = 0
    for a, b in combinations(first, 2):  # a before b in `first`
        if where[a] < where[b]:
            concordant += 1
        else:
            discordant += 1
    return (concordant - discordant) / (concordant + discordant)


def best_of(first: Sequence[str], second: Sequence[str]) -> str | None:
    """The column ranked first in both orders, else None (no consistent preference)."""
    if first and second and first[0] == second[0]:
        return first[0]
    return None


def valid_ranking(letters: Sequence[str], answer: Sequence[str]) -> list[str] | None:
    """The judge's ranking as letters, when it names every letter exactly once (case and
    white space forgiven); None otherwise."""
    cleaned = [a.strip().upper().removeprefix("TRANSLATION").strip() for a in answer]
    if sorted(cleaned) != sorted(letters) or len(set(cleaned)) != len(cleaned):
        return None
    return cleaned
