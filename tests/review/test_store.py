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


def test_dump_leaves_out_empty_defaults_and_loads_back_the_same(decisions) -> None:  # type: ignore[no-untyped-def]
    from workbench.review.record import Links, Review

    rec = record(status="accepted")
    text = store.dump_record(rec)
    for gone in ("decided:", "links:", "consequences:", "confirmation:", "note:"):
        assert gone not in text
    for kept in ("schema_version: 1", "status: accepted", "quadrant:", "current_stack: true"):
        assert kept in text
    variants = [
        rec,
        rec.model_copy(update={"review": Review()}),  # empty, but not the default (None)
        rec.model_copy(update={"review": None, "links": Links(supersedes=["x"])}),
        rec.model_copy(update={"answers": {"problem": ""}, "decision": "", "tags": []}),
    ]
    for n, variant in enumerate(variants):
        path = decisions / f"v{n}.yaml"
        path.write_text(store.dump_record(variant))
        assert store.load_record(path) == variant
        assert type(variant).model_validate(store.record_data(variant)) == variant
    assert "review: {}" in store.dump_record(variants[1])


def test_parallel_parse_gives_what_serial_parse_gives(decisions, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for n in range(12):
        save(decisions, record(f"2024-01-02-adopt-kafka-{'abcdefghjkmn'[n]}aaaa", title=f"T{n}"))
    (decisions / "broken.yaml").write_text("id: x\ntitle: [unclosed\n")
    (decisions / "wrong.yaml").write_text("id: x\nchecklist: {id: new-technology, version: 1}\n")
    (decisions / "hostile.yaml").write_text("id: !!python/object/apply:os.system ['true']\n")
    (decisions / "baddate.yaml").write_text("id: x\ndate: 2020-13-45\n")
    files = store.record_files(decisions)
    todo = [(path, store.read_record_bytes(path)) for path in files]
    parallel = store.parse_many(todo, workers=2, minimum=0)
    assert set(parallel) == set(files)
    for path, data in todo:
        serial = store._parse_one(path, data)
        if isinstance(serial, tuple):
            assert parallel[path][0] == serial[0]  # type: ignore[index]
        else:
            assert isinstance(parallel[path], store.DataFileError)
            assert str(parallel[path]) == str(serial)

    monkeypatch.setattr(store, "PARALLEL_MIN", 0)
    monkeypatch.setenv("WORKBENCH_JOBS", "2")
    folder = store.load_folder(decisions, cache=False)
    monkeypatch.setenv("WORKBENCH_JOBS", "1")
    serial_folder = store.load_folder(decisions, cache=False)
    assert folder.records == serial_folder.records and len(folder.records) == 12
    assert [str(e) for e in folder.skipped] == [str(e) for e in serial_folder.skipped]
    assert [(e.line, e.field) for e in folder.skipped] == [
        (e.line, e.field) for e in serial_folder.skipped
    ]
    assert len(folder.skipped) == 4


def test_few_files_are_parsed_in_process(decisions) -> None:  # type: ignore[no-untyped-def]
    path = save(decisions, record())
    assert store.parse_many([(path, path.read_bytes())], workers=2) == {}


def _die(start: int, end: int) -> None:
    import os

    os._exit(3)


def test_a_dead_worker_costs_only_time(decisions, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for n in range(6):
        save(decisions, record(f"2024-01-02-adopt-kafka-{'abcdef'[n]}aaaa", title=f"T{n}"))
    monkeypatch.setattr(store, "_parse_range", _die)
    monkeypatch.setattr(store, "PARALLEL_MIN", 0)
    monkeypatch.setenv("WORKBENCH_JOBS", "2")
    folder = store.load_folder(decisions, cache=False)
    assert sorted(s.record.title for s in folder.records) == [f"T{n}" for n in range(6)]
    assert folder.skipped == []
