"""What a new user met at 80x24, keyboard only (a walk through every screen in tmux): keys the
footer did not name, text cut off, a run's failures out of sight, a panel escape did not close."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import HelpPanel, Label, Static

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts
from tests.tui.helpers import (
    Serving,
    aligned_view,
    analysed_on_a_column,
    column,
    compare_screen,
    comparing,
    saved_id,
    wait_for,
)
from tests.tui.review_helpers import on_flow, settle
from tests.tui.test_app import saved_run
from tests.tui.test_first_use import footer_actions, footer_settled
from workbench.tui.app import make_app
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.compare.models import ModelPicker
from workbench.tui.screens.compare.status import run_info
from workbench.tui.screens.dialogs import HelpScreen, InputDialog, TextDialog
from workbench.tui.screens.history import HistoryScreen
from workbench.tui.screens.review_dialogs import ChecklistDialog
from workbench.tui.screens.review_records import RecordsScreen

SMALL = (80, 24)


async def test_the_history_footer_names_the_key_that_opens_a_run() -> None:
    """The table had the focus and its own (hidden) enter, so `enter Open` never showed."""
    saved_run()
    app = make_app(cursor_blink=False)
    async with app.run_test(size=SMALL) as pilot:
        await app.run_action("open_history")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await footer_settled(pilot)
        assert "open" in footer_actions(app.screen)


def label_lines(label: Label) -> str:
    return "\n".join(
        "".join(s.text for s in label.render_line(y)) for y in range(label.size.height)
    )


async def test_a_dialog_title_wraps_rather_than_being_cut_off_at_80_columns() -> None:
    """The reference dialog's title ended "... @path/to/file (empt" at 80 columns."""
    app = make_app(compare=True, cursor_blink=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, TextDialog))
        await pilot.pause()
        title = app.screen.query_one(".dialog-title", Label)
        dialog = app.screen.query_one(".dialog")
        assert title.region.right <= dialog.content_region.right, (title.region, dialog)
        shown = " ".join(label_lines(title).split())
        assert "(empty removes it)" in shown, shown


@pytest.fixture
def server(serving: Serving) -> FakeOpenAIServer:
    return serving(chunk_delay=0.005)


async def test_the_run_line_says_how_many_columns_failed_or_ended_partial(
    server: FakeOpenAIServer,
) -> None:
    """At 80 columns two of four columns are on the next page: the run's line said nothing of
    the one that failed and the one cut off, and page 1 read "done, done"."""
    server.add_fault("500", times=9, match=lambda b: request_parts(b)[1] == "Susan Bernofsky")
    server.add_fault(
        "break_stream", times=9, match=lambda b: request_parts(b)[1] == "Joachim Neugroschel"
    )
    app = comparing(styles=("rosner", "literal", "bernofsky", "neugroschel"))
    async with app.run_test(size=SMALL) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None and screen.analysed)
        states = sorted(c.state for c in screen.columns)
        assert states == ["done", "done", "failed", "partial"]
        line = run_info(screen)
        assert "2 of 4 done · 1 failed · 1 partial" in line, line


async def test_a_review_question_label_wraps_rather_than_being_cut_off_at_80_columns(
    tmp_path: Path,
) -> None:
    """Question 2's "Other options considered (the current stack is always one)" ended
    "(the current stack" at 80 columns."""
    app = make_review_app(
        tmp_path / "decisions", checklist_id="new-technology", title="Adopt Kafka"
    )
    async with app.run_test(size=SMALL) as pilot:
        screen = await on_flow(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot, screen)
        assert screen.current == "current-stack"
        pane = screen.query_one("#q-current-stack")
        for label in pane.query(Label):
            assert label.region.right <= pane.content_region.right, (label, label.region)


async def test_the_palettes_keys_command_opens_a_help_that_escape_closes() -> None:
    """ctrl+p, "Keys" opened Textual's keys panel: escape did not close it (on the comparison
    screen escape stops a run), nor did anything the footer named."""
    app = make_app(compare=True, cursor_blink=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"keys")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert not app.screen.query(HelpPanel)


@pytest.mark.parametrize(
    ("key", "dialog", "wanted"),
    [
        ("ctrl+l", TextDialog, {"cancel", "accept"}),
        ("ctrl+o", InputDialog, {"cancel"}),
        ("f1", HelpScreen, {"close"}),
        ("f9", ModelPicker, {"cancel", "keep"}),
    ],
)
async def test_a_dialogs_footer_names_its_keys_not_those_of_the_screen_under_it(
    key: str, dialog: type[object], wanted: set[str]
) -> None:
    """Every dialog showed the comparison's footer (`^r Run d Diff a Aligned ...`), whose keys
    do nothing there."""
    app = make_app(compare=True, cursor_blink=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, dialog))
        await footer_settled(pilot)
        shown = footer_actions(app.screen)
        assert wanted <= shown, shown
        assert not shown & {"run", "toggle_diff", "toggle_aligned", "export"}, shown
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))


async def test_a_review_dialogs_footer_names_its_keys(tmp_path: Path) -> None:
    app = make_review_app(tmp_path / "decisions", cursor_blink=False)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RecordsScreen))
        await pilot.pause()
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistDialog))
        await footer_settled(pilot)
        shown = footer_actions(app.screen)
        assert "cancel" in shown and "new_review" not in shown, shown


def shown_run_line(screen: CompareScreen) -> str:
    return str(screen.query_one("#run-info", Static).content)


async def test_the_run_line_follows_a_retried_column(server: FakeOpenAIServer) -> None:
    """The line said "1 failed" while the failed column was retried, and after it was done."""
    server.add_fault("500", times=1, match=lambda b: request_parts(b)[1] == "Literal gloss")
    async with comparing().run_test(size=SMALL) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None and screen.analysed)
        await wait_for(pilot, lambda: "1 of 2 done · 1 failed" in shown_run_line(screen))
        failed = next(c for c in screen.columns if c.state == "failed")
        failed.focus()
        server.latency = 1.0  # the retry's answer takes a while
        await pilot.press("r")
        await wait_for(pilot, lambda: failed.state in ("waiting", "streaming"))
        await pilot.pause()
        assert "1 of 2 done · 1 retrying" in shown_run_line(screen), shown_run_line(screen)
        await wait_for(pilot, lambda: failed.state == "done")
        await pilot.pause()
        assert "failed" not in shown_run_line(screen), shown_run_line(screen)


async def test_a_favourite_picked_blind_keeps_the_focus_and_its_page(
    server: FakeOpenAIServer,
) -> None:
    """At 80 columns, picking Rendition A put the columns back in their order, the favourite
    on page 2, and the focus on page 1's first column: the next `n` wrote a note on another
    rendition than the one just picked."""
    app = comparing(styles=("rosner", "literal", "bernofsky", "neugroschel"))
    async with app.run_test(size=SMALL) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None and screen.analysed)
        picked = None
        for _ in range(20):  # a shuffle that puts on page 1 a column of page 2
            await pilot.press("ctrl+b")
            await wait_for(pilot, lambda: screen.session.blind)
            first = screen.grid.shown()[0]
            if first.key in ("bernofsky", "neugroschel"):
                picked = first
                break
            await pilot.press("ctrl+b")
            await wait_for(pilot, lambda: not screen.session.blind)
        assert picked is not None
        picked.focus()
        await pilot.press("f")
        await wait_for(pilot, lambda: not screen.session.blind)
        await pilot.pause()
        assert screen.focused is picked
        assert picked.display


async def test_escape_before_the_run_has_taken_a_step_stops_it(server: FakeOpenAIServer) -> None:
    """`workbench compare FILE ...` and escape at once (in tmux, before the screen was drawn):
    the key came before the run's worker had taken its first step, the worker was cancelled
    before it began, so it never said so: the columns said "waiting" and the run's line counted
    the seconds for ever; escape again did nothing."""
    async with comparing().run_test(size=SMALL) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None and not screen.running)
        screen.action_run()
        screen.action_stop()  # as a key already waiting is handled: no step in between
        await wait_for(pilot, lambda: not screen.running, timeout=10)
        assert all(c.state != "waiting" for c in screen.columns)
        stopped = saved_id(screen)
        await pilot.press("ctrl+r")  # and the next run runs
        await wait_for(pilot, lambda: saved_id(screen) != stopped and not screen.running)
        assert all(c.state == "done" for c in screen.columns)


async def test_the_aligned_view_names_a_column_cut_off_as_incomplete_not_failed(
    server: FakeOpenAIServer,
) -> None:
    """A partial rendition has an error too (why it stopped), so the note said "failed:" for
    it, as for a column with no text at all."""
    server.add_fault("500", times=9, match=lambda b: request_parts(b)[1] == "Susan Bernofsky")
    server.add_fault("break_stream", times=9, match=lambda b: request_parts(b)[1] == "Hilda Rosner")
    app = comparing(styles=("rosner", "literal", "bernofsky"))
    async with app.run_test(size=SMALL) as pilot:
        screen = await analysed_on_a_column(pilot)
        assert column(screen, "rosner").state == "partial"
        await aligned_view(pilot)
        note = str(screen.query_one("#aligned-note", Static).content)
        assert "failed: Susan Bernofsky" in note, note
        assert "incomplete: Hilda Rosner" in note, note
