"""TUI figures: start-up to first paint, streaming latency, key responsiveness, big diffs.

Run from the repository root: python -m bench.bench_tui  (needs the dev extra)
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from typing import Any

from bench.common import figure, time_process
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder

STYLES = ["rosner", "neugroschel", "bernofsky", "literal"]

_FIRST_PAINT = """
import sys
{setup}
async def leave(pilot):
    pilot.app.exit()
app.run(headless=True, auto_pilot=leave, size=(120, 40))
"""
_BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("one line")
app = Bare()
"""
_OURS = """
from workbench.tui.app import make_app
app = make_app()
"""


def _isolate() -> None:
    home = tempfile.mkdtemp(prefix="wb-bench-")
    for name in ("config", "data", "cache"):
        os.makedirs(os.path.join(home, name), exist_ok=True)
        os.environ[f"WORKBENCH_{name.upper()}_DIR"] = os.path.join(home, name)


def startup() -> None:
    bare = time_process([sys.executable, "-c", _FIRST_PAINT.format(setup=_BARE)], runs=5)
    ours = time_process([sys.executable, "-c", _FIRST_PAINT.format(setup=_OURS)], runs=5)
    figure(
        "start-up to first paint: workbench/bare app",
        ours / bare,
        "x",
        "<= 1.5",
        f"bare Textual app with one line {bare:.3f} s, workbench home {ours:.3f} s",
    )


async def _streaming(server: FakeOpenAIServer) -> tuple[list[float], list[float]]:
    from textual import events
    from textual.widgets import Static

    from workbench.tui.app import make_app
    from workbench.tui.widgets.column import RenditionColumn

    latencies: list[float] = []
    original_append = RenditionColumn.append
    original_flush = RenditionColumn.flush
    original_render = Static.render_lines
    painted: list[float] = [0.0]

    def append(self: RenditionColumn, delta: str) -> None:
        if getattr(self, "_bench_t", None) is None:
            self._bench_t = time.perf_counter()  # type: ignore[attr-defined]
        original_append(self, delta)

    def flush(self: RenditionColumn) -> None:
        self._bench_flushed = getattr(self, "_bench_t", None)  # type: ignore[attr-defined]
        self._bench_t = None  # type: ignore[attr-defined]
        original_flush(self)

    def render_lines(self: Static, crop: Any) -> Any:
        lines = original_render(self, crop)
        column = self.parent
        if isinstance(column, RenditionColumn) and self.has_class("col-body"):
            painted[0] = time.perf_counter()
            started = getattr(column, "_bench_flushed", None)
            if started is not None:
                latencies.append(painted[0] - started)
                column._bench_flushed = None  # type: ignore[attr-defined]
        return lines

    RenditionColumn.append = append  # type: ignore[method-assign]
    RenditionColumn.flush = flush  # type: ignore[method-assign]
    Static.render_lines = render_lines  # type: ignore[method-assign,assignment]
    keys: list[float] = []
    try:
        passage = " ".join(["Ich kann denken. Ich kann warten. Ich kann fasten."] * 8)
        app = make_app(
            passage=passage,
            source_language="de",
            target_language="en",
            styles=STYLES,
            cursor_blink=False,
        )
        async with app.run_test(size=(200, 50)) as pilot:
            screen: Any = app.screen
            while not any(c.state == "streaming" for c in screen.columns):
                await pilot.pause(0.01)
            first = screen.columns[0]
            first.focus()
            while screen.running:
                # a real key event through the app's key handling: "w" widens the column
                start = time.perf_counter()
                app.post_message(events.Key("w", "w"))
                while painted[0] < start:
                    await asyncio.sleep(0.001)
                keys.append(painted[0] - start)
                await asyncio.sleep(0.05)
    finally:
        RenditionColumn.append = original_append  # type: ignore[method-assign]
        RenditionColumn.flush = original_flush  # type: ignore[method-assign]
        Static.render_lines = original_render  # type: ignore[method-assign]
    return latencies, keys


def streaming() -> None:
    _isolate()
    with FakeOpenAIServer(style_responder, chunk_delay=0.01, chunk_size=4) as server:
        os.environ["OPENAI_BASE_URL"] = server.base_url
        latencies, keys = asyncio.run(_streaming(server))
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    figure(
        "streamed text to screen, p95",
        p95 * 1000,
        "ms",
        "<= 50",
        f"median {statistics.median(latencies) * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms"
        f" over {len(latencies)} paints; paints batched at most every 50 ms per column",
    )
    figure(
        "worst key-to-paint, 4 columns streaming",
        max(keys) * 1000,
        "ms",
        "< 100",
        f"median {statistics.median(keys) * 1000:.1f} ms over {len(keys)} key presses",
    )


async def _big_diff(run_id: str) -> float:
    from workbench.tui.app import make_app

    app = make_app(compare=True, cursor_blink=False)
    async with app.run_test(size=(200, 50)) as pilot:
        screen: Any = app.screen
        start = time.perf_counter()
        screen.open_run(run_id)
        await pilot.pause()
        screen.set_baseline(screen.columns[0].key)
        await pilot.pause()
        elapsed = time.perf_counter() - start
        assert all(c._diff is not None for c in screen.columns[1:])
        return elapsed


def big_diff() -> None:
    import random

    from workbench.translate.history import save_run
    from workbench.translate.models import Comparison, Rendition, SourceText, TargetSpec

    _isolate()
    rng = random.Random(7)
    words = [
        "the",
        "a",
        "man",
        "river",
        "went",
        "slowly",
        "quickly",
        "said",
        "saw",
        "thought",
        "long",
        "water",
        "time",
    ]
    base = [rng.choice(words) for _ in range(20000)]
    source = " ".join(base)[:100_000]

    def variant(rate: float) -> str:
        out = [rng.choice(words) if rng.random() < rate else w for w in base]
        return " ".join(out)[:100_000]

    run = Comparison(
        id="20250101-000000-beef",
        source=SourceText(text=source, language="de"),
        target=TargetSpec(language="en"),
        renditions=[
            Rendition(style=f"s{i}", style_name=f"Style {i}", text=variant(0.02 * (i + 1)))
            for i in range(5)
        ],
    )
    save_run(run)
    elapsed = asyncio.run(_big_diff(run.id))
    figure(
        "100 KB passage, 5 renditions, open with diffs",
        elapsed,
        "s",
        "<= 1.0",
        "history load + 4 word diffs vs the baseline + first paint (chrF follows in a thread)",
    )


def main() -> None:
    print("TUI benchmarks")
    startup()
    streaming()
    big_diff()


if __name__ == "__main__":
    main()
