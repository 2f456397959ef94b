"""One process of the learned-parameters race: records what endpoint PREFIX's models took,
one model per iteration, in step with another process.

    python -m tests.races.learned_worker PREFIX COUNT GO_FILE
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    from workbench.io.learned_params import record_learned

    prefix, count, go = argv
    while not Path(go).exists():
        time.sleep(0.002)
    for i in range(int(count)):
        record_learned(f"http://{prefix}.test/v1", f"model-{i}", {"temperature"}, {"seed": "no"})


if __name__ == "__main__":
    main(sys.argv[1:])
