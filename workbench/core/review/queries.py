"""Record queries: which decision records a list shows, and in what order (pure, no I/O).

One place for `workbench review list` and the records browser: filter by status, tag, due date
and a text search, sorted by date then id. An `Index` keeps what every filter needs per record
(computed once), so a screen can filter again at each keystroke without rebuilding it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from workbench.core.review.record import DecisionRecord

T = TypeVar("T")


@dataclass(frozen=True)
class Query:
    """What to show; every part is optional (empty: no filter)."""

    statuses: frozenset[str] = frozenset()
    """Any of these statuses."""
    tags: frozenset[str] = frozenset()
    """Any of these tags, as records spell them (keys: see `store.tag_key`)."""
    due: bool = False
    """Only records whose revisit-by date has come (and that are not superseded)."""
    text: str = ""
    """Words that must all appear, in any order and case, in the id, title, technology, tags
    or status."""


def is_due(record: DecisionRecord, day: dt.date) -> bool:
    """Its revisit-by date has come and it still stands (a superseded record is never due)."""
    return (
        record.revisit_by is not None and record.revisit_by <= day and record.status != "superseded"
    )


def sort_key(record: DecisionRecord) -> tuple[dt.date, str]:
    """Oldest first: by the date it was opened, then by id."""
    return (record.date, record.id)


def search_text(record: DecisionRecord) -> str:
    """What a text search looks in, casefolded."""
    parts = [record.id, record.title, record.technology.name, *record.tags, record.status]
    return " ".join(parts).casefold()


@dataclass(frozen=True)
class Entry:
    """One record's filter keys, computed once."""

    status: str
    tags: frozenset[str]
    due: bool
    haystack: str


def entry(record: DecisionRecord, day: dt.date) -> Entry:
    return Entry(record.status, frozenset(record.tags), is_due(record, day), search_text(record))


class Index:
    """`records` sorted (oldest first, or newest first), each with its filter keys as of `day`."""

    def __init__(
        self, records: Iterable[DecisionRecord], day: dt.date, *, newest_first: bool = False
    ) -> None:
        self.day = day
        self.records = sorted(records, key=sort_key, reverse=newest_first)
        self.entries = [entry(record, day) for record in self.records]

    def select(self, query: Query) -> list[int]:
        """The positions (in `records`) of the records `query` lets through, in order."""
        return self.pick(range(len(self.entries)), query)

    def pick(self, items: Sequence[T], query: Query) -> list[T]:
        """Of `items` (one per record, in the order of `records`: a screen's rows, say), those
        whose record `query` lets through."""
        words = query.text.casefold().split()
        statuses, tags, due = query.statuses, query.tags, query.due
        return [
            item
            for item, e in zip(items, self.entries, strict=True)
            if (not statuses or e.status in statuses)
            and (not tags or not tags.isdisjoint(e.tags))
            and (not due or e.due)
            and all(w in e.haystack for w in words)
        ]


def run(
    records: Iterable[DecisionRecord], query: Query, day: dt.date, *, newest_first: bool = False
) -> list[DecisionRecord]:
    """The records `query` lets through, oldest first (or newest first)."""
    if query == Query():  # no filter: no filter keys to compute
        return sorted(records, key=sort_key, reverse=newest_first)
    index = Index(records, day, newest_first=newest_first)
    return [index.records[n] for n in index.select(query)]
