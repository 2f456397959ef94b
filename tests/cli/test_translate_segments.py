"""`translate --format json` says where each column's alignment came from: the model's own
segments (checked against the text), or the aligner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts

PASSAGE = "Siddhartha ging zum Fluss. Govinda folgte ihm. Sie schwiegen lange.\n"
TEXT = "Siddhartha went to the river, and Govinda followed him. For a long time they were silent."
SEGMENTS = [
    {"source": [1, 2], "text": "Siddhartha went to the river, and Govinda followed him."},
    {"source": [3], "text": "For a long time they were silent."},
]


def answer(body: dict[str, Any]) -> str | dict[str, Any]:
    _, style = request_parts(body)
    if not body.get("response_format"):
        return TEXT
    # Rosner's answer has segments; the literal gloss's segments leave out sentence 3
    segments = SEGMENTS if style == "Hilda Rosner" else SEGMENTS[:1]
    return {"text": TEXT, "segments": segments, "notes": [], "footnotes": []}


def test_json_shows_each_alignments_origin(
    fake_openai: FakeOpenAIServer, monkeypatch: Any, tmp_path: Path
) -> None:
    fake_openai.responder = answer
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    passage = tmp_path / "p.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
        "--style", "literal", "--format", "json", "--no-cache",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rosner, literal = data["renditions"]
    assert rosner["alignment_origin"] == "model"
    assert [(p["source"], p["target"]) for p in rosner["alignment"]] == [([0, 1], [0]), ([2], [1])]
    assert literal["alignment_origin"] == "aligner"
    assert sorted(i for p in literal["alignment"] for i in p["source"]) == [0, 1, 2]
    assert "segments" not in rosner, "the segments became the alignment; they are not kept twice"
    schema = json.loads(wb("schema", "comparison").stdout)
    import jsonschema

    jsonschema.validate(data, schema)


def test_blind_json_does_not_say_where_an_alignment_came_from(
    fake_openai: FakeOpenAIServer, monkeypatch: Any, tmp_path: Path
) -> None:
    fake_openai.responder = answer
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    passage = tmp_path / "p.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
        "--style", "literal", "--format", "json", "--no-cache", "--blind",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["alignment_origin"] for r in data["renditions"]] == [None, None]
    assert all(r["alignment"] for r in data["renditions"]), "the alignments themselves stay"
