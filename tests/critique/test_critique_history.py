"""History keeps the critic's best column beside the user's favourite, and `history stats`
says how often they agreed, overall and per judge model."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.cli.helpers import wb
from tests.critique.test_critique_cli import passage, server, translate  # noqa: F401
from tests.fake_judge import FakeJudge
from tests.fake_openai_server import FakeOpenAIServer


def test_stats_count_agreement_per_judge(server: FakeOpenAIServer, passage: Path) -> None:  # noqa: F811
    assert "No run has both" in wb("history", "stats").stdout
    runs = []
    for judge, favourite in (("judge-a", None), ("judge-a", "other"), ("judge-b", None)):
        result = translate(passage, "--judge", judge)
        assert result.returncode == 0, result.stderr
        run = json.loads(result.stdout)
        best = run["critique"]["best"]
        assert best is not None  # the alphabetical judge is consistent
        pick = (
            best
            if favourite is None
            else next(r["style"] for r in run["renditions"] if r["style"] != best)
        )
        assert wb("history", "judge", run["id"], "--favourite", pick).returncode == 0
        runs.append(run["id"])
    server.judge = FakeJudge(ranking="listed")
    biased = json.loads(translate(passage, "--judge", "judge-b").stdout)
    wb("history", "judge", biased["id"], "--favourite", "rosner")
    kept = json.loads(wb("history", "show", runs[0], "--format", "json").stdout)
    assert kept["critique"]["best"] and kept["judgment"]["favourite"] == kept["critique"]["best"]

    stats = json.loads(wb("history", "stats", "--format", "json").stdout)
    jsonschema.validate(stats, json.loads(wb("schema", "history-stats").stdout))
    assert stats["overall"] == {
        "judge": "all judges",
        "runs": 4,
        "agreed": 2,
        "no_preference": 1,
        "disagreed": 1,
    }
    per = {j["judge"]: j for j in stats["judges"]}
    assert (per["judge-a"]["agreed"], per["judge-a"]["disagreed"]) == (1, 1)
    assert (per["judge-b"]["agreed"], per["judge-b"]["no_preference"]) == (1, 1)
    text = wb("history", "stats").stdout
    assert "agreed in 2 of 4 runs (50%)" in text and "judge-b" in text


@pytest.mark.usefixtures("server")
def test_a_blind_run_shows_its_critique_under_letters(passage: Path) -> None:  # noqa: F811
    result = translate(passage, "--blind")
    assert result.returncode == 0, result.stderr
    run = json.loads(result.stdout)
    critique = run["critique"]
    assert [c["column"] for c in critique["columns"]] == ["A", "B", "C"]
    assert critique["best"] in ("A", "B", "C")
    for fmt in ("markdown", "html", "text"):
        shown = wb("history", "show", "last", "--format", fmt).stdout
        assert "the judge model" in shown and "opinion" in shown
        for secret in ("rosner", "Rosner", "bernofsky", "Literal gloss"):
            assert secret not in shown, (fmt, secret)
