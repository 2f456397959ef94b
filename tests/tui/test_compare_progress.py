"""Feedback on long work on the comparison screen (issue 16, item 8): a run shows how far it
has got (renditions done of all, characters, elapsed time, the time left once it can be
estimated) and each streaming column its characters; an export runs in a thread, said in the
run's line while it writes and in a notification when done."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any
from unittest.mock import patch

from textual.widget import Widget
from textual.widgets import Input, Static

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts
from tests.tui.helpers import PASSAGE, compare_screen, comparing, wait_for
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
from workbench.io.translate.history import save_run
from workbench.tui.app import make_app
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.dialogs import InputDialog


def run_line(screen: CompareScreen) -> str:
    return str(screen.query_one("#run-info", Static).content)


def statuses(screen: CompareScreen) -> list[str]:
    return [str(c.query_one(".col-status", Static).content) for c in screen.columns]


async def test_a_long_run_shows_its_progress_and_the_time_left(server: FakeOpenAIServer) -> None:
    server.chunk_size = 4
    server.chunk_delay = 0.03  # about 2 s a rendition
    app = comparing(" ".join([PASSAGE] * 4), ["rosner", "literal"])
    async with app.run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: "/2 done" in run_line(screen))
        assert "escape stops" in run_line(screen)
        await wait_for(
            pilot, lambda: any(re.search(r"streaming · \d+ chars$", s) for s in statuses(screen))
        )
        await wait_for(pilot, lambda: "about " in run_line(screen) and " left" in run_line(screen))
        line = run_line(screen)
        assert "▕" in line and " chars · " in line and " s · " in line
        await wait_for(pilot, lambda: screen.comparison is not None)
        await pilot.pause(0.3)
        assert "done ·" not in run_line(screen) and "escape stops" not in run_line(screen)
        assert not any("chars" in s for s in statuses(screen))


async def test_the_progress_ticks_redraw_without_laying_out_the_screen(
    server: FakeOpenAIServer,
) -> None:
    """The run's line and the streaming columns' status are drawn four times a second; a
    redraw that keeps their size must not lay out every widget of the screen (a key pressed
    meanwhile waits for that layout: bench_tui's worst key-to-paint while columns stream)."""
    server.chunk_size = 4
    server.hold_midway = threading.Event()  # every answer stops halfway: only time moves
    app = comparing()
    layouts: list[str] = []
    refresh = Widget.refresh

    def counting(self: Widget, *regions: Any, layout: bool = False, **kw: Any) -> Widget:
        if layout:
            layouts.append(type(self).__name__)
        return refresh(self, *regions, layout=layout, **kw)

    try:
        async with app.run_test(size=(160, 40)) as pilot:
            screen = compare_screen(pilot)
            await wait_for(pilot, lambda: sum("streaming · " in s for s in statuses(screen)) == 2)
            await pilot.pause(0.3)  # the last text in, laid out
            before = run_line(screen)
            with patch.object(Widget, "refresh", counting):
                await pilot.pause(1.1)  # four ticks or more
            assert run_line(screen) != before, "the run's line moved with the time"
            assert layouts == []
            server.hold_midway.set()
            await wait_for(pilot, lambda: screen.comparison is not None)
    finally:
        server.hold_midway.set()


def finished_run() -> str:
    run = Comparison(
        id="20250101-120000-b160",
        source=SourceText(text=PASSAGE, language="de"),
        target=TargetSpec(language="en"),
        renditions=[
            Rendition(style=sid, style_name=sid.title(), text=f"I can think ({sid}).")
            for sid in ["rosner", "literal"]
        ],
    )
    save_run(run)
    return run.id


async def test_a_long_export_runs_aside_and_says_when_it_is_done(
    isolated_dirs: Path, tmp_path: Path
) -> None:
    """The export goes into a FIFO whose reader comes late: a slow export, for real."""
    fifo = tmp_path / "run.txt"
    os.mkfifo(fifo)
    app = make_app(run_id=finished_run(), cursor_blink=False)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await pilot.press("ctrl+s")
        assert isinstance(pilot.app.screen, InputDialog)
        pilot.app.screen.query_one(Input).value = str(fifo)
        await pilot.press("enter")
        assert f"exporting to {fifo}…" in run_line(screen)
        shown = screen.setup_pane.display
        await pilot.press("f2")  # the screen goes on working meanwhile
        assert screen.setup_pane.display is not shown
        await pilot.pause(0.5)
        assert screen.exporting == str(fifo) and "exporting to" in run_line(screen)
        read: list[bytes] = []
        reader = threading.Thread(target=lambda: read.append(fifo.read_bytes()))
        reader.start()
        await wait_for(pilot, lambda: screen.exporting is None)
        reader.join(5)
        messages = [n.message for n in pilot.app._notifications]
        assert "exporting" not in run_line(screen)
    assert any(m.startswith(f"Exported to {fifo} (") for m in messages), messages
    assert b"(rosner)" in read[0]


async def test_a_records_export_says_when_it_starts_and_when_it_is_done(tmp_path: Path) -> None:
    from tests.tui.review_helpers import browser, export_as, make_record
    from workbench.tui.review_app import make_review_app

    root, out = tmp_path / "decisions", tmp_path / "out"
    for n, title in enumerate(["Adopt Kafka", "Try Zig", "Drop Perl"], start=1):
        make_record(root, title, n)
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await browser(pilot)
        await export_as(pilot, "ctrl+x", out, "markdown")
        await wait_for(pilot, lambda: any("wrote" in n.message for n in app._notifications))
        messages = [n.message for n in app._notifications]
    assert messages[0] == f"exporting 3 records to {out}…", messages
    assert messages[1].startswith(f"wrote 3 files to {out} ("), messages


def _same_for_every_style(body: dict[str, object]) -> str | dict[str, object]:
    if body.get("response_format"):
        return {"text": "I can fasten.", "notes": [], "footnotes": []}
    return "I can fasten."


async def test_styles_that_collapse_are_said_once_in_the_run_line(
    server: FakeOpenAIServer,
) -> None:
    """Issue 14 item 6: the note the run carries (`run_notes`) is in the screen's status."""
    server.responder = _same_for_every_style
    app = comparing(PASSAGE, ["rosner", "literal", "bernofsky"])
    async with app.run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: "cannot show style differences" in run_line(screen))
        assert run_line(screen).count("cannot show style differences") == 1
        assert "OPENAI_BASE_URL" in run_line(screen)


async def test_the_run_line_is_read_whole_at_80_columns(server: FakeOpenAIServer) -> None:
    """The note of a run whose styles collapsed (what to do about it included) was cut at
    the screen's edge, one line high: at 80 columns it ended at "identical or"."""
    server.responder = _same_for_every_style
    app = comparing()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: "cannot show style differences" in run_line(screen))
        await pilot.pause()
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "cannot show style" in shown
        assert "OPENAI_BASE_URL=http://localhost:11434/v1" in shown and "--model" in shown


def _same_for_one_model(body: dict[str, object]) -> str | dict[str, object]:
    if body.get("model") == "samey-model":
        return _same_for_every_style(body)
    if request_parts(body)[1] == "Hilda Rosner":  # wholly different words for each style
        text = "Thinking, waiting and fasting are what I can do."
    else:
        text = "I am able to think; I know how to wait; I fast."
    return {"text": text, "notes": [], "footnotes": []}


async def test_the_run_line_of_a_blind_run_names_no_model(server: FakeOpenAIServer) -> None:
    """With models side by side, the note of the model whose styles collapsed names it; while
    the run is blind that would tell which columns are that model's (its identical ones)."""
    from workbench.services.run import RunRequest

    server.responder = _same_for_one_model
    request = RunRequest(
        passage=PASSAGE,
        source_language="de",
        target_language="en",
        styles=("rosner", "literal"),
        models=("samey-model", "other-model"),
    )
    app = make_app(request=request, start=True, cursor_blink=False)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.analysed and not screen.running)
        await wait_for(pilot, lambda: "samey-model are identical" in run_line(screen))
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: screen.blind)
        await pilot.pause()
        line = run_line(screen)
        assert "blind" in line and "identical or nearly so" in line
        assert "samey-model" not in line and "other-model" not in line
        screen.columns[0].focus()
        await pilot.press("f")  # the pick reveals the run: the note names the model again
        await wait_for(pilot, lambda: "samey-model are identical" in run_line(screen))
