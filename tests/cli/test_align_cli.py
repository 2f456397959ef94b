"""`workbench align SOURCE TRANSLATION`: formats, -o, stdin and bad input (a subprocess)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import assert_clean_error, wb

DE = (
    "Als Siddhartha zwanzig Jahre alt war, verließ er das Haus seines Vaters. Govinda folgte "
    "ihm. Sie gingen lange, und sie sprachen wenig. Am dritten Tag kamen sie an einen Fluss."
)
EN = (
    "When Siddhartha was twenty years old, he left his father's house, and Govinda followed "
    "him. They walked for a long time. They spoke little. On the third day they came to a river."
)
HOSTILE = "Er sagte \x1b[31mrot\x1b[0m <script>alert(1)</script> | [x](javascript:y) \u202eevil."


@pytest.fixture
def texts(tmp_path: Path) -> tuple[Path, Path]:
    source, target = tmp_path / "s.de.txt", tmp_path / "t.en.txt"
    source.write_text(DE + "\n", encoding="utf-8")
    target.write_text(EN + "\n", encoding="utf-8")
    return source, target


def test_json_covers_every_sentence_once_in_order(texts: tuple[Path, Path]) -> None:
    source, target = texts
    result = wb("align", str(source), str(target), "--from", "de", "--to", "en", "--format", "json")
    assert result.returncode == 0, result.stderr
    pairs = json.loads(result.stdout)
    assert [(p["source"], p["target"]) for p in pairs] == [
        ([0, 1], [0]),
        ([2], [1, 2]),
        ([3], [3]),
    ]
    assert set(pairs[0]) == {"source", "target", "source_text", "target_text"}
    assert pairs[1]["target_text"] == "They walked for a long time. They spoke little."
    assert " ".join(p["source_text"] for p in pairs) == DE
    assert result.stderr == ""


def test_text_is_the_default_and_safe_for_a_terminal(tmp_path: Path) -> None:
    source, target = tmp_path / "s.txt", tmp_path / "t.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    target.write_text("He said red.", encoding="utf-8")
    result = wb("align", str(source), str(target), "--from", "de", "--to", "en")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "rot" in result.stdout and "He said red." in result.stdout


def test_html_escapes_and_stands_alone(tmp_path: Path) -> None:
    source, target = tmp_path / "s.txt", tmp_path / "t.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    target.write_text("He said <b>red</b>.", encoding="utf-8")
    out = tmp_path / "a.html"
    result = wb(
        "align", str(source), str(target), "--from", "de", "--to", "en",
        "--format", "html", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>red</b>" not in page and "&lt;b&gt;red&lt;/b&gt;" in page
    assert "\x1b" not in page and "\u202e" not in page
    assert "table.wb-align td{unicode-bidi:plaintext}" in page, "right-to-left text reads right"


def test_translation_from_stdin(texts: tuple[Path, Path]) -> None:
    source, _ = texts
    result = wb("align", str(source), "-", "--from", "de", "--to", "en", "--format", "json",
                input=EN)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3


def test_cjk_source(tmp_path: Path) -> None:
    source, target = tmp_path / "s.zh.txt", tmp_path / "t.en.txt"
    source.write_text("悉达多在思考。乔文达笑了！为什么？", encoding="utf-8")
    target.write_text("Siddhartha was thinking. Govinda laughed! Why?", encoding="utf-8")
    result = wb("align", str(source), str(target), "--from", "zh", "--to", "en",
                "--format", "json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    pairs = json.loads(result.stdout)
    assert [(p["source"], p["target"]) for p in pairs] == [([0], [0]), ([1], [1]), ([2], [2])]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["{missing}", "{target}"], "no such file"),
        (["{empty}", "{target}"], "empty"),
        (["{invisible}", "{target}"], "empty"),
        (["{source}", "{invisible}"], "empty"),
        (["{folder}", "{target}"], "folder"),
        (["{source}", "{target}", "--from", "xx-nonsense"], "--from"),
        (["{source}", "{target}", "--to", ""], "--to"),
        (["-", "-"], "stdin"),
        (["{source}", "{target}", "--format", "pdf"], "--format"),
        (["{source}", "{target}", "-o", "{missing}/out.txt"], "does not exist"),
        (["{source}"], "TRANSLATION"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    texts: tuple[Path, Path], tmp_path: Path, args: list[str], needle: str
) -> None:
    source, target = texts
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    invisible = tmp_path / "invisible.txt"  # shows as nothing: zero-width spaces and joiners
    invisible.write_text("\u200b\n\u2060\u200d \u00ad\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    names = {
        "source": source,
        "target": target,
        "missing": tmp_path / "nope",
        "empty": empty,
        "invisible": invisible,
        "folder": folder,
    }
    filled = [a.format(**names) for a in args]
    languages = [] if "--from" in filled else ["--from", "de"]
    languages += [] if "--to" in filled else ["--to", "en"]
    result = wb("align", *filled, *languages)
    err = assert_clean_error(result, 2)
    assert needle in err, err
    assert len([line for line in err.splitlines() if line.strip()]) <= 3


def test_a_wide_space_before_a_period_is_aligned(tmp_path: Path) -> None:
    """sentencex panicked on a capital, a no-break space and a period: a Rust backtrace, a
    Python traceback and exit 1 for plain text."""
    source, target = tmp_path / "s.de.txt", tmp_path / "t.en.txt"
    source.write_text("Nimm Vitamin C\u00a0. Es hilft.\n", encoding="utf-8")
    target.write_text("Take vitamin C. It helps.\n", encoding="utf-8")
    result = wb("align", str(source), str(target), "--from", "de", "--to", "en",
                "--format", "json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    pairs = json.loads(result.stdout)
    assert [p["source_text"] for p in pairs] == ["Nimm Vitamin C\u00a0. Es hilft."]
    assert [p["target"] for p in pairs] == [[0, 1]]


def test_old_mac_line_ends_keep_paragraphs(tmp_path: Path) -> None:
    source, target = tmp_path / "s.de.txt", tmp_path / "t.en.txt"
    source.write_bytes(b"Kapitel Eins\r\rEr ging. Sie blieb.\r")
    target.write_text("Chapter One\n\nHe went. She stayed.\n", encoding="utf-8")
    result = wb("align", str(source), str(target), "--from", "de", "--to", "en",
                "--format", "json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    pairs = json.loads(result.stdout)
    assert [(p["source"], p["target"]) for p in pairs] == [([0], [0]), ([1], [1]), ([2], [2])]
    assert pairs[0]["source_text"] == "Kapitel Eins"


def test_more_sentences_than_align_takes_is_one_line_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The aligner's memory grows with the sentences (some 5 KB each): a 10 MiB file of
    "Ab. Ab. ..." (2.6 million sentences) would have taken some 13 GB. A side with more
    than MAX_SENTENCES is refused before any alignment, naming the file."""
    import workbench.cli.align_cmd as align_cmd

    monkeypatch.setattr(align_cmd, "MAX_SENTENCES", 3)
    source, target = tmp_path / "s.de.txt", tmp_path / "t.en.txt"
    source.write_text("Eins. Zwei. Drei.\n", encoding="utf-8")
    target.write_text("One. Two. Three. Four.\n", encoding="utf-8")
    result = wb("align", str(source), str(target), "--from", "de", "--to", "en")
    err = assert_clean_error(result, 2)
    assert str(target) in err and "4 sentences" in err and "3" in err, err
    assert result.stdout == ""
    source.write_text("Eins. Zwei. Drei. Vier.\n", encoding="utf-8")
    err = assert_clean_error(wb("align", str(source), "-", "--from", "de", "--to", "en",
                                input="One."), 2)  # fmt: skip
    assert str(source) in err and "4 sentences" in err, err
