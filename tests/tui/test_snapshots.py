"""How the comparison screen looks, at 80x24 and 200x50, with diff marks on and the focused
column marked; a new comparison's setup at 80x24; the help at both sizes.

A fixed run is loaded from history (no live timings), the first column is made the baseline,
and the shot is taken once chrF is shown. Cursor blink is off; animations are off in tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.helpers import save_analysed, wait_for
from workbench.core.translate.models import (
    Judgment,
    Rendition,
    RoundTrip,
    Usage,
)
from workbench.tui.app import make_app
from workbench.tui.screens.compare import CompareScreen

RUN_ID = "20250101-120000-abcd"
SOURCE = (
    "Ich kann denken. Ich kann warten. Ich kann fasten.\n\n"
    "Das ist alles, was ich gelernt habe, sagte Siddhartha zum Kaufmann."
)
TEXTS = {
    ("rosner", "Hilda Rosner"): "I can think. I can wait. I can fast.\n\n"
    "That is all I have learned, Siddhartha said to the merchant.",
    ("neugroschel", "Joachim Neugroschel"): "I can think. I can wait. I can fast.[1]\n\n"
    "That is everything I have learned, said Siddhartha to the merchant.",
    ("bernofsky", "Susan Bernofsky"): "I know how to think. I know how to wait. I know how to "
    "fast.\n\nThat is the whole of what I have learned, Siddhartha told the merchant.",
}


ROUND_TRIP = (
    "Ich kann denken. Ich kann warten. Ich kann fasten.\n\n"
    "Das ist alles, was ich gelernt habe, sagte Siddhartha dem Händler."
)


def fixed_run() -> None:
    """An analysed run, as the TUI and the CLI save them: with a round trip on the first
    rendition, a favourite and a note."""
    renditions = [
        Rendition(
            style=sid,
            style_name=name,
            text=text,
            model="fake-model",
            usage=Usage(prompt_tokens=300, completion_tokens=40, total_tokens=340),
            latency_ms=1234.5,
            cached=sid == "rosner",
            round_trip=RoundTrip(text=ROUND_TRIP) if sid == "rosner" else None,
        )
        for (sid, name), text in TEXTS.items()
    ]
    judgment = Judgment(favourite="bernofsky", notes={"rosner": "plain"})
    save_analysed(RUN_ID, SOURCE, renditions, judgment=judgment)


async def diff_on(pilot: Any) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    screen.columns[0].focus()
    await pilot.press("b")
    await wait_for(pilot, lambda: all("…" not in c._metrics for c in screen.columns))
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
def test_comparison_screen_with_diff_marks(snap_compare: Any, size: tuple[int, int]) -> None:
    fixed_run()
    app = make_app(run_id=RUN_ID, cursor_blink=False)
    assert snap_compare(app, terminal_size=size, run_before=diff_on)


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
def test_help_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    """The help laid out for the width: one key a line at 80 columns, two columns at 200."""
    assert snap_compare(make_app(cursor_blink=False), terminal_size=size, press=["f1"])


def test_comparison_setup_at_80x24(snap_compare: Any) -> None:
    """A new comparison on a short terminal: the compact setup pane, every style in view,
    the empty language fields hinted, the essential keys in the footer."""
    assert snap_compare(make_app(compare=True, cursor_blink=False), terminal_size=(80, 24))
