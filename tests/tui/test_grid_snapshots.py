"""How many columns look (issue 17, item 3): a fixed run of 6 styles x 3 samples (18 columns)
from history at 80x24, on its second page (two columns side by side, the summary row naming
the others); the column chooser with one column unticked; 200x50 with six side by side."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import SelectionList

from tests.tui.helpers import save_analysed, wait_for
from workbench.core.translate.models import Rendition
from workbench.tui.app import make_app
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.compare.chooser import ColumnChooser

RUN_ID = "20250101-120000-feed"
SOURCE = "Ich kann denken. Ich kann warten. Ich kann fasten."
STYLES = {
    "rosner": "Hilda Rosner",
    "neugroschel": "Joachim Neugroschel",
    "bernofsky": "Susan Bernofsky",
    "literal": "Literal gloss",
    "plain-prose": "Plain Prose",
    "terse-notes": "Terse Notes",
}
VERBS = ["think", "wait", "fast"]


def many_columns() -> None:
    renditions = [
        Rendition(
            style=sid,
            style_name=name,
            sample=sample,
            text=f"I can {VERBS[sample - 1]}. {name} wrote this, sample {sample}.",
            model="fake-model",
        )
        for sid, name in STYLES.items()
        for sample in (1, 2, 3)
    ]
    save_analysed(RUN_ID, SOURCE, renditions)


async def opened(pilot: Any) -> CompareScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await wait_for(pilot, lambda: len(screen.columns) == 18 and screen.analysed)
    await pilot.pause()
    return screen


async def second_page(pilot: Any) -> None:
    screen = await opened(pilot)
    screen.grid.shown()[0].focus()
    await pilot.press("right_square_bracket")
    await pilot.pause()


async def chooser(pilot: Any) -> None:
    screen = await opened(pilot)
    screen.grid.shown()[0].focus()
    await pilot.press("v")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ColumnChooser))
    await pilot.pause()
    await pilot.press("down", "space")  # Hilda Rosner #2 unticked
    await pilot.pause()
    ticked = pilot.app.screen.query_one(SelectionList).selected
    assert len(ticked) == 17 and "rosner#2" not in ticked


def test_paged_grid_at_80x24(snap_compare: Any) -> None:
    many_columns()
    app = make_app(run_id=RUN_ID, cursor_blink=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=second_page)


def test_paged_grid_at_200x50(snap_compare: Any) -> None:
    many_columns()
    app = make_app(run_id=RUN_ID, cursor_blink=False)
    assert snap_compare(app, terminal_size=(200, 50), run_before=opened)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_column_chooser(snap_compare: Any, size: tuple[int, int]) -> None:
    many_columns()
    app = make_app(run_id=RUN_ID, cursor_blink=False)
    assert snap_compare(app, terminal_size=size, run_before=chooser)
