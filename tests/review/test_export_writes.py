"""Exports and record writes under faults (issue 11, items 4, 5 and 13's full disk).

Real processes and real files: a `review export` killed with SIGKILL part-way, export folders
holding links to files outside them, and a record folder on a tiny tmpfs that fills up.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import assert_clean_error
from tests.review.conftest import FULL_ANSWERS, Result, Runner, record, save, write
from workbench.core.review.record import DecisionRecord
from workbench.services.review.store import dump_record

RECORDS = 600
MANIFEST = ".workbench-export.json"


def _suffix(n: int) -> str:
    return "".join("abcdefghjkmnpqrstuvwxyz23456789"[(n // 31**i) % 31] for i in range(5))


def _many_record(n: int) -> DecisionRecord:
    rec = record(f"2024-01-02-adopt-tool-{_suffix(n)}", title=f"Adopt tool {n}")
    long_answer = "The nightly batch misses its window. " * 400
    return rec.model_copy(update={"answers": {**rec.answers, "problem": long_answer}})


def _many_records(folder: Path, count: int) -> None:
    """`count` records of about 15 kB each. They differ only in their id and title, so the
    first is serialised and the others are that text with the two swapped (serialising each
    takes longer than the export itself); the last is checked against its own serialisation."""
    first = _many_record(0)
    template = dump_record(first)
    assert template.count(first.id) == 1 and template.count(f": {first.title}\n") == 1
    for n in range(count):
        text = template.replace(first.id, f"2024-01-02-adopt-tool-{_suffix(n)}").replace(
            f": {first.title}\n", f": Adopt tool {n}\n"
        )
        write(folder / f"2024-01-02-adopt-tool-{_suffix(n)}.yaml", text)
    assert text == dump_record(_many_record(count - 1))


def _export(folder: Path, out: Path, fmt: str = "markdown") -> subprocess.Popen[bytes]:
    args = ["review", "export", "--format", fmt, "--out", str(out), "--dir", str(folder)]
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _files_in(folder: Path) -> int:
    try:
        return sum(1 for _ in os.scandir(folder))
    except FileNotFoundError:
        return 0


def test_kill_9_during_export_leaves_no_empty_or_partial_file(tmp_path: Path) -> None:
    """Item 4: every exported file is complete or absent, whenever the process is killed.

    Twelve exports, each into its own folder and killed at a different point (once it has
    written 20, 57, 94 ... 427 files of the 600), and one whole export to compare with, all
    running at once: each waits mostly on its own fsyncs, which the disk serves together.
    600 records leave the last export killed 173 files short of its end (1500 only made every
    export read more and the whole one write more: 40% of the test's CPU time)."""
    folder = tmp_path / "decisions"
    folder.mkdir()
    _many_records(folder, RECORDS)
    complete = tmp_path / "complete"
    whole = _export(folder, complete)
    running = {tmp_path / f"out{attempt}": 20 + attempt * 37 for attempt in range(12)}
    procs = {out: _export(folder, out) for out in running}
    kills = 0
    deadline = time.monotonic() + 120
    while running and time.monotonic() < deadline:
        for out, wanted in list(running.items()):
            if procs[out].poll() is not None:
                del running[out]
            elif _files_in(out) >= wanted:
                procs[out].send_signal(signal.SIGKILL)
                kills += 1
                del running[out]
        time.sleep(0.002)
    for out in running:  # still short of its point at the deadline: killed there
        if procs[out].poll() is None:
            procs[out].send_signal(signal.SIGKILL)
            kills += 1
    assert whole.wait(timeout=300) == 0
    expected = {p.name: p.read_bytes() for p in complete.iterdir() if p.name != MANIFEST}
    assert len(expected) == RECORDS
    for out, proc in procs.items():
        proc.wait(timeout=30)
        for path in out.iterdir():
            if path.name == MANIFEST:  # written last, with what this export wrote
                continue
            if path.name.startswith("."):  # a temp file the kill left: never a .md
                assert path.name.endswith(".tmp"), path.name
                continue
            data = path.read_bytes()
            assert data, f"{path.name} is empty after kill -9"
            assert data == expected[path.name], f"{path.name} is partial after kill -9"
    assert kills >= 6


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("markdown", "0001-adopt-kafka.md"), ("html", "index.html"), ("radar", "radar.csv")],
)
def test_export_never_writes_through_a_link(
    run: Runner, decisions: Path, tmp_path: Path, fmt: str, name: str
) -> None:
    """Item 5: a link in the export folder is refused; its target outside is untouched."""
    save(decisions, record())
    outside = tmp_path / "bashrc"
    outside.write_text("echo precious\n", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / name).symlink_to(outside)
    result = run("review", "export", "--format", fmt, "--out", str(out), "--dir", str(decisions))
    assert result.code == 2, (result.out, result.err)
    assert name in result.err and "link" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert outside.read_text(encoding="utf-8") == "echo precious\n"
    assert (out / name).is_symlink()


def test_export_writes_only_inside_out(run: Runner, decisions: Path, tmp_path: Path) -> None:
    save(decisions, record())
    out = tmp_path / "new" / "site"  # --out is created, with its missing parents
    result = run("review", "export", "--format", "html", "--out", str(out), "--dir", str(decisions))
    assert result.code == 0, result.err
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    made = [m for m in made if not m.startswith(("decisions/", "wbhome/"))]
    assert made == [
        f"new/site/{MANIFEST}",  # what the export wrote there (issue 12: export is a sync)
        "new/site/2024-01-02-adopt-kafka-aaaaa.html",
        "new/site/index.html",
    ]


def test_export_into_a_file_is_refused(run: Runner, decisions: Path, tmp_path: Path) -> None:
    save(decisions, record())
    out = tmp_path / "site"
    out.write_text("keep", encoding="utf-8")
    result = run("review", "export", "--format", "json", "--out", str(out), "--dir", str(decisions))
    assert result.code == 2 and "Traceback" not in result.err
    assert out.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize(
    "args",
    [
        ("review", "export", "--format", "markdown", "--out", ""),
        ("review", "new", "--title", "Adopt Kafka", "--answers", "-", "--dir", ""),
        ("review", "list", "--dir", ""),
        ("review", "new", "--title", "Adopt Kafka", "--answers", ""),
    ],
    ids=["export --out", "new --dir", "list --dir", "new --answers"],
)
def test_an_empty_folder_or_file_name_is_refused(
    run: Runner, decisions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str]
) -> None:
    """An empty name (`--out "$UNSET"`) is refused, as `-o ''` is: it was read as `.`, so the
    export filled the current folder and `review new` wrote its record there."""
    save(decisions, record())
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("WORKBENCH_DECISIONS_DIR", str(decisions))
    result = run(*args)
    assert result.code == 2, (result.out, result.err)
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    assert "empty name" in result.err, result.err
    assert list(here.iterdir()) == []


def test_record_file_that_is_a_link_is_not_written_through(
    run: Runner, decisions: Path, tmp_path: Path
) -> None:
    rec = record()
    target = save(tmp_path, rec, "elsewhere.yaml")
    before = target.read_bytes()
    (decisions / f"{rec.id}.yaml").symlink_to(target)
    answers = write(tmp_path / "a.yaml", "problem: Something else entirely.\n")
    result = run("review", "answer", rec.id, "--answers", str(answers), "--dir", str(decisions))
    assert result.code == 2 and "link" in result.err, (result.out, result.err)
    assert target.read_bytes() == before


# ---- a full disk -----------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs under tmp_path (root only; skipped where mounting is refused)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", str(mount)],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> None:
    """Fill the disk, leaving less than a page free."""
    with (folder / ".filler").open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"x" * 4096)
                handle.flush()
        except OSError:
            pass


def test_review_answer_on_a_full_disk(run: Runner, tiny_disk: Path, tmp_path: Path) -> None:
    """Item 13: one line, exit 2, the record as it was."""
    decisions = tiny_disk / "decisions"
    decisions.mkdir()
    path = save(decisions, record())
    before = path.read_bytes()
    _fill(tiny_disk)
    answers = write(tmp_path / "a.yaml", FULL_ANSWERS)
    result = run("review", "answer", record().id, "--answers", str(answers), "--dir",
                 str(decisions))  # fmt: skip
    assert result.code == 2, (result.out, result.err)
    assert "No space left" in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert sorted(p.name for p in decisions.iterdir()) == [path.name]  # no temp file left


def test_review_export_on_a_full_disk(run: Runner, decisions: Path, tiny_disk: Path) -> None:
    for n in range(3):
        save(decisions, record(f"2024-01-02-adopt-kafka-aaaa{'bcd'[n]}", title=f"Kafka {n}"))
    out = tiny_disk / "site"
    out.mkdir()
    old = out / "decisions.json"
    old.write_text("[]\n", encoding="utf-8")
    _fill(tiny_disk)
    result = run("review", "export", "--format", "json", "--out", str(out), "--dir", str(decisions))
    assert_clean_error(_as_completed(result))
    assert "No space left" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert old.read_text(encoding="utf-8") == "[]\n"
    for path in out.iterdir():
        assert not path.name.startswith("."), path.name  # no temp file left


def _as_completed(result: Result) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess([], result.code, result.out, result.err)
