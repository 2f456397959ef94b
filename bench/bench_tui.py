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

from bench.common import compile_bytecode, figure, time_process
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


def _isolate() -> str:
    home = tempfile.mkdtemp(prefix="wb-bench-")
    for name in ("config", "data", "cache"):
        os.makedirs(os.path.join(home, name), exist_ok=True)
        os.environ[f"WORKBENCH_{name.upper()}_DIR"] = os.path.join(home, name)
    return home


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


# figures measured before the TUI was reconciled with the core (same machine, same bench)
BEFORE = {
    "stream": "p95 196 ms (median 60 ms): Static re-rendered whole per 50 ms flush",
    "keys": "223 ms with 4 columns",
    "big": "4.4 s (3.7 s on a quiet machine): Static wrapping 5 x 100 KB, diffs recomputed",
}

_FIFTH_STYLE = """
id: bench-extra
name: Bench Extra
summary: A fifth style, so that five columns stream at once.
brief: Translate plainly and completely.
"""


async def _streaming(server: FakeOpenAIServer) -> tuple[list[float], list[float], int]:
    from textual import events
    from textual.strip import Strip

    from workbench.tui.app import make_app
    from workbench.tui.screens.compare import CompareScreen, StreamedText
    from workbench.tui.widgets.column import RenditionColumn
    from workbench.tui.widgets.text_body import TextBody

    latencies: list[float] = []
    painted: dict[int, float] = {}
    original_streamed = CompareScreen.on_streamed_text
    original_render = TextBody.render_line

    def on_streamed_text(self: CompareScreen, message: StreamedText) -> None:
        # when the batch's first delta came out of the engine, per column
        for key, arrived in message.arrived.items():
            column = self._columns.get(key)
            if column is not None and getattr(column, "_bench_t", None) is None:
                column._bench_t = arrived  # type: ignore[attr-defined]
        original_streamed(self, message)

    def render_line(self: TextBody, y: int) -> Strip:
        strip = original_render(self, y)
        column = self.parent
        if isinstance(column, RenditionColumn) and self.has_class("col-body"):
            now = time.perf_counter()
            painted[id(column)] = now
            started = getattr(column, "_bench_t", None)
            if started is not None:
                latencies.append(now - started)
                column._bench_t = None  # type: ignore[attr-defined]
        return strip

    CompareScreen.on_streamed_text = on_streamed_text  # type: ignore[method-assign]
    TextBody.render_line = render_line  # type: ignore[method-assign]
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
                # a real key event through the app's key handling: "w" widens the column,
                # which lays out and repaints its body
                wide = first.has_class("-wide")
                start = time.perf_counter()
                app.post_message(events.Key("w", "w"))
                while first.has_class("-wide") == wide or painted.get(id(first), 0) < start:
                    await asyncio.sleep(0.001)
                    if time.perf_counter() - start > 5:
                        raise RuntimeError("the key was never painted")
                keys.append(painted[id(first)] - start)
                await asyncio.sleep(0.05)
            columns = len(screen.columns)
    finally:
        CompareScreen.on_streamed_text = original_streamed  # type: ignore[method-assign]
        TextBody.render_line = original_render  # type: ignore[method-assign]
    return latencies, keys, columns


def streaming(rounds: int = 3) -> None:
    """Each round is a fresh run (new cache) of five styles streaming at once; the figures are
    the median over rounds of each round's p95 (text) and worst (keys), as the machine is shared.
    """
    STYLES.append("bench-extra")
    p95s: list[float] = []
    worst: list[float] = []
    every: list[float] = []
    columns = 0
    for _ in range(rounds):
        home = _isolate()
        styles = os.path.join(home, "config", "styles")
        os.makedirs(styles, exist_ok=True)
        with open(os.path.join(styles, "bench-extra.yaml"), "w", encoding="utf-8") as f:
            f.write(_FIFTH_STYLE)
        with FakeOpenAIServer(style_responder, chunk_delay=0.01, chunk_size=4) as server:
            os.environ["OPENAI_BASE_URL"] = server.base_url
            latencies, keys, columns = asyncio.run(_streaming(server))
        latencies.sort()
        p95s.append(latencies[int(len(latencies) * 0.95) - 1])
        worst.append(max(keys))
        every += latencies
    figure(
        "streamed text to screen, p95",
        statistics.median(p95s) * 1000,
        "ms",
        "<= 50",
        f"median of {rounds} runs' p95 ({', '.join(f'{p * 1000:.0f}' for p in p95s)} ms); "
        f"median {statistics.median(every) * 1000:.1f} ms over {len(every)} paints (engine "
        f"delta -> body line painted); before: {BEFORE['stream']}",
    )
    figure(
        f"worst key-to-paint, {columns} columns streaming",
        statistics.median(worst) * 1000,
        "ms",
        "< 100",
        f"median of {rounds} runs' worst ({', '.join(f'{w * 1000:.0f}' for w in worst)} ms); "
        f"before: {BEFORE['keys']}",
    )


async def _big_diff(run_id: str) -> float:
    from textual.strip import Strip

    from workbench.tui.app import make_app
    from workbench.tui.widgets.text_body import TextBody

    painted: list[float] = [0.0]
    original_render = TextBody.render_line

    def render_line(self: TextBody, y: int) -> Strip:
        painted[0] = time.perf_counter()
        return original_render(self, y)

    TextBody.render_line = render_line  # type: ignore[method-assign]
    try:
        app = make_app(compare=True, cursor_blink=False)
        async with app.run_test(size=(200, 50)):
            screen: Any = app.screen
            start = time.perf_counter()
            screen.open_run(run_id)
            screen.set_baseline(screen.columns[0].key)
            # marks shown on every other column (an unanalysed run is analysed first)
            while not all(c._diff is not None for c in screen.columns[1:]):
                await asyncio.sleep(0.005)
            marked = time.perf_counter()
            while painted[0] < marked:
                await asyncio.sleep(0.002)
            return painted[0] - start
    finally:
        TextBody.render_line = original_render  # type: ignore[method-assign]


def big_diff() -> None:
    import random

    from workbench.core.compare.analysis import analyse
    from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
    from workbench.io.translate.history import save_run

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
    start = time.perf_counter()
    analysed = analyse(run)
    analyse_s = time.perf_counter() - start
    save_run(analysed)  # as the TUI and the CLI save a run: analysed
    elapsed = asyncio.run(_big_diff(run.id))
    figure(
        "100 KB passage, 5 renditions, open with diffs",
        elapsed,
        "s",
        "<= 1.0",
        "history load + marks from the saved diffs + first paint of the visible lines; "
        f"before: {BEFORE['big']}",
    )
    legacy = run.model_copy(update={"id": "20250101-000000-cafe"})
    save_run(legacy)
    elapsed = asyncio.run(_big_diff(legacy.id))
    figure(
        "  same, a run saved unanalysed",
        elapsed,
        "s",
        "(info)",
        f"analysed on open in a thread (analyse() alone: {analyse_s:.2f} s)",
    )


def main() -> None:
    compile_bytecode()
    print(f"TUI benchmarks (load average {os.getloadavg()[0]:.2f})")
    startup()
    streaming()
    big_diff()


if __name__ == "__main__":
    main()
