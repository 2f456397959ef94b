"""The test suite's wall time: the starting commit's tests against its own code, beside this
checkout's tests against this code, measured in the same run (issue 13: "the tests of the
starting commit run at least 30% faster, wall time").

Run from the repository root: python -m bench.bench_tests [--base COMMIT] [--durations N]

The base commit (default BASE) is checked out in a temporary git worktree and its suite runs
there, importing that tree's `workbench` and `tests`; then this checkout's suite runs here. Each
is `python -m pytest -q -p no:randomly --durations=N`, once: a whole suite takes minutes on
two shared cores, so the runs are not interleaved or repeated, and the ratio carries the noise
of whatever else the machine did meanwhile (the load average before and after each run is
printed). The environment is passed through unchanged (WORKBENCH_TEST_TMUX, say, decides
for both whether the tmux tests run). The slowest tests of each run are printed after the
figures: that is where the remaining time goes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_review import load_average
from bench.common import ROOT, base_worktree, compile_bytecode

BASE = "d4ff670"
"""The commit issue 13's work started from (its tests are "the tests of the starting commit")."""


def run_suite(code: Path, durations: int) -> tuple[float, str, str]:
    """Wall time, the summary line and the slowest-tests section of `code`'s suite."""
    env = dict(os.environ, PYTHONPATH=str(code))
    env.pop("PYTEST_ADDOPTS", None)
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", f"--durations={durations}"]
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=code, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    lines = done.stdout.splitlines()
    summary = next((line for line in reversed(lines) if " in " in line), "(no summary)")
    slow: list[str] = []
    if any("slowest" in line for line in lines):
        first = next(i for i, line in enumerate(lines) if "slowest" in line)
        slow = [line for line in lines[first + 1 :] if line.strip() and "s " in line[:12]]
    return wall, summary.strip("= "), "\n".join(slow[:durations])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base", default=BASE, help="the starting commit")
    parser.add_argument("--durations", type=int, default=25, help="slowest tests to list")
    args = parser.parse_args()
    compile_bytecode()  # as base_worktree does for the base's workbench/
    with tempfile.TemporaryDirectory(prefix="wb-bench-tests-") as tmp:
        with base_worktree(args.base, Path(tmp)) as base:
            load_0 = load_average()
            base_wall, base_summary, base_slow = run_suite(base, args.durations)
            load_1 = load_average()
        ours_wall, ours_summary, ours_slow = run_suite(ROOT, args.durations)
        load_2 = load_average()
    print(f"test suite wall time, one run each, {os.cpu_count()} cores")
    print(f"load average: before {load_0}; between {load_1}; after {load_2}")
    print(f"base  {args.base} tests on its code: {base_wall:7.1f} s  ({base_summary})")
    print(f"this  checkout's tests on this code: {ours_wall:7.1f} s  ({ours_summary})")
    print(
        f"ratio this/base {ours_wall / base_wall:.2f}: "
        f"{(1 - ours_wall / base_wall) * 100:.0f}% less wall time (the goal: at least 30%)"
    )
    print(f"\nslowest {args.durations}, this checkout:\n{ours_slow}")
    print(f"\nslowest {args.durations}, base:\n{base_slow}")


if __name__ == "__main__":
    main()
