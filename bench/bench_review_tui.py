"""Reviews TUI figures: the records browser opening on 10,000 records, and filter-as-you-type.

Run from the repository root: python -m bench.bench_review_tui [--records N] [--runs K]

- Opening: from launching `python -c` (building the app as `workbench review browse` does,
  headless) until the browser's table paints a line with every record in it, median of K runs
  (the clock of the launching process and of the app, both `time.time()` on this machine).
  The whole process, launch to exit, is printed beside it: it adds Textual's shutdown and, cold,
  the parse cache's write, which waits for that first paint. Cold: an empty cache dir, so every
  file is parsed; warm: the store's parse cache holds the records (every file is still read and
  hashed). Baseline, same run: the same on 100 records.
- Filter as you type: in one process, the search box gets "technology 12" a key at a time (a key
  event posted to the app, 0.3 s apart); each delay is from the key event until the last line of
  the table is painted after it (so it includes the Input, the filter over every record, and the
  next screen refresh). The worst key is the figure; baseline, same run: the same over 100.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest.mock import patch

from bench.bench_review import generate
from bench.common import ROOT, compile_bytecode, figure

QUERY = "technology 12"
SETTLE = 0.3  # seconds left between keys: far more than any repaint takes

_OPEN = """
import sys, time
start = time.perf_counter()
from pathlib import Path
from workbench.tui.review_app import make_review_app
N = {count}
app = make_review_app(Path({folder!r}), cursor_blink=False)  # as `workbench review browse`
from workbench.tui.screens.review_records import RecordsScreen
from workbench.tui.widgets.record_table import RecordTable

async def until_loaded(pilot):
    painted = []
    while True:
        screen = pilot.app.screen
        if isinstance(screen, RecordsScreen):
            table = screen.query_one(RecordTable)
            if len(table.rows) == N:
                break
        await pilot.pause(0.002)
    render_line = table.render_line

    def spy(y):
        strip = render_line(y)
        painted.append(time.time())
        return strip

    table.render_line = spy  # the first line painted with every record in the table
    table.refresh()
    while not painted:
        await pilot.pause(0.002)
    print(f"{{painted[0]:.4f}} {{time.perf_counter() - start:.4f}}")
    pilot.app.exit()

app.run(headless=True, auto_pilot=until_loaded, size=(160, 40))
"""


def open_seconds(folder: Path, count: int, runs: int, *, cold: bool) -> tuple[float, float]:
    """Medians in seconds of (launch to the table painted with every record, the whole
    process: launch to exit, which adds Textual's shutdown and, cold, the parse-cache write)."""
    opened, whole = [], []
    for _ in range(runs):
        env = dict(os.environ)
        if cold:
            env["WORKBENCH_CACHE_DIR"] = tempfile.mkdtemp(  # inside the run's own temp dir
                prefix="cold-", dir=os.environ["WORKBENCH_CACHE_DIR"]
            )
        launched = time.time()
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _OPEN.format(folder=str(folder), count=count)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
        whole.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"opening the browser failed: {done.stderr[-2000:]}")
        painted = float(done.stdout.strip().splitlines()[-1].split()[0])
        opened.append(painted - launched)
    return statistics.median(opened), statistics.median(whole)


async def _typing(folder: Path, count: int) -> list[float]:
    """Seconds from each key event to the last line of the table painted after it."""
    from textual import events
    from textual.widgets import Input

    from workbench.tui.review_app import make_review_app
    from workbench.tui.screens.review_records import RecordsScreen
    from workbench.tui.widgets.record_table import RecordTable

    app = make_review_app(folder, cursor_blink=False)
    delays: list[float] = []
    async with app.run_test(size=(160, 40)) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, RecordsScreen):
                table = screen.query_one(RecordTable)
                if len(table.rows) == count:
                    break
            await pilot.pause(0.01)
        screen.query_one("#records-search", Input).focus()
        await pilot.pause(0.2)
        painted: list[float] = []
        render_line = table.render_line

        def spy(y: int) -> Any:
            strip = render_line(y)
            painted.append(time.perf_counter())
            return strip

        with patch.object(table, "render_line", spy):
            for char in QUERY:
                painted.clear()
                start = time.perf_counter()
                app.post_message(events.Key("space" if char == " " else char, char))
                await asyncio.sleep(SETTLE)
                if not painted:
                    raise SystemExit(f"the table was not repainted after {char!r}")
                delays.append(painted[-1] - start)
        shown = len(table.rows)
        assert 0 < shown < count or count < 1000, shown
    return delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compile_bytecode()

    with tempfile.TemporaryDirectory(prefix="wb-bench-rtui-") as tmp:
        root = Path(tmp)
        for sub in ("config", "data", "cache"):
            (root / "home" / sub).mkdir(parents=True)
            os.environ[f"WORKBENCH_{sub.upper()}_DIR"] = str(root / "home" / sub)
        big, small = root / "big", root / "small"
        print(f"generating {args.records} and 100 records ...", flush=True)
        generate(big, args.records)
        generate(small, 100)

        cold_big = open_seconds(big, args.records, args.runs, cold=True)
        open_seconds(big, args.records, 1, cold=False)  # fills the parse cache
        warm_big = open_seconds(big, args.records, args.runs, cold=False)
        open_seconds(small, 100, 1, cold=False)
        warm_small = open_seconds(small, 100, args.runs, cold=False)

        big_delays = asyncio.run(_typing(big, args.records))
        small_delays = asyncio.run(_typing(small, 100))

    print(f"\nmedian of {args.runs} runs of a new process each; headless, 160x40")
    figure(
        f"browser open, {args.records} records, warm",
        warm_big[0],
        "s",
        "<= 1.5",
        f"100 records {warm_small[0]:.3f} s (whole process, launch to exit: "
        f"{warm_big[1]:.3f} s vs {warm_small[1]:.3f} s)",
    )
    figure(
        f"browser open, {args.records} records, cold",
        cold_big[0],
        "s",
        "<= 1.5",
        f"every file parsed (empty parse cache); whole process, launch to exit: "
        f"{cold_big[1]:.3f} s",
    )
    figure(
        f"filter as you type, worst key, {args.records}",
        max(big_delays) * 1000,
        "ms",
        "<= 100",
        f"100 records: worst {max(small_delays) * 1000:.1f} ms; medians "
        f"{statistics.median(big_delays) * 1000:.1f} vs "
        f"{statistics.median(small_delays) * 1000:.1f} ms over {len(QUERY)} keys",
    )
    missed = [
        name
        for name, value, goal in (
            ("open warm", warm_big[0], 1.5),
            ("open cold", cold_big[0], 1.5),
            ("filter", max(big_delays), 0.1),
        )
        if value > goal
    ]
    if missed:
        print(f"over target: {', '.join(missed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
