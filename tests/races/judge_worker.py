"""One process of a history race: notes a run's columns one after another, through the CLI's
entry point, in step with another process, and reports every outcome.

    python -m tests.races.judge_worker RUN_ID PREFIX COUNT GO_FILE

Iteration i sets the note on column `PREFIX-i` to `note PREFIX-i`. Each iteration prints one
JSON line: {"i", "code", "out", "err"}. The loop starts when GO_FILE exists.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path


def _cli(args: list[str]) -> tuple[int, str, str]:
    from workbench.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def main(argv: list[str]) -> None:
    run_id, prefix, count, go = argv
    while not Path(go).exists():
        time.sleep(0.002)
    for i in range(int(count)):
        key = f"{prefix}-{i}"
        code, out, err = _cli(["history", "judge", run_id, "--note", key, f"note {key}"])
        print(json.dumps({"i": i, "code": code, "out": out, "err": err}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
