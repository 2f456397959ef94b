"""One process of the styles race: saves the user styles `race-0`, `race-1`, ... (named
`PREFIX i`), in step with another process saving the same ids, and reports every outcome.

    python -m tests.races.style_worker PREFIX COUNT GO_FILE [force]

Each iteration prints one JSON line: {"i", "code", "err"} (code 1: refused).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    from workbench.core.errors import WorkbenchError
    from workbench.core.translate.models import StyleProfile
    from workbench.io.translate.styles import save_user_style

    prefix, count, go, *force = argv
    while not Path(go).exists():
        time.sleep(0.002)
    for i in range(int(count)):
        style = StyleProfile(id=f"race-{i}", name=f"{prefix} {i}", brief=f"brief {prefix} {i}")
        try:
            save_user_style(style, overwrite=bool(force))
        except WorkbenchError as exc:
            print(json.dumps({"i": i, "code": 1, "err": exc.message}), flush=True)
            continue
        print(json.dumps({"i": i, "code": 0, "err": ""}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
