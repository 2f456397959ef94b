"""ADR numbers that never move (issue 12, "Numbers that never move")."""

from __future__ import annotations

import re
from pathlib import Path

from tests.review.conftest import FULL_ANSWERS, record, save, write
from workbench.review.store import load_folder, load_record


def _new(run, decisions: Path, tmp_path: Path, title: str) -> Path:  # type: ignore[no-untyped-def]
    answers = write(tmp_path / "answers.yaml", FULL_ANSWERS)
    result = run(
        "review", "new", "--title", title, "--answers", str(answers), "--dir", str(decisions)
    )  # fmt: skip
    assert result.code == 0, result.err
    created = re.search(r"in (\S+\.yaml)", result.out)
    assert created
    return Path(created.group(1))


def _export(run, decisions: Path, out: Path) -> list[str]:  # type: ignore[no-untyped-def]
    result = run(
        "review", "export", "--format", "markdown", "--out", str(out), "--dir", str(decisions)
    )  # fmt: skip
    assert result.code == 0, result.err
    return sorted(p.name for p in out.glob("*.md"))


def test_a_new_record_gets_the_next_free_number_and_stores_it(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = _new(run, decisions, tmp_path, "Adopt Kafka")
    second = _new(run, decisions, tmp_path, "Adopt Pulsar")
    assert load_record(first).number == 1
    assert load_record(second).number == 2
    assert "\nnumber: 2\n" in second.read_text()
    first.unlink()  # removing a record frees nothing: the next one still follows the highest
    third = _new(run, decisions, tmp_path, "Adopt Redis")
    assert load_record(third).number == 3
    assert _export(run, decisions, tmp_path / "md") == [
        "0002-adopt-pulsar.md",
        "0003-adopt-redis.md",
    ]


def test_existing_records_get_todays_export_numbers_once(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids = [
        "2024-01-02-adopt-kafka-bbbbb",
        "2024-01-02-adopt-nats-ccccc",
        "2024-01-02-adopt-amqp-aaaaa",
    ]
    for record_id in ids:
        save(decisions, record(record_id, title=record_id[11:-6].replace("-", " ")))
    before = _export(run, decisions, tmp_path / "before")
    assert before == ["0001-adopt-amqp.md", "0002-adopt-kafka.md", "0003-adopt-nats.md"]
    _new(run, decisions, tmp_path, "Adopt Redis")
    stored = {s.record.id: s.record.number for s in load_folder(decisions).records}
    assert [stored[i] for i in ids] == [2, 3, 1]  # written into the records, as exported
    after = _export(run, decisions, tmp_path / "after")
    assert after == [*before, "0004-adopt-redis.md"]


def test_adding_an_earlier_record_the_same_day_moves_no_other(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from workbench.review import numbering

    for record_id in ("2024-01-02-adopt-kafka-mmmmm", "2024-01-02-adopt-nats-nnnnn"):
        numbering.create_numbered(decisions, record(record_id, title=record_id[11:-6]))
    before = _export(run, decisions, tmp_path / "md")
    numbering.create_numbered(decisions, record("2024-01-02-adopt-amqp-aaaaa", title="Adopt AMQP"))
    assert _export(run, decisions, tmp_path / "md2") == [*before, "0003-adopt-amqp.md"]


def test_a_number_clash_is_reported_and_renumber_moves_the_later_record(
    run, decisions, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    old = record(
        "2024-01-02-adopt-kafka-aaaaa",
        status="superseded",
        superseded_by=["2024-02-01-adopt-pulsar-ppppp"],
    )
    new = record(
        "2024-02-01-adopt-pulsar-ppppp",
        status="accepted",
        title="Adopt Pulsar",
        supersedes=[old.id],
    )
    other = record("2024-01-05-adopt-redis-rrrrr", title="Adopt Redis")
    save(decisions, old.model_copy(update={"number": 1}))
    save(decisions, new.model_copy(update={"number": 2}))  # both branches gave out number 2
    save(decisions, other.model_copy(update={"number": 2}))
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 1
    clash = [line for line in result.out.splitlines() if "ADR number 2" in line]
    assert len(clash) == 2 and all("renumber" in line for line in clash)

    result = run("review", "renumber", "--dir", str(decisions))
    assert result.code == 0, result.err
    assert result.out == "2024-02-01-adopt-pulsar-ppppp: ADR-0002 -> ADR-0003\n"
    numbers = {s.record.id: s.record.number for s in load_folder(decisions).records}
    assert numbers == {old.id: 1, other.id: 2, new.id: 3}
    assert run("review", "validate", "--dir", str(decisions)).code == 0
    out = tmp_path / "md"
    _export(run, decisions, out)
    assert (
        "[ADR-0003: Adopt Pulsar](0003-adopt-pulsar.md)"
        in (out / "0001-adopt-kafka.md").read_text()
    )
    assert "(0001-adopt-kafka.md)" in (out / "0003-adopt-pulsar.md").read_text()
    assert run("review", "renumber", "--dir", str(decisions)).out == ""
