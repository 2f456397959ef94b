"""A run whose every style failed for the same reason says so once; `workbench doctor` says which
model parameters the endpoint took and refused in earlier runs, without sending a request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder

PASSAGE = "Ich kann denken. Ich kann warten.\n"
STYLES = ("--style", "rosner", "--style", "literal", "--style", "bernofsky")


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    return fake_openai


@pytest.fixture
def passage(tmp_path: Path) -> Path:
    path = tmp_path / "p.de.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    return path


def translate(passage: Path, *extra: str) -> tuple[int, list[str]]:
    result = wb("translate", str(passage), "--from", "de", "--to", "en", *STYLES, *extra)
    return result.returncode, [line for line in result.stderr.splitlines() if line.strip()]


def test_every_style_failing_alike_is_said_once(server: FakeOpenAIServer, passage: Path) -> None:
    server.known_models = {"fake-model"}
    code, lines = translate(passage, "-m", "no-such-model", "--no-cache")
    assert code == 1
    assert len(lines) == 1, lines
    (line,) = lines
    assert "no-such-model" in line and "does not exist" in line
    assert line.endswith("(all 3 styles)")
    assert len(server.requests) == 3


def test_different_failures_are_each_said(server: FakeOpenAIServer, passage: Path) -> None:
    server.add_fault("context_length", match=lambda body: "Literal" in json.dumps(body))
    server.known_models = None
    code, lines = translate(passage, "-m", "fake-model", "--no-cache")
    assert code == 1
    assert len(lines) == 1 and "style literal failed" in lines[0] and "(all" not in lines[0]


def test_doctor_says_what_earlier_runs_learned(server: FakeOpenAIServer, passage: Path) -> None:
    server.reasoning_models = {"house-reasoner"}
    before = wb("doctor", "--no-hash", "--format", "json", env={"WORKBENCH_MODEL": "o3-mini"})
    params = json.loads(before.stdout)["model_parameters"]
    assert params["learned"] == []
    assert params["table"]["family"] and "temperature" in params["table"]["not_sent"]

    code, lines = translate(passage, "-m", "house-reasoner", "--no-cache")
    assert code == 0, lines
    chats = len(server.requests)

    report = wb(
        "doctor", "--no-hash", "--format", "json", env={"WORKBENCH_MODEL": "house-reasoner"}
    )
    assert len(server.requests) == chats, "doctor sends no chat request"
    params = json.loads(report.stdout)["model_parameters"]
    assert params["table"]["family"] is None
    (entry,) = params["learned"]
    assert entry["model"] == "house-reasoner"
    assert set(entry["rejected"]) == {"temperature"}
    assert "Unsupported value" in entry["rejected"]["temperature"]
    text = wb("doctor", "--no-hash", env={"WORKBENCH_MODEL": "house-reasoner"}).stdout
    assert "rejected: temperature" in text
    assert "sk-test-secret-key-1234567890" not in report.stdout + text
