"""`workbench diff` end to end: each format, and each bad input gives exit 2 and one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core.compare.diff import text_a, text_b


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", "diff", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
    )


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The quick brown fox jumps.\n我爱北京。\n", encoding="utf-8")
    b.write_text("The slow brown fox jumped!\n我爱上海。\n", encoding="utf-8")
    return a, b


def test_text_format_uses_markers_when_not_a_terminal(pair: tuple[Path, Path]) -> None:
    out = run(*pair)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("The [-quick-]{+slow+} brown fox [-jumps.-]{+jumped!+}\n")
    assert "我爱[-北京-]{+上海+}。" in out.stdout
    assert "similarity 0.545" in out.stdout
    assert "\x1b[" not in out.stdout
    assert out.stderr == ""


def test_text_format_colour_when_asked(pair: tuple[Path, Path]) -> None:
    out = run(*pair, "--color", "always")
    assert "\x1b[31;9mquick\x1b[0m\x1b[32;4mslow\x1b[0m" in out.stdout


def test_json_format_rebuilds_both_files(pair: tuple[Path, Path]) -> None:
    out = run(*pair, "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"a", "b", "ops", "similarity"}
    assert data["a"] == {"path": str(pair[0])} and data["b"] == {"path": str(pair[1])}
    ops = [(op, text) for op, text in data["ops"]]
    assert text_a(ops) == pair[0].read_text(encoding="utf-8")
    assert text_b(ops) == pair[1].read_text(encoding="utf-8")
    assert 0 < data["similarity"] < 1


def test_html_format_to_a_file(pair: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "out" / "diff.html"
    target.parent.mkdir()  # -o never creates folders (issue 11, item 7)
    out = run(*pair, "--format", "html", "--output", target)
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<del>quick</del><ins>slow</ins>" in page


def test_identical_files_have_similarity_one(pair: tuple[Path, Path]) -> None:
    data = json.loads(run(pair[0], pair[0], "--format", "json").stdout)
    assert data["similarity"] == 1.0
    assert data["ops"] == [[0, pair[0].read_text(encoding="utf-8")]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file has no text"),
        (b"caf\xe9 latin-1\n", "text is not valid UTF-8"),
        (b"PK\x03\x04\x00\x00binary", "this is a binary file, not text"),
    ],
)
def test_bad_inputs_exit_2_with_one_line(
    pair: tuple[Path, Path], tmp_path: Path, content: bytes | None, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    for args in ((bad, pair[1]), (pair[0], bad)):
        out = run(*args)
        assert out.returncode == 2
        assert out.stdout == ""
        lines = out.stderr.splitlines()
        assert len(lines) == 1, out.stderr
        assert lines[0].startswith("workbench: error: ") and str(bad) in lines[0]
        assert message in lines[0]
        assert "Traceback" not in out.stderr


def test_a_directory_is_refused(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = run(tmp_path, pair[1])
    assert out.returncode == 2
    assert len(out.stderr.splitlines()) == 1 and "cannot read" in out.stderr


def test_unwritable_output_is_a_clear_error(pair: tuple[Path, Path], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = run(*pair, "--output", blocker / "sub" / "out.txt")
    assert out.returncode == 2
    assert len(out.stderr.splitlines()) == 1 and "cannot write" in out.stderr


def test_bad_format_is_a_usage_error(pair: tuple[Path, Path]) -> None:
    out = run(*pair, "--format", "pdf")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr


def test_diff_is_listed_in_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "workbench", "--help"], capture_output=True, text=True, check=True
    )
    assert "diff" in out.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_a_file_name_that_is_not_utf8_is_shown_with_a_replacement_character(
    pair: tuple[Path, Path], tmp_path: Path, fmt: str
) -> None:
    """Every format, JSON too (a lone surrogate cannot be written as UTF-8: it was exit 3)."""
    import os

    import jsonschema

    from tests.cli.helpers import wb

    latin = tmp_path / os.fsdecode(b"caf\xe9.txt")
    latin.write_bytes(pair[0].read_bytes())
    out = wb("diff", str(latin), str(pair[1]), "--format", fmt)
    assert out.returncode == 0, out.stderr
    assert "caf\ufffd.txt" in out.stdout
    if fmt == "json":
        data = json.loads(out.stdout)
        jsonschema.validate(data, json.loads(wb("schema", "diff").stdout))
        assert data["a"]["path"] == str(tmp_path / "caf\ufffd.txt")
