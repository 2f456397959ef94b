"""Two processes editing one record: nothing reported as saved is lost (issue 11, item 2).

The race tests run real processes (tests/review/race_worker.py) that edit one record in step.
Iterations: 50 by default (and in CI); set WORKBENCH_TEST_RACE_ITERATIONS to run more.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TypedDict

import pytest
import yaml

from tests.review.conftest import Runner, record, save, write
from workbench.io.review.editing import EditConflict
from workbench.services.review import store

ROOT = Path(__file__).resolve().parents[2]


def iterations() -> int:
    return int(os.environ.get("WORKBENCH_TEST_RACE_ITERATIONS") or 50)


def race_checklist(prefixes: tuple[str, ...], count: int) -> None:
    """A user checklist `race` with one optional text question per (prefix, iteration)."""
    folder = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "checklists"
    folder.mkdir(parents=True, exist_ok=True)
    questions = [
        {"id": f"{p}-{i}", "text": f"Question {p} {i}", "required_for": None}
        for p in prefixes
        for i in range(count)
    ]
    data = {"id": "race", "version": 1, "title": "Race", "questions": questions}
    (folder / "race.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def new_record(run: Runner, decisions: Path, tmp_path: Path) -> str:
    empty = write(tmp_path / "empty.yaml", "")
    args = ["--checklist", "race", "--title", "Race", "--answers", str(empty)]
    made = run("review", "new", *args, "--dir", str(decisions))
    assert made.code == 0, made.err
    return made.out.split()[1]


WORKER = "tests.review.race_worker"


class Report(TypedDict):
    """One line a race worker prints: its iteration, and the CLI's exit code and output."""

    i: int
    code: int
    out: str
    err: str


def race(tmp_path: Path, *workers: tuple[str, str, str, str]) -> list[list[Report]]:
    """Run the workers (mode, root, record id, prefix) together; their reports, in order."""
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.review.race_worker",
                mode,
                root,
                rid,
                str(n),
                prefix,
                str(go),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mode, root, rid, n, prefix in (
            (mode, root, rid, iterations(), prefix) for mode, root, rid, prefix in workers
        )
    ]
    time.sleep(0.3)  # let both import before the start
    go.touch()
    reports: list[list[Report]] = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        reports.append([json.loads(line) for line in out.splitlines()])
    return reports


def test_two_processes_answering_one_record_lose_nothing(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    race_checklist(("a", "b"), iterations())
    rid = new_record(run, decisions, tmp_path)
    reports = race(
        tmp_path,
        ("answer", str(decisions), rid, "a"),
        ("answer", str(decisions), rid, "b"),
    )
    answers = store.load_folder(decisions, cache=False).find(rid).record.answers
    lost = []
    for prefix, report in zip("ab", reports, strict=True):
        for line in report:
            # different questions never conflict: every update is made, and said so
            assert line["code"] == 0, line
            assert "answers updated" in str(line["out"])
            if answers.get(f"{prefix}-{line['i']}") != f"{prefix} value {line['i']}":
                lost.append(f"{prefix}-{line['i']}")
    assert lost == []
    assert len(answers) == 2 * iterations()


def test_answer_and_set_status_at_once_lose_nothing(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    race_checklist(("a",), iterations())
    rid = new_record(run, decisions, tmp_path)
    answering, moving = race(
        tmp_path,
        ("answer", str(decisions), rid, "a"),
        ("status", str(decisions), rid, "s"),
    )
    final = store.load_folder(decisions, cache=False).find(rid).record
    lost_answers = [
        line["i"]
        for line in answering
        if line["code"] == 0 and final.answers.get(f"a-{line['i']}") != f"a value {line['i']}"
    ]
    notes = [change.note for change in final.history]
    moved = [line for line in moving if line["code"] == 0]
    lost_moves = [line["i"] for line in moved if f"s-{line['i']}" not in notes]
    assert (lost_answers, lost_moves) == ([], [])
    assert all(line["code"] == 0 for line in answering + moving), [
        line for line in answering + moving if line["code"]
    ]
    assert final.status == ("proposed" if moved[-1]["i"] % 2 == 0 else "draft")


def test_two_creations_never_overwrite_one_another(decisions: Path, tmp_path: Path) -> None:
    first, second = race(
        tmp_path,
        ("create", str(decisions), "-", "first"),
        ("create", str(decisions), "-", "second"),
    )
    for mine, theirs in zip(first, second, strict=True):
        made = [line for line in (mine, theirs) if line["code"] == 0]
        assert len(made) == 1, (mine, theirs)  # exactly one creation is reported
        refused = theirs if made[0] is mine else mine
        assert "already exists" in str(refused["err"])
    folder = store.load_folder(decisions, cache=False)
    titles = {s.record.id: s.record.title for s in folder.records}
    for prefix, report in (("first", first), ("second", second)):
        for line in report:
            if line["code"] == 0:  # the creation reported is the one on disk
                assert titles[f"2024-01-02-race-{line['i']:05d}"] == f"{prefix} {line['i']}"


# ---- a change made while a command was working on its own --------------------------------


def _answer_while_another_edits(
    decisions: Path, tmp_path: Path, mine: str, theirs: str
) -> subprocess.CompletedProcess[str]:
    """`review answer` reads the record, then (held on a FIFO for its answers file) another
    process answers; then the first one gets its answers and saves."""
    rid = record().id
    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "workbench", "review", "answer", rid, "--dir", str(decisions)]
    proc = subprocess.Popen(
        [*cmd, "--answers", str(fifo)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while True:  # wait until it opens the FIFO: it has read the record by then
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as exc:
            assert exc.errno == errno.ENXIO
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
    other = write(tmp_path / "other.yaml", theirs)
    done = subprocess.run(
        [*cmd, "--answers", str(other)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    os.write(fd, mine.encode())
    os.close(fd)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_a_change_to_another_question_meanwhile_is_merged(decisions: Path, tmp_path: Path) -> None:
    path = save(decisions, record())
    result = _answer_while_another_edits(
        decisions, tmp_path, "new-costs: Mine.\n", "problem: Theirs.\n"
    )
    assert result.returncode == 0, result.stderr
    answers = store.load_record(path).answers
    assert (answers["problem"], answers["new-costs"]) == ("Theirs.", "Mine.")


def test_a_change_to_the_same_question_meanwhile_is_refused(
    decisions: Path, tmp_path: Path
) -> None:
    path = save(decisions, record())
    result = _answer_while_another_edits(
        decisions, tmp_path, "problem: Mine.\n", "problem: Theirs.\n"
    )
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "answers.problem" in lines[0] and "not saved" in lines[0]
    assert store.load_record(path).answers["problem"] == "Theirs."


# ---- the store: merging field by field ---------------------------------------------------


def test_update_merges_other_fields_and_refuses_the_same_one(decisions: Path) -> None:
    path = save(decisions, record())
    base = store.read_stored(path)
    theirs = base.record.model_copy(
        update={"answers": {**base.record.answers, "problem": "Theirs."}, "tags": ["kafka"]}
    )
    store.update(base, theirs)
    mine = base.record.model_copy(
        update={"answers": {**base.record.answers, "new-costs": "Mine."}, "decision": "Go."}
    )
    written = store.update(base, mine)
    on_disk = store.load_record(path)
    assert written.record == on_disk
    assert on_disk.answers["problem"] == "Theirs." and on_disk.answers["new-costs"] == "Mine."
    assert (on_disk.tags, on_disk.decision) == (["kafka"], "Go.")

    clash = base.record.model_copy(update={"answers": {**base.record.answers, "problem": "M"}})
    with pytest.raises(EditConflict) as caught:
        store.update(base, clash)
    assert caught.value.fields == ["answers.problem"]
    assert caught.value.exit_code == 1
    assert store.load_record(path) == on_disk


def test_a_record_removed_or_broken_meanwhile_is_left_alone(decisions: Path) -> None:
    path = save(decisions, record())
    base = store.read_stored(path)
    mine = base.record.model_copy(update={"decision": "Go."})
    path.write_text("title: [broken\n")
    with pytest.raises(EditConflict, match="cannot be read"):
        store.update(base, mine)
    assert path.read_text() == "title: [broken\n"
    path.unlink()
    with pytest.raises(EditConflict, match="removed"):
        store.update(base, mine)
    assert not path.exists()


def test_the_lock_file_lives_outside_the_records_folder(decisions: Path, tmp_path: Path) -> None:
    from workbench.io.review.locking import lock_path

    link = tmp_path / "link"
    link.symlink_to(decisions)
    lock = lock_path(decisions / "x.yaml")
    assert lock == lock_path(link / "x.yaml")  # keyed by the folder's real path
    assert lock != lock_path(decisions / "y.yaml")
    assert Path(os.environ["WORKBENCH_CACHE_DIR"]) in lock.parents
    path = save(decisions, record())
    store.update(store.read_stored(path), record().model_copy(update={"decision": "Go."}))
    assert sorted(p.name for p in decisions.iterdir() if p.name != ".schema") == [path.name]


def test_a_record_that_would_not_load_back_is_never_written(decisions: Path) -> None:
    """An edit that breaks the record's own rules (the guided screen's title field takes any
    length; the record holds 300 characters) is refused with the field named, the file left
    as it was: written, no command could read the record again."""
    from workbench.core.errors import WorkbenchError
    from workbench.io.review import editing

    path = save(decisions, record())
    before = path.read_bytes()
    base = editing.read_stored(path)
    too_long = base.record.model_copy(update={"title": "t" * 301})
    with pytest.raises(WorkbenchError, match="title"):
        editing.commit([(base, too_long)])
    assert path.read_bytes() == before
    fresh = decisions / "2024-01-09-new-record-zzzzz.yaml"
    with pytest.raises(WorkbenchError, match="title"):
        editing.create(fresh, too_long.model_copy(update={"id": "2024-01-09-new-record-zzzzz"}))
    assert not fresh.exists()
