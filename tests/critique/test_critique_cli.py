"""`workbench translate --critique` against the test server's judge: blind on the wire (no
style, model or endpoint name in any judge message), N + 2 requests with the ranking asked in
both orders, spans not in the text dropped and counted, and a judge that fails or answers
invalid JSON leaves the run and its renditions intact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import wb
from tests.fake_judge import BOGUS, FakeJudge, messages_text
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts

PASSAGE = "Siddhartha ging zum Fluss. Govinda folgte ihm. Sie schwiegen lange.\n"
STYLES = ("rosner", "literal", "bernofsky")
NAMES = ("Hilda Rosner", "Literal gloss", "Susan Bernofsky")
MODEL = "wire-model-x7"
SECRET = "sk-test-secret-key-1234567890"


def translation(body: dict[str, Any]) -> str | dict[str, Any]:
    """Each style answers its own words (none of them a style's name)."""
    passage, style = request_parts(body)
    n = NAMES.index(style) + 1 if style in NAMES else 0
    text = (
        f"Siddhartha went to the river{'!' * n}. Govinda followed him. They kept silent."
        if passage.startswith("Siddhartha")
        else passage
    )
    if body.get("response_format"):
        return {"text": text, "notes": [], "footnotes": []}
    return text


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = translation
    fake_openai.judge = FakeJudge()
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("WORKBENCH_MODEL", MODEL)
    return fake_openai


@pytest.fixture
def passage(tmp_path: Path) -> Path:
    path = tmp_path / "passage.de.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    return path


def translate(passage: Path, *extra: str) -> Any:
    args = ["translate", str(passage), "--from", "de", "--to", "en"]
    for style in STYLES:
        args += ["--style", style]
    return wb(*args, "--format", "json", "--critique", *extra)


def judge_requests(server: FakeOpenAIServer) -> list[dict[str, Any]]:
    return [r for r in server.requests if r.get("judge")]


def test_blind_on_the_wire_and_reversed_ranking(server: FakeOpenAIServer, passage: Path) -> None:
    result = translate(passage)
    assert result.returncode == 0, result.stderr
    asked = judge_requests(server)
    assert sorted(r["judge"] for r in asked) == ["annotate"] * 3 + ["rank"] * 2  # N + 2
    host = server.base_url.split("//")[1].split("/")[0]
    for record in asked:
        text = messages_text(record["body"]).casefold()
        for name in (*STYLES, *NAMES, MODEL, host, server.base_url, "openai", "fake-model"):
            assert name.casefold() not in text, (name, record["judge"])
    ranks = [messages_text(r["body"]) for r in asked if r["judge"] == "rank"]
    orders = [
        [
            ln.removeprefix("<<<TRANSLATION ")
            for ln in t.splitlines()
            if ln.startswith("<<<TRANSLATION ")
        ]
        for t in ranks
    ]
    assert sorted(orders[0]) == ["A", "B", "C"]
    assert orders[1] == orders[0][::-1]  # the same request with the order reversed
    run = json.loads(result.stdout)
    critique = run["critique"]
    assert critique["label"] == "the judge model's opinion"
    assert critique["judge"] == MODEL and critique["requests"] == 5
    assert critique["consistency"] == 1.0 and critique["best"] in [
        r["style"] for r in run["renditions"]
    ]
    for column in critique["columns"]:
        rendition = next(r for r in run["renditions"] if r["style"] == column["column"])
        (error,) = column["errors"]
        assert rendition["text"][error["start"] : error["end"]] == error["span"] == "Siddhartha"
        assert column["unlocated"] == 0
        # one major error per 100 source tokens: 5 points over 13 tokens
        assert column["score"] == pytest.approx(round(500 / 13, 2))


def test_position_bias_gives_no_consistent_preference(
    server: FakeOpenAIServer, passage: Path
) -> None:
    server.judge = FakeJudge(ranking="listed")
    result = translate(passage, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "no consistent preference" in result.stdout
    assert "Kendall's tau between the two orders\\): -1.00" in result.stdout
    assert "the judge model's opinion" in result.stdout


def test_spans_not_in_the_text_are_dropped_and_counted(
    server: FakeOpenAIServer, passage: Path
) -> None:
    server.judge = FakeJudge(bogus_spans=2)
    result = translate(passage)
    assert result.returncode == 0, result.stderr
    critique = json.loads(result.stdout)["critique"]
    for column in critique["columns"]:
        assert column["unlocated"] == 2
        assert [e["span"] for e in column["errors"]] == ["Siddhartha"]
        assert all(BOGUS not in e["span"] for e in column["errors"])
    text = translate(passage, "--format", "text").stdout
    assert "6 claims could not be located" in text


@pytest.mark.parametrize("broken", ["fail", "invalid"])
def test_a_broken_judge_leaves_the_run_intact(
    server: FakeOpenAIServer, passage: Path, broken: str
) -> None:
    server.judge = FakeJudge(fail=broken == "fail", invalid=broken == "invalid")
    result = translate(passage)
    assert result.returncode == 1  # the critique failed: said on stderr, the run is printed
    run = json.loads(result.stdout)
    assert [r["style"] for r in run["renditions"]] == list(STYLES)
    assert all(
        r["text"].startswith("Siddhartha went") and r["error"] is None for r in run["renditions"]
    )
    assert all(c["error"] for c in run["critique"]["columns"])
    assert run["critique"]["ranking_error"]
    assert "the critique failed" in result.stderr
    assert SECRET not in result.stderr + result.stdout
    shown = wb("history", "show", "last", "--format", "json")
    assert json.loads(shown.stdout)["renditions"] == run["renditions"]


def test_only_the_embedded_model_cannot_judge(
    passage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_PROVIDER", "local")
    result = translate(passage)
    assert result.returncode == 2
    assert "cannot judge" in result.stderr and "OPENAI_BASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_judge_names_the_model(server: FakeOpenAIServer, passage: Path) -> None:
    result = translate(passage, "--judge", "judge-model:8b")  # a colon: still a model name
    assert result.returncode == 0, result.stderr
    assert {r["body"]["model"] for r in judge_requests(server)} == {"judge-model:8b"}
    assert json.loads(result.stdout)["critique"]["judge"] == "judge-model:8b"


def test_judge_without_critique_is_a_usage_error(passage: Path) -> None:
    result = wb("translate", str(passage), "--from", "de", "--to", "en", "--judge", "x")
    assert result.returncode == 2 and "--critique" in result.stderr


def test_a_name_in_a_rendition_is_withheld_on_the_wire(
    server: FakeOpenAIServer, passage: Path
) -> None:
    def naming(body: dict[str, Any]) -> str | dict[str, Any]:
        passage_text, style = request_parts(body)
        text = f"{style} says: Siddhartha went to the river." if passage_text else passage_text
        return {"text": text, "notes": [], "footnotes": []}

    server.responder = naming
    result = translate(passage)
    assert result.returncode == 0, result.stderr
    for record in judge_requests(server):
        text = messages_text(record["body"])
        assert "[withheld] says" in text
        assert not any(name in text for name in NAMES)
    run = json.loads(result.stdout)
    for column in run["critique"]["columns"]:
        (error,) = column["errors"]  # the judge quoted "[withheld]": found at the real name
        rendition = next(r for r in run["renditions"] if r["style"] == column["column"])
        assert rendition["text"][error["start"] : error["end"]] == error["span"]
        assert error["span"] in NAMES


def test_a_critique_of_one_column_says_one_request(server: FakeOpenAIServer, passage: Path) -> None:
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner"]
    result = wb(*args, "--format", "text", "--critique")
    assert result.returncode == 0, result.stderr
    assert "(1 request)" in result.stderr
    assert f"({MODEL}, 1 request)" in result.stdout, result.stdout
    assert "1 requests" not in result.stdout + result.stderr


def test_ctrl_c_during_the_critique_prints_and_keeps_the_run(
    server: FakeOpenAIServer, passage: Path, isolated_dirs: Path
) -> None:
    """The renditions are whole (and paid for) when the judge is asked: Ctrl-C while it reads
    them stops the critique, not the run, which is printed and kept without it; exit 130."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.fake_judge import judge_kind

    server.add_fault("hang", times=100, match=lambda body: judge_kind(body) is not None)
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DEBUG"}
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", *args, "--style", "literal", "--critique"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120  # generous: a loaded machine starts Python slowly
        while time.monotonic() < deadline and proc.poll() is None:
            if any(judge_kind(r["body"]) for r in list(server.requests)):
                break
            time.sleep(0.02)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert "Siddhartha went to the river" in out and "Critique" not in out
    assert "the critique was interrupted" in err
    assert len(list((isolated_dirs / "data").rglob("*.json"))) == 1, "the run is kept"


@pytest.mark.parametrize("blind", [False, True])
def test_each_critiqued_column_is_one_rendition_by_its_column_key(
    server: FakeOpenAIServer, passage: Path, blind: bool
) -> None:
    """With models side by side the critique's columns are `rosner@alpha` and the like: each
    rendition in the JSON carries the same key (`column`), so every critique column names
    exactly one rendition; in a blind run both are letters."""
    extra = ["-m", "alpha", "-m", "beta", *(["--blind"] if blind else [])]
    result = translate(passage, *extra)
    assert result.returncode == 0, result.stderr
    run = json.loads(result.stdout)
    columns = [c["column"] for c in run["critique"]["columns"]]
    assert len(columns) == 6
    keys = [r["column"] for r in run["renditions"]]
    assert sorted(keys) == sorted(columns)
    if blind:
        assert sorted(keys) == list("ABCDEF")
    else:
        assert "rosner@alpha" in keys and "bernofsky@beta" in keys
