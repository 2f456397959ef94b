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

from bench.common import ROOT, base_worktree, compile_bytecode, load_average, only_workbench_from
from bench.tui_measures import isolate, measure_big_diff, measure_grid, measure_streaming

BASE = "2921bb2"
"""The commit issue 13's work started from ("today's code"; `bench_versus_base.BASE`)."""

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
    isolate()  # the children's config, data and cache folders: never the user's
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


def compare_grids(runs: int) -> None:
    """4 and 18 columns streaming, this code only, interleaved round by round."""
    isolate()
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
