"""Small helpers shared by the benchmarks: timing whole processes and printing figures."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_bytecode() -> None:
    """Write workbench's .pyc files, as Python does on a package's first run (and pip on a
    non-editable install), so start-up figures are what a user sees from the second run on.
    Where PYTHONDONTWRITEBYTECODE is set (it is on this project's machines), every run would
    otherwise compile every module from source again."""
    import compileall

    compileall.compile_dir(ROOT / "workbench", quiet=1)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("bytecode: workbench/ compiled once (PYTHONDONTWRITEBYTECODE is set here)")


def time_process(argv: Sequence[str], runs: int = 7, env: dict[str, str] | None = None) -> float:
    """Median wall time in seconds of running argv to completion (output discarded)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=full_env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def figure(name: str, value: float, unit: str, goal: str, baseline: str) -> None:
    print(f"{name:<44} {value:>9.3f} {unit:<3} goal {goal:<10} | baseline: {baseline}")
