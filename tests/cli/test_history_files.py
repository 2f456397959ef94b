"""Run files in the history folder that are not what `workbench translate` wrote: corrupt,
truncated, from a newer workbench, named after another run, a folder, a FIFO, a link to a
device. Each is one warning naming it in `history list` (the others still listed), a clear
error naming it where it is asked for by id, and is never changed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import assert_clean_error, on_a_terminal, wb, wb_process
from tests.cli.test_translate_history import server  # noqa: F401

GOOD = "20240102-030405-abcd"


def _history() -> Path:
    folder = Path(os.environ["WORKBENCH_DATA_DIR"]) / "history"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _run(run_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "id": run_id,
        "created_at": "2024-01-02T03:04:05Z",
        "source": {"text": "Ich kann denken.", "language": "de"},
        "target": {"language": "en"},
        "renditions": [
            {"style": "rosner", "style_name": "Hilda Rosner", "text": "I can think."},
            {"style": "literal", "style_name": "Literal gloss", "text": "I am able to think."},
        ],
        **extra,
    }


def _write(run_id: str, data: dict[str, Any] | str) -> Path:
    path = _history() / f"{run_id}.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _bad_files() -> list[Path]:
    """Every kind of run file `history list` must get past, named after runs newer than GOOD."""
    folder = _history()
    truncated = _write("20240102-030406-0001", json.dumps(_run("20240102-030406-0001"))[:80])
    newer = _write("20240102-030407-0002", _run("20240102-030407-0002", schema_version=2))
    renamed = _write("20240102-030408-0003", _run(GOOD))
    as_folder = folder / "20240102-030409-0004.json"
    as_folder.mkdir()
    fifo = folder / "20240102-030410-0005.json"
    os.mkfifo(fifo)
    device = folder / "20240102-030411-0006.json"
    device.symlink_to("/dev/zero")
    deep = _write("20240102-030412-0007", '{"schema_version": ' + "[" * 10**5 + "]" * 10**5 + "}")
    return [truncated, newer, renamed, as_folder, fifo, device, deep]


def test_history_list_names_each_unreadable_run_file_and_lists_the_others() -> None:
    good = _write(GOOD, _run(GOOD))
    bad = _bad_files()
    for args in (["history", "list"], ["history", "list", "--format", "json"], ["history"]):
        result = wb_process(*args, timeout=30)  # a FIFO or /dev/zero must not hang it
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        warnings = result.stderr.splitlines()
        assert len(warnings) == len(bad), warnings
        for path, line in zip(sorted(bad, reverse=True), warnings, strict=True):
            assert line.startswith("workbench: warning: skipped ") and str(path) in line, line
        if "json" in args:
            assert [r["id"] for r in json.loads(result.stdout)] == [GOOD]
        else:
            assert result.stdout.startswith(GOOD) and len(result.stdout.splitlines()) == 1
    assert "newer workbench" in wb("history", "list").stderr
    stats = wb_process("history", "stats", timeout=30)  # reads every run too
    assert stats.returncode == 0 and "Traceback" not in stats.stderr
    assert good.exists()


def test_history_list_reads_only_the_newest_runs_it_shows() -> None:
    """`-n N` lists the N newest readable runs: the files past them are not read (a long
    history listed in a moment), so an older broken one is no warning; a broken one among
    the newest is, and the next readable run takes its place."""
    ids = [f"20240102-0304{second:02d}-00{second:02d}" for second in range(10, 16)]
    for run_id in ids:
        _write(run_id, _run(run_id))
    oldest = _write(ids[0], "{")  # truncated: read only if listed
    newest = _write(ids[-1], "{")
    result = wb_process("history", "list", "-n", "2", timeout=30)
    assert result.returncode == 0, result.stderr
    [warning] = result.stderr.splitlines()
    assert str(newest) in warning and str(oldest) not in warning, warning
    assert [line.split()[0] for line in result.stdout.splitlines()] == [ids[-2], ids[-3]]
    listed = json.loads(wb("history", "list", "-n", "3", "--format", "json").stdout)
    assert [run["id"] for run in listed] == [ids[-2], ids[-3], ids[-4]]
    everything = wb_process("history", "list", timeout=30)
    assert len(everything.stderr.splitlines()) == 2 and str(oldest) in everything.stderr


def test_a_run_file_that_is_not_a_regular_file_is_a_clear_error_by_id() -> None:
    _write(GOOD, _run(GOOD))
    _bad_files()
    for run_id, words in (
        ("20240102-030409", "folder"),
        ("20240102-030410", "FIFO"),
        ("20240102-030411", "not a regular file"),
    ):
        err = assert_clean_error(wb_process("history", "show", run_id, timeout=30))
        [line] = err.splitlines()
        assert f"{run_id}-" in line and words in line, line


def test_a_run_from_a_newer_workbench_is_refused_and_left_unchanged() -> None:
    """A newer workbench's fields would be dropped on saving: judging it is refused instead."""
    run_id = "20240102-030407-0002"
    path = _write(run_id, _run(run_id, schema_version=2, tags=["kept by the newer one"]))
    before = path.read_bytes()
    for args in (
        ["history", "judge", run_id, "--favourite", "rosner"],
        ["history", "judge", "last", "--note", "literal", "plain"],
        ["history", "show", "last"],
        ["history", "export", run_id, "--format", "json"],
    ):
        err = assert_clean_error(wb(*args))
        [line] = err.splitlines()
        assert str(path) in line and "schema_version" in line and "newer" in line, line
    assert path.read_bytes() == before


def test_a_run_file_named_after_another_run_does_not_change_that_run() -> None:
    """A copy of a run under another run's name: judging the copy must not write the original
    (the run is saved under its id)."""
    original = _write(GOOD, _run(GOOD))
    copy = _write("20240102-030408-0003", _run(GOOD))
    before = original.read_bytes(), copy.read_bytes()
    err = assert_clean_error(wb("history", "judge", "20240102-030408", "--favourite", "rosner"))
    [line] = err.splitlines()
    assert str(copy) in line and "id" in line and GOOD in line, line
    assert (original.read_bytes(), copy.read_bytes()) == before


def test_last_and_prefixes_name_run_files_only() -> None:
    """A stray `notes.json` (or `zz.json`) in the history folder is not a run: it is not `last`."""
    _write(GOOD, _run(GOOD))
    (_history() / "notes.json").write_text("{}", encoding="utf-8")
    shown = wb("history", "show", "last")
    assert shown.returncode == 0, shown.stderr
    assert "I can think." in shown.stdout
    assert "no run 'notes'" in assert_clean_error(wb("history", "show", "notes"))


EVIL_MODEL = "x\x1b]0;PWNED\x07\x1b[31my"


def test_history_judge_prints_column_keys_as_text() -> None:
    """A column's key holds its model's name, and `-m` takes any name (one with escapes too):
    the favourite, the reveal and the notes lines show it, never send it to the terminal."""
    run = _run(GOOD, judgment={"blind": True, "blind_order": []})
    for rendition in run["renditions"]:
        rendition["column_model"] = EVIL_MODEL
    keys = [f"{r['style']}@{EVIL_MODEL}" for r in run["renditions"]]
    run["judgment"]["blind_order"] = keys
    _write(GOOD, run)
    noted = wb("history", "judge", "last", "--note", "A", "plain")
    picked = wb("history", "judge", "last", "--favourite", "B")
    for result in (noted, picked):
        assert result.returncode == 0, result.stderr
        for raw in ("\x1b", "\x07", "[31m"):
            assert raw not in result.stdout, result.stdout
    assert "A was Hilda Rosner (rosner@x" in picked.stdout
    assert "Note on rosner@x" in picked.stdout
    assert picked.stdout.startswith(f"Favourite of run {GOOD}: Literal gloss (literal@x")


def _on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """stdout of `workbench ARGS` written to a terminal (a pty)."""
    done, out = on_a_terminal(*args, env=env)
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.usefixtures("server")
def test_history_show_honours_no_color_and_a_dumb_terminal_as_diff_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken. Ich kann warten.\n", encoding="utf-8")
    made = ("translate", str(passage), "--from", "de", "--to", "en", "-q")
    assert wb(*made, "--style", "rosner", "--style", "literal").returncode == 0
    args = ("history", "show", "last", "--baseline", "rosner")
    coloured = _on_a_terminal(*args, env={"TERM": "xterm"})
    assert "\x1b[" in coloured  # a terminal gets colours
    for env in ({"NO_COLOR": "1", "TERM": "xterm"}, {"TERM": "dumb"}):
        plain = _on_a_terminal(*args, env=env)
        assert "\x1b[" not in plain, (env, plain)
        assert "Marks: [-only in the baseline-]" in plain  # the marks without colour
        run = (*made, "--style", "rosner", "--style", "literal", "--baseline", "rosner")
        assert "\x1b[" not in _on_a_terminal(*run, env=env)  # translate prints the same way


def test_the_languages_of_the_last_run_skip_a_run_file_nested_too_deeply() -> None:
    """What an empty comparison screen starts from: the newest readable run's languages."""
    from workbench.io.translate.history import last_languages

    run = _run(GOOD)
    run["source"]["language"], run["target"]["language"] = "fr", "it"
    _write(GOOD, run)
    _write("20240102-030412-0007", '{"source": ' + "[" * 10**5 + "]" * 10**5 + "}")
    assert last_languages() == ("fr", "it")
