"""Helpers for the TUI tests: wait for a condition while the app runs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from workbench.tui.screens.compare import CompareScreen
from workbench.tui.widgets.column import RenditionColumn

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
