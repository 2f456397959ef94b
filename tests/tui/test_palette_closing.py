"""Closing the command palette while it still gathers commands never ends the app (found by
the tmux watchdog: Textual's gathering worker raised NoMatches on a palette already gone)."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from tests.tui.helpers import wait_for
from workbench.tui.app import make_app
from workbench.tui.palette import SafeCommandPalette


async def test_a_search_that_outlives_its_palette_is_dropped(isolated_dirs: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        palette = app.screen
        assert isinstance(palette, SafeCommandPalette)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
        palette._gather_commands("run")  # the search a late key would have started
        await pilot.pause(0.3)
        assert app.is_running and app.return_code is None
        await pilot.press("ctrl+p")  # the palette still opens and searches
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
