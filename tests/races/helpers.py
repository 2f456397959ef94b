"""What the race tests share: the iteration count and processes started in step."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def iterations() -> int:
    """50 by default; WORKBENCH_TEST_RACE_ITERATIONS races harder locally."""
    return int(os.environ.get("WORKBENCH_TEST_RACE_ITERATIONS") or 50)


def in_step(module: str, arg_lists: list[list[str]], go: Path) -> list[list[dict[str, object]]]:
    """Run `python -m module *args` once per argument list (each holds the file `go`, which
    the workers wait for), start them together (`go` is created once all have imported),
    and return each one's JSON lines."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in arg_lists
    ]
    time.sleep(0.3)  # let them import before the start
    go.touch()
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        reports.append([json.loads(line) for line in out.splitlines()])
    return reports
