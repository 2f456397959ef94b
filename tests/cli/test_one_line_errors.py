"""An error names what the user gave (a file name, a language), which may hold a line break or
a tab: the error is still one line on stderr, the break shown as a visible stand-in, so no
name can forge a line of its own ("workbench: done") after the error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import wb

FORGED = "workbench: aligned, all done"


@pytest.mark.parametrize("sep", ["\n", "\r\n", "\u2028", "\x85"], ids=["lf", "crlf", "ls", "nel"])
def test_a_missing_file_named_with_a_line_break_is_one_line(tmp_path: Path, sep: str) -> None:
    present = tmp_path / "en.txt"
    present.write_text("The dog barks.\n", encoding="utf-8")
    missing = str(tmp_path / f"de{sep}{FORGED}")
    result = wb("align", missing, str(present), "--from", "de", "--to", "en")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("workbench: error: ") and "no such file" in lines[0]
    assert FORGED in lines[0]  # the name is still there to read, on the error's line


def test_a_language_typed_with_a_line_break_is_one_line(tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("Der Hund bellt.\n", encoding="utf-8")
    result = wb("align", str(text), str(text), "--from", f"de\n{FORGED}", "--to", "en")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
