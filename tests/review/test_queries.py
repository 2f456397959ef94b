"""The one query module behind `review list` and the records browser: filter and sort."""

from __future__ import annotations

import datetime as dt

from tests.review.conftest import record
from workbench.core.review import queries
from workbench.core.review.queries import Query
from workbench.core.review.record import DecisionRecord

DAY = dt.date(2025, 6, 1)


def _records() -> list[DecisionRecord]:
    kafka = record("2024-01-02-adopt-kafka-aaaaa", status="accepted", title="Adopt Kafka")
    redis = record(
        "2024-03-04-adopt-redis-bbbbb", status="proposed", title="Adopt Redis", technology="Redis"
    )
    old = record(
        "2023-05-06-adopt-ant-ccccc", status="superseded", title="Adopt Ant", technology="Ant"
    )
    return [
        kafka.model_copy(update={"tags": ["data", "queues"], "revisit_by": DAY}),
        redis.model_copy(update={"tags": ["cache"], "date": dt.date(2024, 3, 4)}),
        old.model_copy(update={"date": dt.date(2023, 5, 6), "revisit_by": dt.date(2024, 1, 1)}),
    ]


def _ids(records: list[DecisionRecord]) -> list[str]:
    return [r.id.rsplit("-", 1)[1] for r in records]


def test_due_means_revisit_date_reached_and_not_superseded() -> None:
    kafka, redis, old = _records()
    assert queries.is_due(kafka, DAY) and not queries.is_due(kafka, DAY - dt.timedelta(days=1))
    assert not queries.is_due(redis, DAY)  # no revisit date
    assert not queries.is_due(old, DAY)  # superseded: never due


def test_filters_combine_and_each_one_is_optional() -> None:
    records = _records()
    assert _ids(queries.run(records, Query(), DAY)) == ["ccccc", "aaaaa", "bbbbb"]
    assert _ids(queries.run(records, Query(statuses=frozenset({"proposed"})), DAY)) == ["bbbbb"]
    many = Query(statuses=frozenset({"proposed", "accepted"}))
    assert _ids(queries.run(records, many, DAY)) == ["aaaaa", "bbbbb"]
    assert _ids(queries.run(records, Query(tags=frozenset({"queues", "cache"})), DAY)) == [
        "aaaaa",
        "bbbbb",
    ]
    assert _ids(queries.run(records, Query(due=True), DAY)) == ["aaaaa"]
    both = Query(statuses=frozenset({"proposed"}), due=True)
    assert queries.run(records, both, DAY) == []


def test_text_search_needs_every_word_in_any_order_and_case() -> None:
    records = _records()
    assert _ids(queries.run(records, Query(text="kafka ADOPT"), DAY)) == ["aaaaa"]
    assert _ids(queries.run(records, Query(text="bbbbb"), DAY)) == ["bbbbb"]  # the id
    assert _ids(queries.run(records, Query(text="queues"), DAY)) == ["aaaaa"]  # a tag
    assert _ids(queries.run(records, Query(text="superseded"), DAY)) == ["ccccc"]  # status
    assert queries.run(records, Query(text="kafka redis"), DAY) == []


def test_newest_first_is_the_reverse_of_oldest_first() -> None:
    records = _records()
    oldest = queries.run(records, Query(), DAY)
    assert queries.run(records, Query(), DAY, newest_first=True) == oldest[::-1]


def test_an_index_filters_again_without_rebuilding() -> None:
    index = queries.Index(_records(), DAY, newest_first=True)
    assert _ids([index.records[i] for i in index.select(Query())]) == ["bbbbb", "aaaaa", "ccccc"]
    assert index.select(Query(text="redis")) == [0]
    assert [e.due for e in index.entries] == [False, True, False]
