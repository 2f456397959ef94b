"""The comparison screen at 80x24 while a run is going (issue 16, item 8): the run's line
with its bar, renditions done of all, characters, elapsed time and the time left; a column
done, one streaming (its characters counted), one waiting for its first word.

The server never answers (every request hangs), so nothing moves on its own: the session is
given the events of the columns as the engine would give them, and the run's clock is fixed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.tui.helpers import PASSAGE, wait_for
from workbench.core.translate.events import RenditionFinished
from workbench.core.translate.models import Rendition, Usage
from workbench.tui.app import make_app
from workbench.tui.screens.compare import CompareScreen


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def hanging(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> FakeOpenAIServer:
    fake_openai.add_fault("hang", times=3)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    return fake_openai


def test_comparison_screen_with_a_run_in_progress_at_80x24(
    snap_compare: Any, hanging: FakeOpenAIServer
) -> None:
    app = make_app(
        passage=PASSAGE,
        source_language="de",
        target_language="en",
        styles=["rosner", "literal", "bernofsky"],
        cursor_blink=False,
    )
    clock = Clock()
    screen = app._first_compare
    assert isinstance(screen, CompareScreen)
    screen.session.progress.clock = clock

    async def in_progress(pilot: Any) -> None:
        session = screen.session
        await wait_for(pilot, lambda: len(hanging.requests) == 3)
        await wait_for(pilot, lambda: all(c.state == "streaming" for c in screen.columns))
        done = Rendition(
            style="rosner",
            style_name="Hilda Rosner",
            text="I can think. I can wait. I can fast.",
            model="fake-model",
            usage=Usage(prompt_tokens=300, completion_tokens=40, total_tokens=340),
            latency_ms=4200.0,
        )
        session.apply(session.run_no, RenditionFinished("rosner", done))
        session.append(session.run_no, {"literal": "I am able to think. I am"})
        clock.now += 12
        await pilot.pause(0.4)  # the run's line is drawn again (every 0.25 s)

    assert snap_compare(app, terminal_size=(80, 24), run_before=in_progress)
