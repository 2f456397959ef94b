"""The TUI measurements `bench.bench_tui` runs, each in a fresh process (`--measure KIND`):
five styles streaming, a grid of 4 or 18 columns streaming, a 100 KB run opened with diffs.
Each returns its figures as a dict; `bench_tui` compares them with a base commit's or with
each other, in the same rounds."""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from typing import Any
from unittest.mock import patch

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder

STYLES = ["rosner", "neugroschel", "bernofsky", "literal"]


def isolate() -> str:
    home = tempfile.mkdtemp(prefix="wb-bench-")
    for name in ("config", "data", "cache"):
        os.makedirs(os.path.join(home, name), exist_ok=True)
        os.environ[f"WORKBENCH_{name.upper()}_DIR"] = os.path.join(home, name)
    return home


_FIFTH_STYLE = """
id: bench-extra
name: Bench Extra
summary: A fifth style, so that five columns stream at once.
brief: Translate plainly and completely.
"""


async def _streaming(
    server: FakeOpenAIServer, styles: list[str], samples: int = 1
) -> tuple[list[float], list[float], int]:
    from textual import events
    from textual.strip import Strip

    from workbench.tui.app import make_app
    from workbench.tui.screens.compare import CompareScreen, StreamedText
    from workbench.tui.widgets.column import RenditionColumn
    from workbench.tui.widgets.text_body import TextBody

    latencies: list[float] = []
    painted: dict[int, float] = {}
    waiting: dict[int, float] = {}  # column -> when its first unpainted delta left the engine
    original_streamed = CompareScreen.on_streamed_text
    original_render = TextBody.render_line

    def on_streamed_text(self: CompareScreen, message: StreamedText) -> None:
        for key, arrived in message.arrived.items():
            column = next((c for c in self.columns if c.key == key), None)
            if column is not None:
                waiting.setdefault(id(column), arrived)
        original_streamed(self, message)

    def render_line(self: TextBody, y: int) -> Strip:
        strip = original_render(self, y)
        column = self.parent
        if isinstance(column, RenditionColumn) and self.has_class("col-body"):
            now = time.perf_counter()
            painted[id(column)] = now
            started = waiting.pop(id(column), None)
            if started is not None:
                latencies.append(now - started)
        return strip

    keys: list[float] = []
    with (
        patch.object(CompareScreen, "on_streamed_text", on_streamed_text),
        patch.object(TextBody, "render_line", render_line),
    ):
        passage = " ".join(["Ich kann denken. Ich kann warten. Ich kann fasten."] * 8)
        app = make_app(
            passage=passage,
            source_language="de",
            target_language="en",
            styles=styles,
            samples=samples,
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
    return latencies, keys, columns


def measure_streaming() -> dict[str, float]:
    """One fresh run (new cache) of five styles streaming at once: the p95 and median of
    engine delta -> body line painted, and the worst key-to-paint while they stream."""
    STYLES.append("bench-extra")
    home = isolate()
    styles = os.path.join(home, "config", "styles")
    os.makedirs(styles, exist_ok=True)
    with open(os.path.join(styles, "bench-extra.yaml"), "w", encoding="utf-8") as f:
        f.write(_FIFTH_STYLE)
    with FakeOpenAIServer(style_responder, chunk_delay=0.01, chunk_size=4) as server:
        os.environ["OPENAI_BASE_URL"] = server.base_url
        latencies, keys, columns = asyncio.run(_streaming(server, STYLES))
    latencies.sort()
    return {
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "median": statistics.median(latencies),
        "worst_key": max(keys),
        "columns": columns,
    }


_SIXTH_STYLE = _FIFTH_STYLE.replace("bench-extra", "bench-sixth").replace("Extra", "Sixth")


def measure_grid(columns: int) -> dict[str, float]:
    """The worst key-to-paint while `columns` columns stream: 4 (four styles, one sample
    each) or 18 (six styles, three samples each)."""
    home = isolate()
    styles = os.path.join(home, "config", "styles")
    os.makedirs(styles, exist_ok=True)
    for name, text in (("bench-extra", _FIFTH_STYLE), ("bench-sixth", _SIXTH_STYLE)):
        with open(os.path.join(styles, f"{name}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    os.environ["WORKBENCH_CONCURRENCY"] = "18"  # every column streams at once
    wanted, samples = (STYLES, 1) if columns == 4 else ([*STYLES, "bench-extra", "bench-sixth"], 3)
    with FakeOpenAIServer(style_responder, chunk_delay=0.01, chunk_size=4) as server:
        os.environ["OPENAI_BASE_URL"] = server.base_url
        _, keys, shown = asyncio.run(_streaming(server, wanted, samples))
    return {"worst_key": max(keys), "median_key": statistics.median(keys), "columns": shown}


async def _big_diff(run_id: str) -> float:
    from textual.strip import Strip

    from workbench.tui.app import make_app
    from workbench.tui.widgets.text_body import TextBody

    painted: list[float] = [0.0]
    original_render = TextBody.render_line

    def render_line(self: TextBody, y: int) -> Strip:
        painted[0] = time.perf_counter()
        return original_render(self, y)

    with patch.object(TextBody, "render_line", render_line):
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


def measure_big_diff() -> dict[str, float]:
    """A 100 KB passage and five renditions opened with diff marks, saved analysed and not."""
    import random

    try:
        from workbench.core.compare.analysis import analyse
        from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
        from workbench.io.translate.history import save_run
    except ImportError:  # the base commit's layout, before the layers (`--base 2921bb2`)
        from workbench.compare.analysis import analyse  # type: ignore[no-redef,import-not-found,import-untyped,unused-ignore]
        from workbench.translate.history import save_run  # type: ignore[no-redef,import-not-found,import-untyped,unused-ignore]
        from workbench.translate.models import (  # type: ignore[no-redef,import-not-found,import-untyped,unused-ignore]
            Comparison,
            Rendition,
            SourceText,
            TargetSpec,
        )

    isolate()
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
    analysed_open = asyncio.run(_big_diff(run.id))
    legacy = run.model_copy(update={"id": "20250101-000000-cafe"})
    save_run(legacy)
    unanalysed_open = asyncio.run(_big_diff(legacy.id))
    return {"open": analysed_open, "open_unanalysed": unanalysed_open, "analyse": analyse_s}
