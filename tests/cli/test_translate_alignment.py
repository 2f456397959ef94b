"""`translate --format json` carries each column's alignment to the source (the reference's
too); Markdown and HTML exports read the run sentence by sentence in an aligned table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import answers_by_style, request_parts

PASSAGE = "Siddhartha ging zum Fluss. Govinda folgte ihm. Sie schwiegen lange.\n"
ANSWERS = {
    "Hilda Rosner": "Siddhartha went to the river. Govinda followed him. They were silent.",
    "Literal gloss": (
        "Siddhartha went to the river, and Govinda followed him. For a long time they said "
        "nothing <b>at all</b>. Nothing."
    ),
}
REFERENCE = "Siddhartha walked to the river. Govinda followed. They kept silent for long."


answer = answers_by_style(ANSWERS)


@pytest.fixture
def run_files(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> tuple[Path, Path]:
    fake_openai.responder = answer
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    passage, reference = tmp_path / "p.de.txt", tmp_path / "r.en.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    reference.write_text(REFERENCE, encoding="utf-8")
    return passage, reference


def translate(files: tuple[Path, Path], fmt: str) -> str:
    passage, reference = files
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
        "--style", "literal", "--reference", str(reference), "--format", fmt,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_json_carries_each_columns_alignment(run_files: tuple[Path, Path]) -> None:
    data = json.loads(translate(run_files, "json"))
    rosner, literal = data["renditions"]
    assert [(p["source"], p["target"]) for p in rosner["alignment"]] == [
        ([0], [0]),
        ([1], [1]),
        ([2], [2]),
    ]
    assert [(p["source"], p["target"]) for p in literal["alignment"]] == [
        ([0, 1], [0]),
        ([2], [1, 2]),
    ]
    assert literal["alignment"][1]["target_text"] == (
        "For a long time they said nothing <b>at all</b>. Nothing."
    )
    assert len(data["reference_alignment"]) == 3
    assert set(data["reference"]) == {"text", "name"}
    schema = json.loads(wb("schema", "comparison").stdout)
    import jsonschema

    jsonschema.validate(data, schema)


def test_markdown_has_an_aligned_table(run_files: tuple[Path, Path]) -> None:
    text = translate(run_files, "markdown")
    table = text.split("## Sentence by sentence", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert "Hilda Rosner" in rows[0] and "Literal gloss" in rows[0] and "Reference" in rows[0]
    assert len(rows) == 2 + 3, "a header, a rule, one row per source sentence"
    assert rows[2].startswith("| 1 | Siddhartha ging zum Fluss.")
    assert "Siddhartha went to the river, and Govinda followed him." in rows[2]
    assert "↑" in rows[3], "the merged sentence points up"
    assert "\\<b\\>at all\\</b\\>" in rows[4]


def test_html_has_an_aligned_table(run_files: tuple[Path, Path]) -> None:
    page = translate(run_files, "html")
    table = page.split("<h2>Sentence by sentence</h2>", 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 4
    assert "&lt;b&gt;at all&lt;/b&gt;" in table and "<b>" not in table
    assert "Govinda folgte ihm." in table


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_column_left_out_of_the_aligned_table_is_named(
    run_files: tuple[Path, Path], fake_openai: FakeOpenAIServer, fmt: str
) -> None:
    """An incomplete rendition is not aligned: the table says so, naming it, rather than
    leaving a reader to count the columns."""
    fake_openai.add_fault(
        "length", times=5, match=lambda body: request_parts(body)[1] == "Literal gloss"
    )
    passage, reference = run_files
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
        "--style", "literal", "--reference", str(reference), "--format", fmt,
    )  # fmt: skip
    assert result.returncode == 1  # the literal column is partial
    heading = "## Sentence by sentence" if fmt == "markdown" else "<h2>Sentence by sentence</h2>"
    table = result.stdout.split(heading, 1)[1].split("\n## " if fmt == "markdown" else "<h2>")[0]
    assert "Hilda Rosner" in table and "Literal gloss" in table
    assert "Not aligned" in table and "incomplete" in table
