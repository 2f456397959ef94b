"""Helpers for the TUI tests: wait for a condition while the app runs, point the app at the
fake OpenAI server (`serve`; the `serving` and `server` fixtures of `conftest.py`), start a
comparison of a passage and wait for its analysed run, read what the screen shows."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.fake_openai_server import FakeOpenAIServer, Responder
from tests.llm_helpers import style_responder
from workbench.core.compare.analysis import analyse
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
from workbench.io.translate.history import save_run
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.widgets.aligned_table import AlignedTable
from workbench.tui.widgets.column import RenditionColumn

Serving = Callable[..., FakeOpenAIServer]
"""`serve` with the fake server, the monkeypatch and the config folder given (`conftest.py`)."""

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."
HOSTILE = "[bold]x[/] [link=file:///etc/passwd]y[/link] \x1b[31mred\x1b[0m"


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 15) -> None:
    """Let the app run until `condition()` holds (fails the test after `timeout` s)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)
        await asyncio.sleep(0)


def compare_screen(pilot: Pilot[Any]) -> CompareScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen), screen
    return screen


def column(screen: CompareScreen, key: str) -> RenditionColumn:
    return next(c for c in screen.columns if c.key == key)


def shown_body(col: RenditionColumn) -> str:
    """The text the column's body shows (its Content, as plain text)."""
    return str(col.body.content)


def shown_title(col: RenditionColumn) -> str:
    return str(col.query_one(".col-title", Static).content)


def no_retries(home: Path) -> None:
    """A config file that turns the SDK's retries off, so faults show at once."""
    (home / "config" / "config.toml").write_text("[llm]\nmax_retries = 0\n", encoding="utf-8")


def saved_id(screen: CompareScreen) -> str:
    """The id of the run the screen has saved (fails the test when there is none yet)."""
    assert screen.comparison is not None, "no run saved yet"
    return screen.comparison.id


def serve(
    fake_openai: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    home: Path,
    responder: Responder = style_responder,
    **settings: Any,
) -> FakeOpenAIServer:
    """The app's requests go to `fake_openai`, answered by `responder`, paced by `settings`
    (the server's attributes: `chunk_delay`, `latency`, ...), the SDK's retries off
    (`no_retries`, in the config folder `home`)."""
    fake_openai.responder = responder
    for name, value in settings.items():
        assert hasattr(fake_openai, name), name
        setattr(fake_openai, name, value)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    no_retries(home)
    return fake_openai


def comparing(
    passage: str = PASSAGE, styles: Sequence[str] = ("rosner", "literal"), **kw: Any
) -> WorkbenchApp:
    """The app on the comparison screen, running `passage` from German into English in
    `styles` at once (`kw`: make_app's other arguments, the languages too)."""
    settings: dict[str, Any] = {"source_language": "de", "target_language": "en"}
    settings |= kw
    return make_app(passage=passage, styles=list(styles), cursor_blink=False, **settings)


async def analysed(pilot: Pilot[Any]) -> CompareScreen:
    """The comparison screen once its run is saved and analysed."""
    screen = compare_screen(pilot)
    await wait_for(pilot, lambda: screen.comparison is not None and screen.analysed)
    return screen


async def analysed_on_a_column(pilot: Pilot[Any]) -> CompareScreen:
    """The screen of the analysed run, its first column focused: out of the setup pane's
    fields, where a key types its letter."""
    screen = await analysed(pilot)
    screen.columns[0].focus()
    await pilot.pause()
    return screen


async def aligned_view(pilot: Pilot[Any]) -> AlignedTable:
    """`a` pressed (the aligned view, from a column): its table."""
    await pilot.press("a")
    await pilot.pause()
    return compare_screen(pilot).query_one(AlignedTable)


def table_lines(table: AlignedTable) -> list[str]:
    """The aligned table's lines as shown, as plain text."""
    return ["".join(s.text for s in table.render_line(y)) for y in range(table.size.height)]


def save_analysed(run_id: str, source: str, renditions: list[Rendition], **fields: Any) -> None:
    """A run of `source` from German into English by fake-model at a fixed time, analysed and
    saved as the TUI and the CLI save runs (`fields`: the run's others), for a screen to open
    from history with nothing live in it (snapshots)."""
    run = Comparison(
        id=run_id,
        created_at=datetime(2025, 1, 1, 12, 0, tzinfo=UTC),
        source=SourceText(text=source, language="de"),
        target=TargetSpec(language="en"),
        model="fake-model",
        renditions=renditions,
        **fields,
    )
    save_run(analyse(run))
