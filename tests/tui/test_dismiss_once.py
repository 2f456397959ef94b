"""A screen dismissed twice before its pop (two quick keys: enter then escape, enter twice) is
dismissed once: the app does not die on the callback's future being set twice, and the screen
under it stays (issue 16, item 2: found by the watchdog on the history screen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.screen import Screen

from tests.tui.helpers import wait_for
from workbench.tui.app import make_app
from workbench.tui.screens.dialogs import HelpScreen, InputDialog, TextDialog
from workbench.tui.screens.history import HistoryScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.tour import TourScreen

SCREENS: list[Callable[[], Screen[Any]]] = [
    lambda: InputDialog("Open a passage file"),
    lambda: TextDialog("Note"),
    HelpScreen,
    HistoryScreen,
    TourScreen,
]


@pytest.mark.parametrize("make", SCREENS)
async def test_a_second_dismiss_is_ignored(make: Callable[[], Screen[Any]]) -> None:
    app = make_app(cursor_blink=False)
    results: list[object] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        screen = make()
        app.push_screen(screen, results.append)
        await wait_for(pilot, lambda: app.screen is screen)
        screen.dismiss("first")
        screen.dismiss(None)  # before the pop: as a second key would
        await pilot.pause(0.1)
        assert app.is_running
        assert isinstance(app.screen, HomeScreen)  # the screen under it was not popped too
        assert results == ["first"]
