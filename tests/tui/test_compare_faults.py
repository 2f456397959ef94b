"""The comparison screen when things break (issue 11): a broken response cache, a stream cut
off mid-answer, a server that never finishes. Pilot, against the real-HTTP test server."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts, style_responder
from tests.tui.helpers import (
    PASSAGE,
    Serving,
    column,
    compare_screen,
    comparing,
    shown_body,
    wait_for,
)
from workbench.io.translate.history import load_run

STYLES = ["rosner", "literal", "bernofsky"]


@pytest.fixture
def server(serving: Serving) -> FakeOpenAIServer:
    return serving(chunk_delay=0.005)


def app_for(styles: list[str] | None = None) -> Any:
    return comparing(PASSAGE, styles or STYLES)


def is_rosner(body: dict[str, Any]) -> bool:
    return request_parts(body)[1] == "Hilda Rosner"


async def test_a_cache_with_the_wrong_schema_leaves_no_column_streaming(
    server: FakeOpenAIServer,
) -> None:
    with sqlite3.connect(Path(os.environ["WORKBENCH_CACHE_DIR"]) / "responses.sqlite3") as db:
        db.execute("create table responses(x)")
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        assert {c.key: c.state for c in screen.columns} == dict.fromkeys(STYLES, "done")
        assert column(screen, "rosner").text == f"[Hilda Rosner] {PASSAGE}"
        assert screen.comparison is not None
        assert [r.key for r in screen.comparison.renditions] == STYLES


async def test_a_stream_cut_off_shows_the_parsed_text_marked_partial(
    server: FakeOpenAIServer,
) -> None:
    server.add_fault("break_stream", match=is_rosner, times=5)  # outlasts the provider's retries
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        rosner = column(screen, "rosner")
        assert rosner.state == "partial"
        body = shown_body(rosner)
        assert body.strip() and not body.lstrip().startswith("{")
        assert f"[Hilda Rosner] {PASSAGE}".startswith(rosner.text)
        status = str(rosner.query_one(".col-status", Static).content)
        assert "partial" in status and "stream" in status
        assert [c.state for c in screen.columns if c.key != "rosner"] == ["done", "done"]
        saved = load_run(screen.comparison.id)  # type: ignore[union-attr]
        kept = saved.column("rosner")
        assert kept is not None and kept.partial is not None
        assert kept.partial.reason == "stream_cut"


async def test_a_server_that_never_answers_ends_at_the_deadline(
    server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_DEADLINE", "2")
    server.add_fault("hang", match=is_rosner, times=5)
    server.add_fault("keepalive", match=lambda b: request_parts(b)[1] == "Literal gloss", delay=0.2)
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None, timeout=30)
        states = {c.key: c.state for c in screen.columns}
        assert states == {"rosner": "failed", "literal": "failed", "bernofsky": "done"}
        assert column(screen, "rosner").reason.startswith("timeout")


async def test_an_empty_answer_ends_its_column_with_an_error_not_an_empty_text(
    server: FakeOpenAIServer,
) -> None:
    """A model that answers with no text (`{"text": ""}`, or blanks) fails its column with a
    reason, as any other failure; the other columns are not affected, and the empty answer
    is not cached (the next run asks again)."""

    def empty_for_rosner(body: dict[str, Any]) -> str | dict[str, Any]:
        if is_rosner(body):
            return {"text": "  \n", "notes": [], "footnotes": []}
        return style_responder(body)

    server.responder = empty_for_rosner
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        rosner = column(screen, "rosner")
        assert rosner.state == "failed", rosner.state
        assert "empty" in rosner.reason
        assert [c.state for c in screen.columns if c.key != "rosner"] == ["done", "done"]
        asked = len(server.requests)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: len(server.requests) > asked and not screen.session.running)
        assert any(is_rosner(r["body"]) for r in server.requests[asked:])
