"""Runs replaced or stopped on the comparison screen (issue 16, item 2: the code paths of the
freeze): a run started while another streams cancels the old one, and that cancellation must
not stop the new run (it did: the stale cancel "stopped" the new columns before they were
composed, and the app died on NoMatches), nor keep a stopped copy of it in history."""

from __future__ import annotations

from pathlib import Path

from tests.fake_openai_server import FakeOpenAIServer
from tests.tui.helpers import (
    Serving,
    analysed,
    compare_screen,
    comparing,
    wait_for,
)
from workbench.io.translate.history import list_runs


async def test_a_new_run_over_a_streaming_one_is_not_stopped_by_the_old_ones_cancel(
    serving: Serving,
) -> None:
    serving(latency=0.5)
    app = comparing()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.running)
        notices: list[str] = []
        original = app.notify

        def notify(message: str, *args: object, **kwargs: object) -> None:
            notices.append(message)
            original(message, *args, **kwargs)  # type: ignore[arg-type]

        app.notify = notify  # type: ignore[method-assign]
        screen.notify = notify  # type: ignore[method-assign]
        await pilot.press("ctrl+r")  # a second run while the first streams
        await analysed(pilot)
        await pilot.pause(0.2)
        assert not [n for n in notices if n.startswith("Stopped")], notices
        assert all(c.state == "done" for c in screen.columns), [
            (c.key, c.state) for c in screen.columns
        ]
        runs, _ = list_runs()
        assert len(runs) == 1, [r.id for r in runs]  # the second run only: no stopped copy


async def test_exporting_a_blind_run_with_diff_marks_on(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    """Found by the watchdog: the diff baseline is a real column key, the blind export names
    columns A, B...: the export raised and the app died."""
    app = comparing()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await analysed(pilot)
        screen.action_toggle_diff()  # diff marks on: a rendition is the baseline
        assert screen.diff_on and screen.baseline == "rosner"
        screen.action_toggle_blind()
        assert screen.blind
        out = tmp_path / "blind.md"
        screen.export_to(out, "markdown")
        await pilot.pause()
        assert app.is_running
        text = out.read_text(encoding="utf-8")
        assert "Hilda Rosner (rosner)" not in text and "literal)" not in text  # still blind
