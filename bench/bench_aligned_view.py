"""The TUI's aligned view against the plain comparison view: worst key-to-paint of cursor moves.

Run from the repository root: python -m bench.bench_aligned_view   (a few seconds)

One analysed run of 5 renditions of a 500-sentence passage (generated as in `bench_align`,
each rendition a variant of one translation with words changed) is opened from history at
200x50 with diff marks on against the first column. Keys go through the app's key handling:
in the plain view `down` and `pagedown` scroll the columns (the baseline); in the aligned view
they move the cursor row. Key-to-paint: from posting the key to the first frame composed (and
turned into a terminal's bytes) after the move took effect. Each round measures both views in
turn, in the same app; the figure is the median over rounds of each round's worst, aligned
against plain.

Goal (issue 15): the aligned view's worst key-to-paint within 1.2x the plain view's. A missed
goal makes the exit code 1.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from bench.bench_align import bilingual
from bench.common import figure

SENTENCES = 500
COLUMNS = 5
ROUNDS = 5
KEYS = ["down"] * 12 + ["pagedown"] * 4 + ["up"] * 4 + ["pageup"] * 2
GOAL = 1.2
RUN_ID = "20250101-000000-a11d"


def _isolate() -> None:
    home = tempfile.mkdtemp(prefix="wb-bench-")
    for name in ("config", "data", "cache"):
        os.makedirs(os.path.join(home, name), exist_ok=True)
        os.environ[f"WORKBENCH_{name.upper()}_DIR"] = os.path.join(home, name)


def _save_run() -> float:
    """The analysed run, saved to history; returns how long the analysis took."""
    from workbench.core.compare.analysis import analyse
    from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
    from workbench.io.translate.history import save_run

    source, target, _ = bilingual(SENTENCES)
    rng = random.Random(11)
    words = target.split(" ")

    def variant(rate: float) -> str:
        return " ".join(w[::-1] if rng.random() < rate and w.isalpha() else w for w in words)

    run = Comparison(
        id=RUN_ID,
        source=SourceText(text=source, language="de"),
        target=TargetSpec(language="en"),
        renditions=[
            Rendition(style=f"s{i}", style_name=f"Style {i}", text=variant(0.03 * i))
            for i in range(COLUMNS)
        ],
    )
    start = time.perf_counter()
    analysed = analyse(run)
    took = time.perf_counter() - start
    save_run(analysed)
    return took


async def _press(app: Any, key: str, moved: Callable[[], object], painted: list[float]) -> float:
    """Post `key`; seconds until a line of the view is drawn after `moved()` changed."""
    from textual import events

    before = moved()
    start = time.perf_counter()
    app.post_message(events.Key(key, None))
    while moved() == before or painted[0] < start:
        await asyncio.sleep(0.0005)
        if time.perf_counter() - start > 5:
            raise RuntimeError(f"{key} was never painted ({before} -> {moved()}, {app.focused})")
    return painted[0] - start


async def _measure() -> tuple[list[float], list[float], float]:
    from textual.app import App

    from workbench.tui.app import make_app
    from workbench.tui.widgets.aligned_table import AlignedTable

    painted = [0.0]
    original = App._display

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        # headless, Textual composes each frame but writes nothing: the frame is turned
        # into the terminal's bytes here, as a terminal would be sent them
        original(self, screen, renderable)
        if renderable is not None:
            renderable.render_segments(self.console)
            painted[0] = time.perf_counter()

    App._display = display  # type: ignore[method-assign]
    plain: list[float] = []
    aligned: list[float] = []
    try:
        app = make_app(run_id=RUN_ID, cursor_blink=False)
        async with app.run_test(size=(200, 50)) as pilot:
            screen: Any = app.screen
            while not screen.analysed or not screen.columns:
                await pilot.pause(0.01)
            screen.setup_pane.display = False
            screen.set_baseline(screen.columns[0].key)
            await pilot.pause()
            scroll = screen.query_one("#columns-scroll")
            table = screen.query_one(AlignedTable)
            start = time.perf_counter()
            screen.action_toggle_aligned()
            while not table.rows or painted[0] < start:
                await pilot.pause(0.001)
            opened = painted[0] - start
            screen.action_toggle_aligned()
            for _ in range(ROUNDS):
                await pilot.pause(0.05)
                screen.columns[0].focus()
                await pilot.pause()
                times = [
                    await _press(app, key, lambda: scroll.scroll_offset.y, painted) for key in KEYS
                ]
                plain.append(max(times))
                screen.action_toggle_aligned()
                await pilot.pause(0.05)
                times = [await _press(app, key, lambda: table.cursor, painted) for key in KEYS]
                aligned.append(max(times))
                screen.action_toggle_aligned()
    finally:
        App._display = original  # type: ignore[method-assign]
    return plain, aligned, opened


def main() -> None:
    _isolate()
    analysis = _save_run()
    plain, aligned, opened = asyncio.run(_measure())
    base, ours = statistics.median(plain), statistics.median(aligned)
    ratio = ours / base
    figure(
        f"aligned view, {COLUMNS} columns x {SENTENCES} sentences: worst key-to-paint",
        ratio,
        "x",
        f"<= {GOAL}",
        f"plain view {base * 1000:.1f} ms, aligned {ours * 1000:.1f} ms (medians of {ROUNDS} "
        f"rounds' worst of {len(KEYS)} keys; plain: {', '.join(f'{p * 1000:.0f}' for p in plain)}"
        f"; aligned: {', '.join(f'{a * 1000:.0f}' for a in aligned)} ms)",
    )
    figure(
        "  opening the aligned view",
        opened * 1000,
        "ms",
        "(info)",
        f"reading the run, cutting the marks, laying out and drawing; analyse() {analysis:.2f} s",
    )
    if ratio > GOAL:
        sys.exit(1)


if __name__ == "__main__":
    main()
