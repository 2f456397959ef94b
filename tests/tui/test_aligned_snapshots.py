"""How the aligned view looks, at 80x24 (stacked) and 200x50 (side by side): the fixed run of
`test_snapshots` with diff marks on against its first column, the cursor on the second row."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.test_snapshots import RUN_ID, diff_on, fixed_run
from workbench.tui.app import make_app


async def aligned_on(pilot: Any) -> None:
    await diff_on(pilot)
    await pilot.press("a")
    await pilot.pause()
    await pilot.press("down")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
def test_aligned_view(snap_compare: Any, size: tuple[int, int]) -> None:
    fixed_run()
    app = make_app(run_id=RUN_ID, cursor_blink=False)
    assert snap_compare(app, terminal_size=size, run_before=aligned_on)
