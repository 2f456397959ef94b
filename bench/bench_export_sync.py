"""Benchmark: re-exporting decision records into a folder that holds the previous export.

Run: python -m bench.bench_export_sync [--records N] [--runs K]

Figure (issue 12): with 10,000 records, `review export --format markdown` into a folder that
already holds the previous export takes <= 1.2 x a fresh export into an empty folder. Both are
measured in the same run, as whole processes with a warm parse cache (so both load alike), the
fresh export first as the baseline; the re-export compares each file with what it would write,
rewrites only what changed, and checks the manifest for files to remove.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.bench_review import generate, run_cli
from bench.common import compile_bytecode, load_average

TARGET_RATIO = 1.2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="wb-bench-sync-") as tmp:
        root = Path(tmp)
        folder = root / "decisions"
        for sub in ("config", "data", "cache"):
            (root / "home" / sub).mkdir(parents=True)
            os.environ[f"WORKBENCH_{sub.upper()}_DIR"] = str(root / "home" / sub)
        print(f"generating {args.records} records in {folder} ...", flush=True)
        generate(folder, args.records)
        run_cli(["review", "list", "--dir", str(folder)], 1, cold=False)  # fills the cache
        load_before = load_average()
        fresh, again = [], []
        for n in range(args.runs):
            out = root / f"md-{n}"
            cmd = ["review", "export", "--format", "markdown", "--out", str(out)]
            cmd += ["--dir", str(folder)]
            fresh += run_cli(cmd, 1, cold=False)  # into an empty folder
            again += run_cli(cmd, 1, cold=False)  # into the folder holding that export
        base = statistics.median(wall for wall, _ in fresh)
        resync = statistics.median(wall for wall, _ in again)
        ratio = resync / base
        print(f"\n{args.records} records, median of {args.runs} whole-process runs (wall clock)")
        print(f"load average (1, 5, 15 min): before {load_before}, after {load_average()}")
        print(f"{'command':<52}{'median':>8}{'ratio':>8}{'target':>8}")
        print(f"{'baseline: review export markdown, empty folder':<52}{base:>7.2f}s{1:>8.2f}")
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(
            f"{'review export markdown, folder holds last export':<52}{resync:>7.2f}s"
            f"{ratio:>8.2f}{TARGET_RATIO:>8.1f}  {verdict}"
        )
        print(
            f"{args.records:,} records re-export into a folder holding the previous export vs a "
            f"fresh export: {ratio:.2f}x ({resync:.2f}s vs {base:.2f}s; target <= "
            f"{TARGET_RATIO}x, {verdict})"
        )
        sys.exit(0 if ratio <= TARGET_RATIO else 1)


if __name__ == "__main__":
    main()
