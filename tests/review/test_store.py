from __future__ import annotations

import datetime as dt
import re

from tests.review.conftest import record, save
from workbench.review import store
from workbench.review.record import RECORD_ID_PATTERN, new_id


def test_ids_are_dated_readable_and_random() -> None:
    first = new_id("Adopt Kafka!", dt.date(2024, 1, 2))
    second = new_id("Adopt Kafka!", dt.date(2024, 1, 2))
    assert first.startswith("2024-01-02-adopt-kafka-")
    assert re.match(RECORD_ID_PATTERN, first)
    assert first != second
    assert new_id("Über café", dt.date(2024, 1, 2), suffix="abcde") == "2024-01-02-uber-cafe-abcde"


def test_dump_is_stable(decisions) -> None:  # type: ignore[no-untyped-def]
    rec = record(status="accepted")
    path = save(decisions, rec)
    again = store.dump_record(store.load_record(path))
    assert again == path.read_text()
    assert "&id" not in again and "*id" not in again


def test_cache_never_serves_stale_records(decisions) -> None:  # type: ignore[no-untyped-def]
    path = save(decisions, record())
    assert store.load_folder(decisions).records[0].record.title == "Adopt Kafka"
    path.write_text(path.read_text().replace("title: Adopt Kafka", "title: Adopt Kafka 2"))
    assert store.load_folder(decisions).records[0].record.title == "Adopt Kafka 2"
    path.write_text(path.read_text().replace("title: Adopt Kafka 2", "title: [broken"))
    folder = store.load_folder(decisions)
    assert folder.records == [] and len(folder.skipped) == 1


def test_find_by_prefix_and_suffix(decisions) -> None:  # type: ignore[no-untyped-def]
    save(decisions, record("2024-01-02-adopt-kafka-aaaaa"))
    save(decisions, record("2024-01-02-adopt-redis-bbbbb"))
    folder = store.load_folder(decisions)
    assert folder.find("bbbbb").record.id.endswith("bbbbb")
    assert folder.find("2024-01-02-adopt-k").record.id.endswith("aaaaa")
