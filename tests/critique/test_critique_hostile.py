"""A judge model (or its server) answering hostile text: what it says is quoted in the lines
about a failed critique, on stderr and in the run's text, and never acts on the terminal nor
forges a line of its own (each line on stderr is one of the workbench's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import wb
from tests.fake_judge import FakeJudge
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts

FORGED = "workbench: critique done, best: A"
HOSTILE = f"A\n{FORGED}\r\x1b]52;c;aGk=\x07\x1b]0;HACKED\x07\x1b[2J\x9b31m\u202eB\u2028C\x85D"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u2028", "\x85", "\r")


def translation(body: dict[str, Any]) -> str | dict[str, Any]:
    passage, _ = request_parts(body)
    text = "The dog barks loudly. The cat sleeps." if passage.startswith("Der") else passage
    return {"text": text, "notes": [], "footnotes": []} if body.get("response_format") else text


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = translation
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


@pytest.fixture
def passage(tmp_path: Path) -> Path:
    path = tmp_path / "passage.de.txt"
    path.write_text("Der Hund bellt laut. Die Katze schläft.\n", encoding="utf-8")
    return path


def critique(passage: Path, *extra: str) -> Any:
    return wb(
        "translate", str(passage), "--from", "de", "--to", "en",
        "--style", "literal", "--style", "rosner", "--critique", "-q", *extra,
    )  # fmt: skip


def assert_inert(text: str) -> None:
    for ch in RAW:
        assert ch not in text, (repr(ch), text)
    assert not any(line.startswith(FORGED) for line in text.splitlines()), text


def assert_workbench_lines(stderr: str) -> None:
    assert_inert(stderr)
    for line in stderr.splitlines():
        assert line.startswith("workbench: "), stderr


@pytest.mark.parametrize("blind", [False, True], ids=["named", "blind"])
def test_a_hostile_ranking_is_quoted_inert_on_one_line(
    server: FakeOpenAIServer, passage: Path, blind: bool
) -> None:
    server.judge = FakeJudge(ranking_answer=[HOSTILE, "B"])
    result = critique(passage, *(["--blind"] if blind else []))
    assert result.returncode == 1, result.stderr
    assert "the critique failed for ranking" in result.stderr
    assert_workbench_lines(result.stderr)
    assert_inert(result.stdout)
    assert "The ranking failed" in result.stdout


def test_a_hostile_error_from_the_judges_server_is_quoted_inert_on_one_line(
    server: FakeOpenAIServer, passage: Path
) -> None:
    server.judge = FakeJudge(fail=True, kinds=("annotate",), fail_message=HOSTILE)
    result = critique(passage)
    assert result.returncode == 1, result.stderr
    assert "the critique failed for literal" in result.stderr
    assert_workbench_lines(result.stderr)
    assert_inert(result.stdout)
    assert "the judge gave no answer" in result.stdout


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_a_hostile_ranking_in_the_other_formats_carries_no_controls(
    server: FakeOpenAIServer, passage: Path, fmt: str
) -> None:
    server.judge = FakeJudge(ranking_answer=[HOSTILE, "B"])
    result = critique(passage, "--format", fmt)
    assert result.returncode == 1, result.stderr
    assert_workbench_lines(result.stderr)
    for ch in RAW:
        assert ch not in result.stdout, (repr(ch), fmt)


def test_a_servers_error_page_is_one_line_in_the_text_report(
    server: FakeOpenAIServer, passage: Path
) -> None:
    """A proxy's error page spans lines: in the text report the failed column's line holds
    it whole, and no line of it stands on its own as if the workbench had written it."""
    page = f"<html>\n<h1>502 Bad Gateway</h1>\n{FORGED}\n== Hilda Rosner (rosner) [ok]\n</html>"
    server.add_fault("500", times=10, message=page, match=lambda b: "Literal" in str(b))
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en",
        "--style", "literal", "--style", "rosner", "-q", "--no-history",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert_workbench_lines(result.stderr)
    failed = [line for line in result.stdout.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "502 Bad Gateway" in failed[0] and FORGED in failed[0]
    assert not any(line.startswith(FORGED) for line in result.stdout.splitlines())
    headers = [line for line in result.stdout.splitlines() if line.startswith("== Hilda")]
    assert len(headers) == 1, result.stdout
