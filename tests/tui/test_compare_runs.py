"""How the comparison screen sets up its runs: through the run service that `translate` uses
(model and provider from the command line), retries of later samples, history failures."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.tui.helpers import (
    PASSAGE,
    Serving,
    analysed,
    column,
    compare_screen,
    comparing,
    wait_for,
)


@pytest.fixture
def server(serving: Serving) -> FakeOpenAIServer:
    """A server whose every answer differs: `answer N` for its N-th request."""
    count = itertools.count(1)

    def numbered(body: dict[str, Any]) -> str | dict[str, Any]:
        text = f"answer {next(count)}"
        if body.get("response_format"):
            return {"text": text, "notes": [], "footnotes": []}
        return text

    return serving(numbered)


async def test_retrying_a_later_sample_keeps_each_columns_cached_answer(
    server: FakeOpenAIServer,
) -> None:
    app = comparing(PASSAGE, ["rosner"], samples=2)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await analysed(pilot)
        first = {c.key: c.text for c in screen.columns}
        assert sorted(first.values()) == ["answer 1", "answer 2"]
        second = column(screen, "rosner#2")
        second.focus()
        await pilot.press("r")
        await wait_for(pilot, lambda: second.state == "done" and screen.analysed)
        assert second.text == "answer 3"
        assert column(screen, "rosner").text == first["rosner"]
        assert screen.comparison is not None
        retried = screen.comparison.column("rosner#2")
        assert retried is not None and retried.sample == 2 and retried.text == "answer 3"
        # a run of the same setup again comes from the cache: each column its own last answer
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen.comparison is not None and screen.analysed)
        again = {c.key: c.text for c in screen.columns}
        assert again == {"rosner": first["rosner"], "rosner#2": "answer 3"}
        assert len(server.requests) == 3


async def test_compare_model_option_reaches_the_server(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    from workbench.cli.compare_cmd import compare, compare_app

    passage = tmp_path / "passage.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    args = [str(passage), "--from", "de", "--to", "en", "--style", "rosner"]
    args += ["--style", "literal", "--model", "model-x", "--provider", "openai"]
    with compare.make_context("compare", args) as ctx:
        app = compare_app(**ctx.params, cursor_blink=False)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        assert {c.state for c in screen.columns} == {"done"}
        assert screen.comparison is not None and screen.comparison.model == "model-x"
    assert len(server.requests) == 2
    assert {r["body"]["model"] for r in server.requests} == {"model-x"}


async def test_compare_no_cache_option_asks_again(server: FakeOpenAIServer, tmp_path: Path) -> None:
    from workbench.cli.compare_cmd import compare, compare_app

    passage = tmp_path / "passage.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    args = [str(passage), "--from", "de", "--to", "en", "--style", "rosner"]
    texts = []
    for extra in ([], ["--no-cache"]):
        with compare.make_context("compare", args + extra) as ctx:
            app = compare_app(**ctx.params, cursor_blink=False)
        async with app.run_test(size=(160, 40)) as pilot:
            texts.append(await _rosner_text(pilot))
    assert texts == ["answer 1", "answer 2"]  # the second run asked again, not the cache
    assert len(server.requests) == 2


async def _rosner_text(pilot: Any) -> str:
    screen = compare_screen(pilot)
    await wait_for(pilot, lambda: screen.comparison is not None)
    return column(screen, "rosner").text


async def test_a_run_stays_on_screen_when_history_cannot_be_saved(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(blocker))
    app = comparing()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await analysed(pilot)
        assert {c.key: c.state for c in screen.columns} == {"rosner": "done", "literal": "done"}
        assert screen.comparison is not None and len(screen.comparison.renditions) == 2
        warnings = [n for n in app._notifications if "history" in n.message]
        assert len(warnings) == 1, [n.message for n in app._notifications]
        assert warnings[0].severity == "warning"
        assert "could not be saved" in warnings[0].message
