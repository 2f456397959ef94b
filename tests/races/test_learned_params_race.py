"""Two runs at once write what they learned of their endpoints' parameters
(`model-parameters.json`): no process's findings are lost.

Iterations: 50 by default; set WORKBENCH_TEST_RACE_ITERATIONS to run more.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.races.helpers import in_step, iterations
from workbench.io import paths
from workbench.io.learned_params import FILE_NAME, load_learned


def test_two_processes_recording_parameters_lose_no_entry(tmp_path: Path) -> None:
    go = tmp_path / "go"
    n = min(iterations(), 90)  # the file keeps 200 entries
    in_step("tests.races.learned_worker", [[p, str(n), str(go)] for p in ("a", "b")], go)
    json.loads((paths.cache_dir() / FILE_NAME).read_text(encoding="utf-8"))  # whole
    kept = {(e.endpoint, e.model) for e in load_learned()}
    wanted = {(f"http://{p}.test/v1", f"model-{i}") for p in "ab" for i in range(n)}
    assert sorted(wanted - kept) == []
