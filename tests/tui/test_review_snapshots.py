"""How the reviews screens look: the question screen and the records browser, at 80x24 and
120x40. Records have fixed dates and ids; cursor blink is off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.tui.helpers import wait_for
from tests.tui.review_helpers import browser, make_record, settle
from workbench.services.review.drafts import save_position
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.review_flow import ReviewFlowScreen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_question_screen(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    root = tmp_path / "decisions"
    stored = make_record(
        root,
        "Adopt Kafka",
        1,
        answers={"problem": "Order events pile up at peak.", "new-costs": "On-call, training."},
    )
    save_position(stored.record.id, "current-stack")
    app = make_review_app(root, edit=stored.record.id, cursor_blink=False)

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReviewFlowScreen))
        await settle(pilot, pilot.app.screen)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", [(80, 24), (160, 40)])
def test_records_browser(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the folder is shown: keep its name the same every run
    root = Path("decisions")
    make_record(root, "Adopt Kafka for order events", 1, status="proposed", tags=("streaming",))
    make_record(
        root,
        "Cache sessions with Redis",
        2,
        status="accepted",
        review=True,
        revisit_by=dt.date(2000, 1, 1),
    )
    make_record(
        root, "Try Zig for the image resizer", 3, answers={}, revisit_by=dt.date(2999, 1, 1)
    )
    make_record(root, "Drop the XML feed", 4, status="rejected")
    app = make_review_app(root, cursor_blink=False)

    async def ready(pilot: Any) -> None:
        await browser(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)
