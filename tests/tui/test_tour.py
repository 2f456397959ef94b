"""The first-run tour (issue 16, Build): one screen on the first start, remembered in the data
folder, never again; WORKBENCH_NO_TOUR=1 (set for every test by conftest) turns it off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tui.helpers import wait_for
from workbench.io.tour import MARKER
from workbench.tui.app import make_app
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.tour import TourScreen


@pytest.fixture
def first_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_NO_TOUR")


@pytest.mark.usefixtures("first_start")
async def test_the_tour_is_shown_once_then_remembered(isolated_dirs: Path) -> None:
    marker = isolated_dirs / "data" / MARKER
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TourScreen))
        text = str(app.screen.query_one("#tour-text").render())
        for needed in ("Translation comparison", "Tech-adoption reviews", "F1", "ctrl+p"):
            assert needed in text
        for needed in ("ctrl+q", "OPENAI_BASE_URL", "OPENAI_API_KEY", "--model"):
            assert needed in text
        assert marker.is_file()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    again = make_app(cursor_blink=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert isinstance(again.screen, HomeScreen)


@pytest.mark.usefixtures("first_start")
async def test_the_tour_comes_on_top_of_a_comparison_started_at_once() -> None:
    app = make_app(compare=True, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TourScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, TourScreen))
        assert type(app.screen).__name__ == "CompareScreen"


async def test_no_tour_when_turned_off(isolated_dirs: Path) -> None:
    app = make_app(cursor_blink=False)  # WORKBENCH_NO_TOUR=1 from conftest
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, HomeScreen)
    assert not (isolated_dirs / "data" / MARKER).exists()


@pytest.mark.usefixtures("first_start")
async def test_a_data_folder_that_cannot_be_written_only_means_the_tour_comes_again(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = isolated_dirs / "not-a-folder"
    blocked.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(blocked))
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TourScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


@pytest.mark.usefixtures("first_start")
def test_tour_at_80x24(snap_compare: Any) -> None:
    app = make_app(cursor_blink=False)

    async def shown(pilot: Any) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TourScreen))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=shown)
