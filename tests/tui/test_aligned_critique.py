"""The judge's critique in the aligned view (issue 18): its spans underlined in the cells as in
the columns, with diff marks on too, and the reasons of the row under the cursor on the
detail line; a snapshot of how it looks."""

from __future__ import annotations

from typing import Any

from tests.tui.helpers import wait_for
from tests.tui.test_critique_snapshots import critiqued_run
from tests.tui.test_snapshots import RUN_ID, diff_on, fixed_run
from workbench.tui.app import make_app
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.widgets.aligned_table import AlignedTable
from workbench.tui.widgets.critique_marks import SEVERITY_STYLE


def marked_words(table: AlignedTable, row: int, cell: int) -> list[tuple[str, str]]:
    content = table.rows[row][cell]
    return [
        (content.plain[s.start : s.end], str(s.style))
        for s in content.spans
        if str(s.style) in SEVERITY_STYLE.values()
    ]


async def aligned(pilot: Any, *, diff: bool = False) -> CompareScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await wait_for(pilot, lambda: bool(screen.columns) and screen.analysed)
    if diff:
        await diff_on(pilot)
    screen.columns[0].focus()
    await pilot.press("a")
    await pilot.pause()
    return screen


async def test_spans_underlined_in_the_cells_and_the_cursor_rows_reasons() -> None:
    critiqued_run()
    async with make_app(run_id=RUN_ID, cursor_blink=False).run_test(size=(200, 50)) as pilot:
        screen = await aligned(pilot)
        view = screen.aligned
        table = view.table
        assert [c.plain for c in table.labels] == [
            "source", "Hilda Rosner", "Joachim Neugroschel", "Susan Bernofsky",
        ]  # fmt: skip
        assert marked_words(table, 0, 1) == []
        assert marked_words(table, 2, 1) == [("I can fast", SEVERITY_STYLE["minor"])]
        assert marked_words(table, 3, 1) == [("merchant", SEVERITY_STYLE["major"])]
        assert marked_words(table, 2, 2) == [("[1]", SEVERITY_STYLE["critical"])]
        assert all(marked_words(table, r, 3) == [] for r in range(len(table.rows)))
        assert "the judge model's opinion), row 1: no errors marked" in view.detail_text
        await pilot.press("down", "down")
        await pilot.pause()
        shown = view.detail_text
        assert "row 3:" in shown
        assert "Hilda Rosner minor accuracy/mistranslation: «I can fast» fasting is a" in shown
        assert "Joachim Neugroschel critical" in shown and "a footnote mark left in" in shown
        assert "merchant" not in shown
        await pilot.press("down")
        await pilot.pause()
        assert "«merchant» Kaufmann: a trader, not a shop" in view.detail_text
        assert "underlined: the judge's marks" in str(
            view.query_one("#aligned-note").content  # type: ignore[attr-defined]
        )


async def test_marks_with_the_diff_on_stay_on_their_words() -> None:
    critiqued_run()
    async with make_app(run_id=RUN_ID, cursor_blink=False).run_test(size=(200, 50)) as pilot:
        screen = await aligned(pilot, diff=True)
        table = screen.aligned.table
        assert marked_words(table, 3, 1) == [("merchant", SEVERITY_STYLE["major"])]
        assert marked_words(table, 2, 2) == [("[1]", SEVERITY_STYLE["critical"])]


async def test_no_critique_no_detail_line() -> None:
    fixed_run()
    async with make_app(run_id=RUN_ID, cursor_blink=False).run_test(size=(200, 50)) as pilot:
        screen = await aligned(pilot)
        assert not screen.aligned.query_one("#aligned-detail").display
        assert screen.aligned.detail_text == ""


async def _cursor_on_third_row(pilot: Any) -> None:
    await aligned(pilot)
    await pilot.press("down", "down")
    await pilot.pause()


def test_aligned_view_with_critique_marks(snap_compare: Any) -> None:
    critiqued_run()
    app = make_app(run_id=RUN_ID, cursor_blink=False)
    assert snap_compare(app, terminal_size=(200, 50), run_before=_cursor_on_third_row)
