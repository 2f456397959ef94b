"""`workbench translate` against servers that never finish (issue 11, item 8): with
WORKBENCH_DEADLINE=D every rendition ends within D + 1 s of its first request, as `timeout`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import wb, wb_process
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten.\n"
DEADLINE = 2


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    monkeypatch.setenv("WORKBENCH_TIMEOUT", "3")
    monkeypatch.setenv("WORKBENCH_DEADLINE", str(DEADLINE))
    return fake_openai


@pytest.mark.parametrize(
    ("kind", "delay"), [("hang", 5.0), ("keepalive", 0.3), ("trickle", 0.5), ("endless", 0.05)]
)
def test_a_server_that_never_finishes_meets_the_deadline(
    server: FakeOpenAIServer, tmp_path: Path, kind: str, delay: float
) -> None:
    server.add_fault(kind, times=100, delay=delay)  # type: ignore[arg-type]
    path = tmp_path / "passage.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    result = wb_process(
        "translate", str(path), "--from", "de", "--to", "en",
        "--style", "rosner", "--style", "literal", "--format", "json",
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert [r["style"] for r in data["renditions"]] == ["rosner", "literal"]
    for r in data["renditions"]:
        assert r["error"]["type"] == "timeout"
        # latency_ms runs from before the first request to the rendition's end.
        assert r["latency_ms"] <= (DEADLINE + 1) * 1000
    said = [line for line in result.stderr.splitlines() if "deadline" in line]
    assert said and all("timeout" in line for line in said)
    if any("is partial" in line for line in said):  # partial: each says what it kept
        assert len(said) == 2 and "style rosner" in said[0]
    else:  # both failed alike: said once, for all of them
        assert len(said) == 1 and said[0].endswith("(all 2 styles)")
    for request in server.requests:  # the client let go of every request in time
        assert request["closed_at"] is not None
        assert request["closed_at"] - request["started_at"] <= DEADLINE + 1


def test_bad_deadline_setting_is_a_clear_error(server: FakeOpenAIServer, tmp_path: Path) -> None:
    path = tmp_path / "passage.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    result = wb(
        "translate", str(path), "--from", "de", "--to", "en", env={"WORKBENCH_DEADLINE": "soon"}
    )
    assert result.returncode == 2
    assert "WORKBENCH_DEADLINE" in result.stderr and "Traceback" not in result.stderr
