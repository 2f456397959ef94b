"""One process of a history race: notes a run's columns one after another, through the CLI's
entry point, in step with another process, and reports every outcome.

    python -m tests.races.judge_worker RUN_ID PREFIX COUNT GO_FILE

Iteration i sets the note on column `PREFIX-i` to `note PREFIX-i`. Each iteration prints one
JSON line: {"i", "code", "out", "err"}. The loop starts when GO_FILE exists.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from tests.review.race_worker import _cli as cli


def main(argv: list[str]) -> None:
    run_id, prefix, count, go = argv
    while not Path(go).exists():
        time.sleep(0.002)
    for i in range(int(count)):
        key = f"{prefix}-{i}"
        code, out, err = cli(["history", "judge", run_id, "--note", key, f"note {key}"])
        print(json.dumps({"i": i, "code": code, "out": out, "err": err}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
