"""Two runs at once write what they learned of their endpoints' parameters
(`model-parameters.json`): no process's findings are lost.

Iterations: 50 by default; set WORKBENCH_TEST_RACE_ITERATIONS to run more.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from workbench.io import paths
from workbench.io.learned_params import FILE_NAME, load_learned

ROOT = Path(__file__).resolve().parents[2]


def iterations() -> int:
    return int(os.environ.get("WORKBENCH_TEST_RACE_ITERATIONS") or 50)


def test_two_processes_recording_parameters_lose_no_entry(tmp_path: Path) -> None:
    go = tmp_path / "go"
    n = min(iterations(), 90)  # the file keeps 200 entries
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.races.learned_worker", prefix, str(n), str(go)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("a", "b")
    ]
    time.sleep(0.3)  # let both import before the start
    go.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    json.loads((paths.cache_dir() / FILE_NAME).read_text(encoding="utf-8"))  # whole
    kept = {(e.endpoint, e.model) for e in load_learned()}
    wanted = {(f"http://{p}.test/v1", f"model-{i}") for p in "ab" for i in range(n)}
    assert sorted(wanted - kept) == []
