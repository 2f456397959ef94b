"""Run every benchmark: python -m bench   (or one: python -m bench.bench_translate).

Each runs in its own process, so one that exits early (or misses a target and says so with a
non-zero exit) does not stop the others; the exit code is non-zero if any did."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path


def main() -> None:
    folder = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(folder)]))
    failed = []
    for name in (n for n in names if n.startswith("bench_")):
        print(f"\n### bench.{name}", flush=True)
        if subprocess.run([sys.executable, "-m", f"bench.{name}"]).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nnot all figures met or ran: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
