"""The comparison screen's critique key: the cost said first (N + 2 requests), a second press
runs it; the judge's spans marked in the columns, the reasons shown on focus, the critique kept
in history; a failing judge leaves the run on screen as it was."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from tests.fake_judge import FakeJudge
from tests.fake_openai_server import FakeOpenAIServer
from tests.tui.helpers import (
    Serving,
    analysed,
    column,
    comparing,
    wait_for,
)
from workbench.io.translate.history import load_run
from workbench.tui.widgets.critique_marks import SEVERITY_STYLE


def answer(body: dict[str, Any]) -> str | dict[str, Any]:
    text = "I can think. I can wait. I can fast."
    if body.get("response_format"):
        return {"text": text, "notes": [], "footnotes": []}
    return text


@pytest.fixture
def server(serving: Serving) -> FakeOpenAIServer:
    return serving(answer, judge=FakeJudge(real_spans=2, bogus_spans=1))


def notices(pilot: Any) -> str:
    return "\n".join(str(n.message) for n in pilot.app._notifications)


async def test_critique_marks_the_spans_and_shows_reasons_on_focus(
    server: FakeOpenAIServer,
) -> None:
    async with comparing().run_test(size=(160, 45)) as pilot:
        screen = await analysed(pilot)
        column(screen, "literal").focus()
        await pilot.press("k")
        assert "2 + 2 (the ranking, asked in both orders) = 4 requests" in notices(pilot)
        assert not any(r.get("judge") for r in server.requests)  # nothing asked yet
        await pilot.press("k")
        await wait_for(pilot, lambda: screen.comparison.critique is not None)  # type: ignore[union-attr]
        assert sum(1 for r in server.requests if r.get("judge")) == 4
        col = column(screen, "rosner")
        marks = col.critique_marks
        assert [(m.span, m.sentence) for m in marks] == [("I", 1), ("I", 2)]
        spans = [s for s in col.body.content.spans if s.style == SEVERITY_STYLE["major"]]
        assert [(s.start, s.end) for s in spans] == [(m.start, m.end) for m in marks]
        panel = col.query_one(".col-critique", Static)
        shown = str(panel.content)
        assert "the judge model's opinion" in shown and "1 claims could not be located" in shown
        assert "objects to" not in shown  # the reasons come with the focus
        col.focus()
        await pilot.pause()
        assert "the judge objects to 'I'" in str(panel.content)
        kept = load_run(screen.comparison.id)  # type: ignore[union-attr]
        assert kept.critique is not None and kept.critique.columns[0].errors


async def test_a_failing_judge_leaves_the_run_on_screen(server: FakeOpenAIServer) -> None:
    server.judge = FakeJudge(fail=True)
    async with comparing().run_test(size=(160, 45)) as pilot:
        screen = await analysed(pilot)
        column(screen, "literal").focus()
        before = [(c.key, c.text, c.state) for c in screen.columns]
        await pilot.press("k", "k")
        await wait_for(pilot, lambda: screen.comparison.critique is not None)  # type: ignore[union-attr]
        assert [(c.key, c.text, c.state) for c in screen.columns] == before
        assert "The judge gave no answer for 2 column(s)" in notices(pilot)
        assert "no answer" in str(
            column(screen, "literal").query_one(".col-critique", Static).content
        )


async def test_only_the_embedded_model_cannot_judge_in_the_tui(
    server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with comparing().run_test(size=(160, 45)) as pilot:
        screen = await analysed(pilot)
        monkeypatch.delenv("OPENAI_BASE_URL")
        monkeypatch.setenv("WORKBENCH_PROVIDER", "local")
        column(screen, "literal").focus()
        await pilot.press("k", "k")
        await pilot.pause()
        assert "cannot judge" in notices(pilot)
        assert screen.comparison.critique is None  # type: ignore[union-attr]
