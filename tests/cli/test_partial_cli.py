"""A rendition cut off mid-answer (issue 11, item 16): the text parsed so far, never the raw
JSON, shown and exported marked as partial, analysed as such, and failed for the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts, style_responder

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten, und ich kann lange warten.\n"
WHOLE = f"[Hilda Rosner] {PASSAGE.strip()}"


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    fake_openai.add_fault(
        "break_stream", times=10, match=lambda b: request_parts(b)[1] == "Hilda Rosner"
    )
    return fake_openai


@pytest.fixture
def passage(tmp_path: Path) -> Path:
    path = tmp_path / "passage.de.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    return path


def translate(passage: Path, *args: str) -> tuple[int, str, str]:
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en",
        "--style", "rosner", "--style", "literal", *args,
    )  # fmt: skip
    return result.returncode, result.stdout, result.stderr


def test_json_keeps_the_parsed_text_and_why_it_stopped(
    server: FakeOpenAIServer, passage: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "reference.txt"
    reference.write_text(WHOLE, encoding="utf-8")
    code, out, err = translate(passage, "--format", "json", "--reference", str(reference))
    assert code == 1, err
    data = json.loads(out)
    rosner, literal = data["renditions"]
    assert rosner["text"] and WHOLE.startswith(rosner["text"])
    assert not rosner["text"].lstrip().startswith("{")
    assert rosner["partial"]["reason"] == "stream_cut"
    assert rosner["error"]["type"] == "stream_interrupted"
    assert literal["partial"] is None and literal["error"] is None
    # analysed as partial: not scored against the reference as if whole, flagged instead
    assert rosner["metrics"] is None and literal["metrics"] is not None
    assert [f["kind"] for f in rosner["flags"]] == ["partial"]
    assert "style rosner is partial" in err or "style rosner failed" in err
    schema = json.loads(wb("schema", "comparison").stdout)
    import jsonschema

    jsonschema.validate(data, schema)


@pytest.mark.parametrize(
    ("fmt", "mark"),
    [
        ("text", "PARTIAL"),
        ("markdown", "**Partial**"),
        ("html", 'class="partial"'),
    ],
)
def test_every_format_marks_the_partial_rendition(
    server: FakeOpenAIServer, passage: Path, tmp_path: Path, fmt: str, mark: str
) -> None:
    out = tmp_path / f"run.{fmt}"
    code, _, err = translate(passage, "--format", fmt, "-o", str(out))
    assert code == 1, err
    text = out.read_text(encoding="utf-8")
    assert text.count(mark) == 1, text
    assert "the stream was cut off" in text
    assert '{"text"' not in text and "{&quot;text" not in text
    assert "Hilda Rosner" in text
