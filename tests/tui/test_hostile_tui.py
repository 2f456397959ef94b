"""Hostile text in the TUI (issue 11, items 9 and 11): the record reader keeps every heading
whatever the answers hold, and the setup pane reads languages as the CLI does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock, MarkdownHeader

from tests.fake_openai_server import FakeOpenAIServer
from tests.tui.helpers import PASSAGE, compare_screen, comparing, wait_for
from tests.tui.review_helpers import FULL, browser, make_record
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.review_records import RecordReaderScreen

HOSTILE_ANSWERS = {
    **FULL,
    "problem": "[a](javascript:alert(1)) ![](http://evil.example/track.png) \x1b[31mred\u202e",
    "new-costs": "```\nthe fence is never closed\n",
    "current-stack-difficulty": "# injected\n\nText\n===",
}


async def _reader_headings(root: Path) -> tuple[list[str], str]:
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await browser(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordReaderScreen))
        markdown = app.screen.query_one(Markdown)
        await wait_for(pilot, lambda: bool(markdown.query(MarkdownHeader)))
        await pilot.pause()
        headings = [str(h._content) for h in markdown.query(MarkdownHeader)]
        text = "\n".join(str(block._content) for block in markdown.query(MarkdownBlock))
        return headings, text


async def test_the_reader_keeps_every_heading_whatever_the_answers_hold(tmp_path: Path) -> None:
    make_record(tmp_path / "clean", "Adopt Kafka", 1, technology="Kafka")
    make_record(tmp_path / "hostile", "Adopt Kafka", 1, technology="Kafka", answers=HOSTILE_ANSWERS)
    want, _ = await _reader_headings(tmp_path / "clean")
    got, text = await _reader_headings(tmp_path / "hostile")
    assert len(want) >= 6
    assert got == want
    assert "the fence is never closed" in text
    for raw in ("\x1b", "\u202e", "[31m"):
        assert raw not in text


def _app(source: str, target: str) -> Any:
    return comparing(PASSAGE, ["rosner"], source_language=source, target_language=target)


async def test_the_setup_pane_reads_language_names(server: FakeOpenAIServer) -> None:
    async with _app("deutsch", "English").run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        assert screen.comparison is not None
        assert screen.comparison.source.language == "de"
        assert screen.comparison.target.language == "en"
        prompt = json.dumps(server.requests[-1]["body"]["messages"])
        assert "from German into English" in prompt


async def test_the_setup_pane_refuses_an_unknown_language_with_a_suggestion(
    server: FakeOpenAIServer,
) -> None:
    async with _app("Germn", "en").run_test(size=(160, 40)) as pilot:
        app = pilot.app
        await wait_for(pilot, lambda: bool(app._notifications))
        await pilot.pause(0.2)
        messages = [str(n.message) for n in app._notifications]
        assert any("Germn" in m and "German" in m.split("Germn", 1)[1] for m in messages), messages
        assert compare_screen(pilot).comparison is None
        assert server.requests == []
