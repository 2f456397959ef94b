"""Exit codes count every requested column, round trips included."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts, style_responder

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten.\n"


@pytest.fixture
def server(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    (isolated_dirs / "config" / "config.toml").write_text("[llm]\nmax_retries = 0\n")
    return fake_openai


def _translate(tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    passage = tmp_path / "passage.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en",
        "--style", "rosner", "--style", "literal", "--round-trip", *extra,
    )  # fmt: skip
    return result.returncode, result.stdout, result.stderr


def _is_round_trip(body: dict[str, object]) -> bool:
    return request_parts(body)[1] == "Round trip"


def test_every_round_trip_failed_exits_1(server: FakeOpenAIServer, tmp_path: Path) -> None:
    server.add_fault("500", times=50, match=_is_round_trip)
    code, out, err = _translate(tmp_path)
    assert code == 1, err
    assert "[Hilda Rosner]" in out and "[Literal gloss]" in out, "the renditions are printed"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 2 and all("round trip" in line for line in lines), err
    assert "rosner" in err and "literal" in err
    assert "Traceback" not in err


def test_one_round_trip_failed_exits_1(server: FakeOpenAIServer, tmp_path: Path) -> None:
    server.add_fault(
        "500", times=50, match=lambda b: _is_round_trip(b) and "Literal" in str(b["messages"])
    )
    code, _, err = _translate(tmp_path)
    assert code == 1, err
    [line] = [line for line in err.splitlines() if line.strip()]
    assert "round trip" in line and "literal" in line


def test_every_round_trip_made_exits_0(server: FakeOpenAIServer, tmp_path: Path) -> None:
    code, _, err = _translate(tmp_path)
    assert code == 0, err
    assert err == ""


def _empty_for(style: str, text: str = "  \n") -> Callable[[dict[str, Any]], str | dict[str, Any]]:
    """`style_responder`, but an answer with no text (JSON or plain) for `style`'s requests."""

    def responder(body: dict[str, Any]) -> str | dict[str, Any]:
        if request_parts(body)[1] != style:
            return style_responder(body)
        if body.get("response_format"):
            return {"text": text, "notes": [], "footnotes": []}
        return text

    return responder


@pytest.mark.parametrize("json_mode", [True, False], ids=["json", "plain"])
@pytest.mark.parametrize(
    "text",
    [
        "  \n",
        "\x1b[2J\x1b]0;title\x07",
        "[1] Herr: sir, master.",
        "\u200b\ufeff \u2060\u00ad\u200d\u3164\n\u034f",  # shows as nothing at all
    ],
    ids=["blank", "escapes", "footnotes-only", "invisible"],
)
def test_an_empty_answer_is_a_failed_column(
    server: FakeOpenAIServer, tmp_path: Path, json_mode: bool, text: str
) -> None:
    server.responder = _empty_for("Literal gloss", text)
    if not json_mode:
        server.supports_json_schema = server.supports_json_object = False
    code, out, err = _translate(tmp_path, "--format", "json")
    assert code == 1, err
    literal = next(r for r in json.loads(out)["renditions"] if r["style"] == "literal")
    assert literal["error"] is not None and literal["error"]["type"] == "invalid_output"
    [line] = [line for line in err.splitlines() if line.strip()]
    assert "literal" in line and "no text" in line, err
    # the empty answer was not cached: once the model answers, the column has its text
    server.responder = style_responder
    code, out, err = _translate(tmp_path, "--format", "json")
    assert code == 0, err
    literal = next(r for r in json.loads(out)["renditions"] if r["style"] == "literal")
    assert literal["error"] is None and literal["text"].startswith("[Literal gloss]")


@pytest.mark.parametrize(
    "text", ["  \n", "[1] Herr: sir, master."], ids=["blank", "footnotes-only"]
)
def test_an_empty_round_trip_is_a_failed_round_trip(
    server: FakeOpenAIServer, tmp_path: Path, text: str
) -> None:
    server.responder = _empty_for("Round trip", text)
    code, out, err = _translate(tmp_path, "--format", "json")
    assert code == 1, err
    for rendition in json.loads(out)["renditions"]:
        assert rendition["round_trip"]["error"]["type"] == "invalid_output"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 2 and all("round trip" in line for line in lines), err
