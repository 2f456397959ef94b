"""One process of a race test: edits one record over and over (through the CLI's entry point,
or the store for creations), in step with another process, and reports every outcome.

    python -m tests.review.race_worker MODE ROOT RECORD_ID COUNT PREFIX GO_FILE

MODE `answer`: iteration i answers question `PREFIX-i` with `PREFIX value i`.
MODE `status`: iteration i moves the record to proposed (even i) or draft (odd i), with the
note `PREFIX-i`.
MODE `create`: iteration i creates the record `2024-01-02-race-<i>` titled `PREFIX i` (RECORD_ID
is ignored); a record that exists already is reported as refused.

Each iteration prints one JSON line: {"i", "code", "out", "err"}. The loop starts when GO_FILE
exists, so that both processes start together.
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


def _create(root: Path, i: int, prefix: str) -> tuple[int, str, str]:
    import datetime as dt

    from workbench.errors import WorkbenchError
    from workbench.review import store
    from workbench.review.answers import Answers
    from workbench.review.catalog import load_catalog

    spec = store.NewRecord(
        title=f"{prefix} {i}", checklist=load_catalog().get("new-technology"), answers=Answers()
    )
    record = store.build_record(spec, dt.date(2024, 1, 2))
    record = record.model_copy(update={"id": f"2024-01-02-race-{i:05d}"})
    try:
        store.create(root, record)
    except WorkbenchError as exc:
        return 1, "", str(exc)
    return 0, f"created {record.id}", ""


def main(argv: list[str]) -> None:
    mode, root, record_id, count, prefix, go = argv
    answers = Path(go).parent / f"answers-{prefix}.yaml"
    while not Path(go).exists():
        time.sleep(0.002)
    for i in range(int(count)):
        if mode == "answer":
            answers.write_text(f"{prefix}-{i}: {prefix} value {i}\n", encoding="utf-8")
            args = ["review", "answer", record_id, "--answers", str(answers), "--dir", root]
            code, out, err = _cli(args)
        elif mode == "status":
            status = "proposed" if i % 2 == 0 else "draft"
            args = ["review", "set-status", record_id, status, "--note", f"{prefix}-{i}"]
            code, out, err = _cli([*args, "--dir", root])
        else:
            code, out, err = _create(Path(root), i, prefix)
        print(json.dumps({"i": i, "code": code, "out": out, "err": err}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
