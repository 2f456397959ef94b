"""Hostile text and names through the real CLI (issue 11, items 9 and 10): escape sequences,
bidi controls and control characters never reach the terminal or an output file raw, and a
language is read by one function that knows codes and names."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.cli.helpers import assert_clean_error, wb
from tests.fake_judge import FakeJudge
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder
from tests.markdown_helpers import html_tables

# NUL is left out of passages: a file holding NUL is refused as binary (tested elsewhere).
HOSTILE = (
    "[bold]x[/] \x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 left\u202eright "
    "iso\u2066late\u2069 carriage\rreturn \x9b31m end"
)
RAW = ("\x1b", "\x07", "\u202e", "\u2066", "\u2069", "\r", "\x9b", "\x00")
OSC_TITLE = "de\x1b]0;HACKED\x07\x1b]52;c;aGk=\x07"


def assert_no_raw(text: str) -> None:
    for ch in RAW:
        assert ch not in text, (repr(ch), text)
    assert "[31m" not in text  # the whole escape sequence goes, not just its ESC


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = style_responder  # echoes the passage: model text is hostile too
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


@pytest.fixture
def hostile_passage(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_translate_output_carries_no_escapes_or_bidi_controls(
    server: FakeOpenAIServer, hostile_passage: Path, fmt: str
) -> None:
    result = wb(
        "translate",
        str(hostile_passage),
        "--from",
        "en",
        "--to",
        "de",
        "--style",
        "rosner",
        "--format",
        fmt,
    )
    assert result.returncode == 0, result.stderr
    assert "right" in result.stdout
    assert_no_raw(result.stdout + result.stderr)


def test_translate_json_keeps_the_text_exact_but_escapes_controls(
    server: FakeOpenAIServer, hostile_passage: Path
) -> None:
    result = wb(
        "translate",
        str(hostile_passage),
        "--from",
        "en",
        "--to",
        "de",
        "--style",
        "rosner",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    for ch in RAW:
        assert ch not in result.stdout, repr(ch)
    assert "\\u202e" in result.stdout
    data = json.loads(result.stdout)
    assert data["source"]["text"] == HOSTILE.replace("\r", "\r")  # data is exact
    assert "\u202e" in data["renditions"][0]["text"]


def test_history_and_diff_print_no_escapes(
    server: FakeOpenAIServer, hostile_passage: Path, tmp_path: Path
) -> None:
    first = wb(
        "translate",
        str(hostile_passage),
        "--from",
        "en",
        "--to",
        "de",
        "--style",
        "rosner",
        "--format",
        "json",
    )
    run_id = json.loads(first.stdout)["id"]
    # an old history file written before languages were checked
    data_dir = Path(os.environ["WORKBENCH_DATA_DIR"])
    (saved,) = [p for p in data_dir.rglob("*.json") if run_id in p.name]
    run = json.loads(saved.read_text(encoding="utf-8"))
    run["source"]["language"] = OSC_TITLE
    saved.write_text(json.dumps(run), encoding="utf-8")
    listing = wb("history")
    assert listing.returncode == 0, listing.stderr
    assert run_id in listing.stdout
    assert_no_raw(listing.stdout + listing.stderr)
    shown = wb("history", "show", run_id)
    assert shown.returncode == 0, shown.stderr
    assert_no_raw(shown.stdout)

    other = tmp_path / "other.txt"
    other.write_text(HOSTILE.replace("left", "LEFT"), encoding="utf-8")
    for fmt in ("text", "html"):
        diffed = wb("diff", str(hostile_passage), str(other), "--format", fmt, "--color", "never")
        assert diffed.returncode == 0, diffed.stderr
        assert "LEFT" in diffed.stdout
        assert_no_raw(diffed.stdout)
    diffed = wb("diff", str(hostile_passage), str(other), "--format", "json")
    for ch in RAW:
        assert ch not in diffed.stdout, repr(ch)


@pytest.mark.parametrize(
    ("given", "tag", "name"),
    [
        ("German", "de", "German"),
        ("deutsch", "de", "German"),
        ("de-CH", "de-CH", "German (Switzerland)"),
        ("DE", "de", "German"),
    ],
)
def test_languages_by_code_or_name_are_normalised(
    server: FakeOpenAIServer, hostile_passage: Path, given: str, tag: str, name: str
) -> None:
    result = wb(
        "translate",
        str(hostile_passage),
        "--from",
        given,
        "--to",
        "english",
        "--style",
        "rosner",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source"]["language"] == tag
    assert data["target"]["language"] == "en"
    prompt = json.dumps(server.requests[-1]["body"]["messages"])
    assert f"from {name} into English" in prompt


@pytest.mark.parametrize(
    ("given", "suggestion"),
    [("Germn", "German"), ("englsh", "English"), (OSC_TITLE, "de"), ("xx-nope-", None)],
)
def test_a_bad_language_is_exit_2_with_suggestions_and_no_escapes(
    server: FakeOpenAIServer, hostile_passage: Path, given: str, suggestion: str | None
) -> None:
    result = wb("translate", str(hostile_passage), "--from", given, "--to", "en")
    err = assert_clean_error(result)
    assert "--from" in err
    assert_no_raw(err)
    if suggestion:
        assert suggestion in err.split("--from", 1)[1], err
    assert server.requests == []


def test_styles_list_warnings_print_no_escapes() -> None:
    folder = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "styles"
    folder.mkdir()
    (folder / "evil\x1b]0;HACKED\x07\u202e.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    result = wb("styles", "list")
    assert result.returncode == 0, result.stderr
    assert "HACKED" in result.stderr
    assert_no_raw(result.stdout + result.stderr)


DUPLICATE_STYLE = """\
name: Twice
summary: A style with a key given twice.
brief: Translate plainly.
summary: The second summary silently won.
"""


def test_a_style_with_a_duplicate_key_is_reported_with_file_and_line(
    server: FakeOpenAIServer, hostile_passage: Path
) -> None:
    folder = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "styles"
    folder.mkdir()
    (folder / "twice.yaml").write_text(DUPLICATE_STYLE, encoding="utf-8")
    listing = wb("styles", "list")
    assert "twice.yaml:4: duplicate key 'summary'" in listing.stderr
    result = wb("translate", str(hostile_passage), "--from", "de", "--to", "en", "--style", "twice")
    assert "twice.yaml:4: duplicate key 'summary'" in assert_clean_error(result)
    assert server.requests == []


def test_diff_shows_control_characters_in_file_names(tmp_path: Path) -> None:
    """The README's names row: a file name printed by the CLI has its control characters
    shown (`␛`), not removed with whatever follows them, so the file can still be found."""
    a = tmp_path / "bad\x1bname.txt"
    b = tmp_path / "ok.txt"
    a.write_text("I can think.\n", encoding="utf-8")
    b.write_text("I can wait.\n", encoding="utf-8")
    diffed = wb("diff", str(a), str(b), "--color", "never")
    assert diffed.returncode == 0, diffed.stderr
    assert f"A: {tmp_path}/bad\u241bname.txt," in diffed.stdout
    assert_no_raw(diffed.stdout)


# A model's name is the user's (or a server's, in the TUI's model picker) and is part of the
# column keys that the similarity matrix, the variance lines and the diff legend name.
PIPE_MODEL = "a|b`c*"
MARKUP_MODEL = "x[red]y"
ESC_MODEL = "x\x1b[31my"  # refused: a model name holds no control character


def test_model_names_in_column_keys_show_as_text_in_text_and_markdown(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    server.judge = FakeJudge()
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken. Ich kann warten.\n", encoding="utf-8")
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner"]
    escaped = wb(*args, "-m", ESC_MODEL)
    assert escaped.returncode == 2 and "control character (U+001B)" in escaped.stderr
    assert "\x1b" not in escaped.stderr and "x\u241b[31my" in escaped.stderr  # shown: ␛
    args += ["-m", PIPE_MODEL, "-m", MARKUP_MODEL, "--samples", "2", "--critique"]
    args += ["--judge", MARKUP_MODEL, "--baseline", f"rosner@{MARKUP_MODEL}", "--format"]
    text = wb(*args, "text")
    assert text.returncode == 0, text.stderr
    assert_no_raw(text.stdout)
    assert "Variance of rosner@x[red]y" in text.stdout
    assert "similarity to rosner@x[red]y" in text.stdout
    markdown = wb(*args, "markdown")
    assert markdown.returncode == 0, markdown.stderr
    assert_no_raw(markdown.stdout)
    keys = [f"rosner@{PIPE_MODEL}", f"rosner@{PIPE_MODEL}#2", "rosner@x[red]y", "rosner@x[red]y#2"]
    page = MarkdownIt("commonmark").enable("table").render(markdown.stdout)
    *_, similarity = html_tables(page)  # the last table, after the sentence by sentence one
    assert sorted(similarity[0]) == sorted(["", *keys])
    assert sorted(row[0] for row in similarity[1:]) == sorted(keys)
    assert {len(row) for row in similarity} == {5}
    assert "Diff marks against rosner@x[red]y" in MarkdownIt("commonmark").render(markdown.stdout)


def test_a_reference_file_whose_name_is_not_utf8_is_shown_with_a_replacement_character(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    """A file name that is not UTF-8 (a Latin-1 'Übersetzung' from an old disk) reaches us
    with lone surrogates: the run is still written in every format (it was exit 3, after
    every request was spent) and kept in history, the name shown with U+FFFD."""
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken.\n", encoding="utf-8")
    reference = Path(os.fsdecode(bytes(tmp_path) + b"/\xdcbersetzung.txt"))
    reference.write_text("I can think.\n", encoding="utf-8")
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner"]
    for fmt in ("json", "text", "markdown", "html"):
        result = wb(*args, "--reference", str(reference), "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert "\ufffdbersetzung.txt" in result.stdout, fmt
        if fmt == "json":
            assert json.loads(result.stdout)["reference"]["name"].endswith("\ufffdbersetzung.txt")
    listing = wb("history", "list", "--format", "json")
    assert listing.returncode == 0 and len(json.loads(listing.stdout)) == 4, listing.stderr


@pytest.mark.parametrize("option", ["-m", "--judge"])
def test_a_model_name_that_is_not_utf8_is_refused_before_any_request(
    server: FakeOpenAIServer, tmp_path: Path, option: str
) -> None:
    """A model's name goes to the server and into the run's JSON: one that is not UTF-8 (it
    ended the run with exit 3 once every request was spent) is exit 2, nothing asked."""
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken.\n", encoding="utf-8")
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner"]
    extra = ["--critique"] if option == "--judge" else []
    result = wb(*args, *extra, option, os.fsdecode(b"gpt-\xff"), "--format", "json")
    err = assert_clean_error(result)
    assert len(err.strip().splitlines()) == 1 and "UTF-8" in err, err
    assert server.requests == []


def test_a_style_name_of_several_lines_is_one_heading_in_markdown_and_one_line_in_text(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    """A style's name may hold line breaks (a YAML block scalar, or a name a model wrote for
    `styles describe`): each column still has one heading, and in text one header line."""
    styles = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "styles"
    styles.mkdir(exist_ok=True)
    (styles / "two.yaml").write_text(
        'id: two\nname: "Two\\nLines\\n===\\n# h"\nbrief: Translate.\n', encoding="utf-8"
    )
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken.\n", encoding="utf-8")
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "two"]
    markdown = wb(*args, "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    tokens = MarkdownIt("commonmark").parse(markdown.stdout)
    headings = [
        "".join(child.content for child in tokens[i + 1].children or [])
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    assert headings[1:] == ["Source", "Two Lines === # h (two)", "Sentence by sentence"]
    text = wb(*args, "--format", "text")
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("== Two Lines === # h (two) ["), text.stdout
