"""ADR numbers that never move (issue 12, "Numbers that never move")."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.review.conftest import FULL_ANSWERS, Runner, record, save, write
from workbench.core.review.record import DecisionRecord
from workbench.services.review.store import Folder, dump_record, load_folder, load_record

ROOT = Path(__file__).resolve().parents[2]


def _new(run: Runner, decisions: Path, tmp_path: Path, title: str) -> Path:
    answers = write(tmp_path / "answers.yaml", FULL_ANSWERS)
    result = run(
        "review", "new", "--title", title, "--answers", str(answers), "--dir", str(decisions)
    )  # fmt: skip
    assert result.code == 0, result.err
    created = re.search(r"in (\S+\.yaml)", result.out)
    assert created
    return Path(created.group(1))


def _export(run: Runner, decisions: Path, out: Path) -> list[str]:
    result = run(
        "review", "export", "--format", "markdown", "--out", str(out), "--dir", str(decisions)
    )  # fmt: skip
    assert result.code == 0, result.err
    return sorted(p.name for p in out.glob("*.md"))


def test_a_new_record_gets_the_next_free_number_and_stores_it(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
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


def test_existing_records_get_todays_export_numbers_once(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
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


def test_adding_an_earlier_record_the_same_day_moves_no_other(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    from workbench.services.review import numbering

    for record_id in ("2024-01-02-adopt-kafka-mmmmm", "2024-01-02-adopt-nats-nnnnn"):
        numbering.create_numbered(decisions, record(record_id, title=record_id[11:-6]))
    before = _export(run, decisions, tmp_path / "md")
    numbering.create_numbered(decisions, record("2024-01-02-adopt-amqp-aaaaa", title="Adopt AMQP"))
    assert _export(run, decisions, tmp_path / "md2") == [*before, "0003-adopt-amqp.md"]


def test_a_number_clash_is_reported_and_renumber_moves_the_later_record(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
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


# ---- numbers go through the locked record edits (merged with main's review/editing.py) -------


def test_renumber_keeps_a_change_made_to_the_record_meanwhile(decisions: Path) -> None:
    """`renumber` writes through the locked, checked edit: a change someone made to another
    field since the folder was read is merged, not lost; a change to `number` stops it."""
    from workbench.io.review.editing import EditConflict
    from workbench.services.review import numbering

    first = save(decisions, record("2024-01-02-adopt-kafka-aaaaa"))
    second = save(decisions, record("2024-01-03-adopt-redis-bbbbb", title="Adopt Redis"))
    folder = load_folder(decisions, cache=False)
    theirs = load_record(first).model_copy(update={"decision": "Theirs, saved meanwhile."})
    first.write_text(dump_record(theirs), encoding="utf-8")
    changes = numbering.renumber(folder)
    assert sorted((s.record.id, s.record.number) for s, _old in changes) == [
        ("2024-01-02-adopt-kafka-aaaaa", 1),
        ("2024-01-03-adopt-redis-bbbbb", 2),
    ]
    assert load_record(first).decision == "Theirs, saved meanwhile."
    assert (load_record(first).number, load_record(second).number) == (1, 2)

    folder = load_folder(decisions, cache=False)
    moved = load_record(second).model_copy(update={"number": 7})
    second.write_text(dump_record(moved), encoding="utf-8")  # someone renumbered it meanwhile
    clash = folder.records[0].record.model_copy(update={"number": 2})  # and a clash to resolve
    first.write_text(dump_record(clash), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in decisions.iterdir() if p.is_file()}
    with pytest.raises(EditConflict, match="number"):
        numbering.renumber(_stale(folder, clash))
    assert {p.name: p.read_bytes() for p in decisions.iterdir() if p.is_file()} == before


def _stale(folder: Folder, clash: DecisionRecord) -> Folder:
    """`folder` as read before `clash` was written, but holding it (so renumber moves one)."""
    from workbench.services.review.store import Stored

    records = [Stored(s.path, clash) if s.record.id == clash.id else s for s in folder.records]
    return Folder(folder.root, records)


def test_records_created_at_once_get_different_numbers(decisions: Path, tmp_path: Path) -> None:
    """Processes creating records in one folder at the same moment never give out one number
    twice (the next free number is taken under a lock of the folder's numbering)."""
    go = tmp_path / "go"
    code = (
        "import sys, time, datetime as dt, pathlib\n"
        "from tests.review.conftest import record\n"
        "from workbench.services.review.numbering import create_numbered\n"
        "root, n, go = pathlib.Path(sys.argv[1]), int(sys.argv[2]), pathlib.Path(sys.argv[3])\n"
        "while not go.exists(): time.sleep(0.001)\n"
        "for i in range(4):\n"
        "    suffix = 'abcdefghjk'[n] + 'abcdefghjk'[i] + 'mmm'\n"
        "    create_numbered(root, record(f'2024-01-02-adopt-x-{suffix}', title='X'))\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(decisions), str(n), str(go)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    time.sleep(0.5)
    go.touch()
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    numbers = sorted(s.record.number or 0 for s in load_folder(decisions, cache=False).records)
    assert numbers == list(range(1, 17))


def test_renumber_is_all_or_nothing_when_a_record_file_is_a_link(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    """A record that must move is a symbolic link: renumber refuses it (exit 2) before writing
    any record, so no other record moved either."""
    first = record("2024-01-02-adopt-kafka-aaaaa").model_copy(update={"number": 1})
    second = record("2024-02-01-adopt-redis-bbbbb", title="Adopt Redis")
    second = second.model_copy(update={"number": 1})
    third = record("2024-03-01-adopt-nats-ccccc", title="Adopt NATS")
    save(decisions, first)
    save(decisions, second)
    target = save(tmp_path, third)  # outside the folder, linked into it
    (decisions / target.name).symlink_to(target)
    before = {p.name: p.read_bytes() for p in decisions.iterdir() if p.suffix == ".yaml"}
    outside = target.read_bytes()
    result = run("review", "renumber", "--dir", str(decisions))
    assert result.code == 2 and "symbolic link" in result.err, result.err
    after = {p.name: p.read_bytes() for p in decisions.iterdir() if p.suffix == ".yaml"}
    assert after == before
    assert target.read_bytes() == outside


def test_no_record_is_given_a_number_past_the_largest(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    """A record holding the largest ADR number (999999, a typo say): a new record cannot get
    the next one, and is refused with one line (exit 2) rather than written as a file no
    command can read; renumber cannot move a clash there either."""
    save(decisions, record("2024-01-02-adopt-kafka-aaaaa").model_copy(update={"number": 999_999}))
    answers = write(tmp_path / "a.yaml", FULL_ANSWERS)
    before = sorted(p.name for p in decisions.iterdir())
    result = run(
        "review", "new", "--title", "Next", "--answers", str(answers), "--dir", str(decisions)
    )  # fmt: skip
    assert result.code == 2, result.err
    assert "999999" in result.err and "Traceback" not in result.err
    assert sorted(p.name for p in decisions.iterdir()) == before
    save(decisions, record("2024-01-03-adopt-redis-bbbbb").model_copy(update={"number": 999_999}))
    moved = run("review", "renumber", "--dir", str(decisions))
    assert moved.code == 2 and "999999" in moved.err, moved.err
    assert run("review", "validate", "--dir", str(decisions)).code == 1  # the clash, still there
    assert "not valid records" not in run("review", "list", "--dir", str(decisions)).err


def test_a_record_without_a_stored_number_is_named_until_renumber_stores_one(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    """A hand-written record with no `number:` beside numbered ones is numbered by its date
    among the unnumbered at each export, so its number can move when another is added: the
    export and `review validate` say so, naming it and the way out."""
    _new(run, decisions, tmp_path, "Adopt Kafka")
    old = "2020-01-02-adopt-old-ooooo"
    save(decisions, record(old, title="adopt old"))
    exported = run(
        "review", "export", "--format", "markdown", "--out", str(tmp_path / "md"),
        "--dir", str(decisions),
    )  # fmt: skip
    assert exported.code == 0, exported.err
    assert old in exported.err and "review renumber" in exported.err, exported.err
    checked = run("review", "validate", "--dir", str(decisions))
    assert checked.code == 1, checked.out + checked.err
    assert f"{old}.yaml: no stored ADR number" in checked.out + checked.err
    assert run("review", "renumber", "--dir", str(decisions)).code == 0
    again = run(
        "review", "export", "--format", "markdown", "--out", str(tmp_path / "md"),
        "--dir", str(decisions),
    )  # fmt: skip
    assert "renumber" not in again.err, again.err
    assert run("review", "validate", "--dir", str(decisions)).code == 0


def _break(path: Path) -> bytes:
    """A record a bad merge left broken (a conflict marker): not a valid record any more."""
    path.write_text(path.read_text().replace("\ntitle:", "\n<<<<<<< HEAD\ntitle:", 1))
    return path.read_bytes()


def test_a_broken_record_keeps_its_number_from_a_new_record(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    _new(run, decisions, tmp_path, "Adopt Kafka")
    second = _new(run, decisions, tmp_path, "Adopt Pulsar")
    _break(second)  # it holds number 2, which nobody else may be given
    third = _new(run, decisions, tmp_path, "Adopt Redis")
    assert load_record(third).number == 3


def test_renumber_waits_until_no_record_file_is_broken(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    broken = _new(run, decisions, tmp_path, "Adopt Pulsar")
    before = _break(broken)
    legacy = record("2024-01-02-adopt-kafka-aaaaa")  # no stored number: renumber gives one
    save(decisions, legacy)
    result = run("review", "renumber", "--dir", str(decisions))
    assert result.code == 2 and "not a valid record" in result.err and "validate" in result.err
    assert load_record(decisions / f"{legacy.id}.yaml").number is None  # nothing written
    assert broken.read_bytes() == before
    assert run("review", "renumber", "--dry-run", "--dir", str(decisions)).code == 1


def test_list_and_export_that_skip_broken_records_exit_1(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    _new(run, decisions, tmp_path, "Adopt Kafka")
    _break(_new(run, decisions, tmp_path, "Adopt Pulsar"))
    listed = run("review", "list", "--dir", str(decisions))
    assert listed.code == 1 and "adopt-kafka" in listed.out and "skipped 1 file" in listed.err
    out = tmp_path / "md"
    exported = run(
        "review", "export", "--format", "markdown", "--out", str(out), "--dir", str(decisions)
    )  # fmt: skip
    assert exported.code == 1 and "skipped 1 file" in exported.err
    assert sorted(p.name for p in out.glob("*.md")) == ["0001-adopt-kafka.md"]
