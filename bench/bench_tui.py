"""TUI figures: start-up to first paint, streaming latency, key responsiveness, big diffs,
each beside the same figure for a base commit's code measured in the same run.

Run from the repository root: python -m bench.bench_tui [--base COMMIT] [--runs K]
(needs the dev extra).

`--grid` (quick: two rounds by default) measures only this code: the worst key-to-paint while
18 columns stream (6 styles x 3 samples, a page of them shown) beside 4 columns streaming, the
baseline, measured in the same rounds.

The base commit (default BASE, the one issue 13's work started from) is checked out in a
temporary git worktree. Every measurement runs in a fresh process that imports `workbench`
from either tree (the measuring code, the fake server and the fake data are this checkout's),
base and this code interleaved round by round. Printed per figure: this code's median, the
base's median, their ratio and its noise (min-max of the per-round ratios); start-up also shows
a bare Textual app measured in the same rounds, the floor no app can beat.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any
from unittest.mock import patch

from bench.common import ROOT, base_worktree, compile_bytecode, load_average, only_workbench_from
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder

BASE = "2921bb2"
"""The commit issue 13's work started from ("today's code"; `bench_versus_base.BASE`)."""
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


def _wall(argv: list[str], pythonpath: str) -> float:
    env = dict(os.environ, PYTHONPATH=pythonpath)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed:\n{done.stderr}")
    return wall


def _child(kind: str, pythonpath: str) -> dict[str, float]:
    """One measurement in a fresh process, workbench imported through `pythonpath`."""
    argv = [sys.executable, "-P", "-m", "bench.bench_tui", "--measure", kind]
    env = dict(os.environ, PYTHONPATH=pythonpath)
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"--measure {kind} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


def _row(name: str, unit: str, scale: float, ours: list[float], base: list[float]) -> None:
    """The figure for this code and for the base, each the median of its rounds, the ratio of
    the medians, and the noise: the min-max of the per-round ratios (rounds are interleaved)."""
    ours_m, base_m = statistics.median(ours), statistics.median(base)
    pairs = [o / b for o, b in zip(ours, base, strict=True) if b]
    noise = f"{min(pairs):.2f}-{max(pairs):.2f}" if pairs else "n/a"
    print(
        f"{name:<46} {ours_m * scale:>8.1f} {unit:<3} base {base_m * scale:>8.1f} {unit:<3} "
        f"ratio {ours_m / base_m if base_m else float('nan'):>5.2f}  noise {noise}"
    )


def _rounds(
    kinds: list[str], paths: dict[str, str], runs: int, variants: list[str] | None = None
) -> dict[tuple[str, str], list[dict[str, float]]]:
    """Every measurement `runs` times for base and ours, interleaved, the order alternating."""
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    for round_ in range(runs):
        order = variants or (["base", "ours"] if round_ % 2 == 0 else ["ours", "base"])
        ordered = kinds[::-1] if variants and round_ % 2 else kinds  # one variant: kinds alternate
        for kind in ordered:
            for variant in order:
                results.setdefault((kind, variant), []).append(_child(kind, paths[variant]))
        print(f"round {round_ + 1} of {runs} done", flush=True)
    return results


def compare_with_base(base_commit: str, runs: int) -> None:
    _isolate()  # the children's config, data and cache folders: never the user's
    variants = ["bare", "base", "ours"]
    with tempfile.TemporaryDirectory(prefix="wb-bench-tui-") as tmp:
        parent = Path(tmp)
        with base_worktree(base_commit, parent) as base:
            paths = {"base": only_workbench_from(base, parent), "ours": str(ROOT)}
            load_before = load_average()
            first_paint: dict[str, list[float]] = {"bare": [], "base": [], "ours": []}
            setups = {"bare": _BARE, "base": _OURS, "ours": _OURS}
            for round_ in range(runs):
                for variant in variants[round_ % 3 :] + variants[: round_ % 3]:
                    code = _FIRST_PAINT.format(setup=setups[variant])
                    path = paths["ours"] if variant == "bare" else paths[variant]
                    first_paint[variant].append(_wall([sys.executable, "-P", "-c", code], path))
            results = _rounds(["stream", "big"], paths, runs)
            load_after = load_average()
    print(
        f"\nbase: {base_commit} in a git worktree; median of {runs} interleaved rounds each; "
        f"{os.cpu_count()} cores; load average before {load_before}, after {load_after}"
    )
    print("ratio: this code's median / the base's; noise: min-max of the per-round ratios\n")
    _row("start-up to first paint", "s", 1, first_paint["ours"], first_paint["base"])
    floor = statistics.median(first_paint["bare"])
    print(f"{'  a bare Textual app, same rounds (the floor)':<46} {floor:>8.1f} s")

    def series(kind: str, variant: str, key: str) -> list[float]:
        return [r[key] for r in results[(kind, variant)]]

    columns = int(results[("stream", "ours")][0]["columns"])
    for key, name in (
        ("p95", "streamed text to screen, p95"),
        ("median", "streamed text to screen, median"),
        ("worst_key", f"worst key-to-paint, {columns} columns streaming"),
    ):
        _row(name, "ms", 1000, series("stream", "ours", key), series("stream", "base", key))
    for key, name in (
        ("open", "100 KB passage, 5 renditions, open with diffs"),
        ("open_unanalysed", "  same, a run saved unanalysed"),
        ("analyse", "  analyse() alone"),
    ):
        _row(name, "s", 1, series("big", "ours", key), series("big", "base", key))


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
    home = _isolate()
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
    home = _isolate()
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


def compare_grids(runs: int) -> None:
    """4 and 18 columns streaming, this code only, interleaved round by round."""
    _isolate()
    paths = {"ours": str(ROOT)}
    load_before = load_average()
    results = _rounds(["grid4", "grid18"], paths, runs, variants=["ours"])
    print(
        f"\nmedian of {runs} interleaved rounds; {os.cpu_count()} cores; load average before "
        f"{load_before}, after {load_average()}"
    )
    for key, name in (("worst_key", "worst key-to-paint"), ("median_key", "median key-to-paint")):
        many = [r[key] for r in results[("grid18", "ours")]]
        few = [r[key] for r in results[("grid4", "ours")]]
        _row(f"{name}, 18 columns (vs 4) streaming", "ms", 1000, many, few)


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
    analysed_open = asyncio.run(_big_diff(run.id))
    legacy = run.model_copy(update={"id": "20250101-000000-cafe"})
    save_run(legacy)
    unanalysed_open = asyncio.run(_big_diff(legacy.id))
    return {"open": analysed_open, "open_unanalysed": unanalysed_open, "analyse": analyse_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base", default=BASE, help="the commit to compare with")
    parser.add_argument("--runs", type=int, default=None, help="interleaved rounds (5; --grid 2)")
    parser.add_argument(
        "--grid", action="store_true", help="key-to-paint with 18 columns beside 4, this code only"
    )
    parser.add_argument(
        "--measure", choices=["stream", "big", "grid4", "grid18"], help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:  # a child: one measurement, printed as JSON on the last line
        measures: dict[str, Any] = {
            "stream": measure_streaming,
            "big": measure_big_diff,
            "grid4": partial(measure_grid, 4),
            "grid18": partial(measure_grid, 18),
        }
        print(json.dumps(measures[args.measure]()))
        return
    compile_bytecode()
    print(f"TUI benchmarks (load average {load_average()})", flush=True)
    if args.grid:
        compare_grids(args.runs or 2)
    else:
        compare_with_base(args.base, args.runs or 5)


if __name__ == "__main__":
    main()
