"""Loading 10,000 decision records: this code's process pool and its serial loading (parse
cache only) against the code of a starting commit, measured in the same run.

Run: python -m bench.bench_review_loading [--base COMMIT] [--records N] [--runs K]

The base commit (default: the one this branch started from, BASE) is checked out in a
temporary git worktree. Three variants run `python -m workbench review list --format json`
and `review validate` over the same folder, each a fresh process:

- base: the starting commit, its default parse processes (forked workers);
- pool: this code, its default parse processes (a forkserver/spawn process pool);
- serial: this code with WORKBENCH_JOBS=1 (one process, the parse cache only).

COLD runs get an empty cache dir each (every file parsed); WARM runs share one cache dir per
variant, filled beforehand. The variants are interleaved: each round runs every variant once
per command and setting, the order rotating from round to round, so load from other work on
the machine falls on all of them alike. Printed: the median wall time of K rounds, its spread
(min-max), and each variant's ratio to base with the ratio's noise (the spread of the
per-round ratios). The load average before and after is printed too: on shared cores every
figure is noisy, so read the ratios with their noise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_review import generate
from bench.common import ROOT, compile_bytecode, load_average

BASE = "2921bb2"
"""The last commit before the work on issues 11 to 18 (issue 13's "today's code"), as in
`bench.bench_versus_base`."""
VARIANTS = ("base", "pool", "serial")


def _run(code: Path, args: list[str], env: dict[str, str]) -> float:
    full = dict(os.environ, **env, PYTHONPATH=str(code))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=full,
        cwd=code,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{code}: {args} failed: {done.stderr.decode()}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="wb-bench-load-") as tmp:
        root = Path(tmp)
        base = root / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.base],
            check=True,
            capture_output=True,
        )
        try:
            _measure(root, base, args.records, args.runs)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                check=False,
                capture_output=True,
            )


def _measure(root: Path, base: Path, count: int, runs: int) -> None:
    import compileall

    compileall.compile_dir(base / "workbench", quiet=1)
    folder = root / "decisions"
    print(f"generating {count} records ...", flush=True)
    generate(folder, count)
    home = root / "home"
    for sub in ("config", "data"):
        (home / sub).mkdir(parents=True)
    env = {"WORKBENCH_CONFIG_DIR": str(home / "config"), "WORKBENCH_DATA_DIR": str(home / "data")}
    env.pop("WORKBENCH_JOBS", None)
    os.environ.pop("WORKBENCH_JOBS", None)
    code = {"base": base, "pool": ROOT, "serial": ROOT}
    extra = {"base": {}, "pool": {}, "serial": {"WORKBENCH_JOBS": "1"}}
    commands = {
        "review list --format json": ["review", "list", "--format", "json", "--dir", str(folder)],
        "review validate": ["review", "validate", "--dir", str(folder)],
    }
    warm_dirs = {v: root / f"warm-{v}" for v in VARIANTS}
    for variant in VARIANTS:  # fill each variant's parse cache
        warm_env = dict(env, **extra[variant], WORKBENCH_CACHE_DIR=str(warm_dirs[variant]))
        _run(code[variant], commands["review list --format json"], warm_env)

    times: dict[tuple[str, str, str], list[float]] = {}
    load_before = load_average()
    for round_ in range(runs):
        order = VARIANTS[round_ % 3 :] + VARIANTS[: round_ % 3]
        for setting in ("cold", "warm"):
            for label, cmd in commands.items():
                for variant in order:
                    if setting == "cold":
                        cache = Path(tempfile.mkdtemp(prefix="cold-", dir=root))
                    else:
                        cache = warm_dirs[variant]
                    run_env = dict(env, **extra[variant], WORKBENCH_CACHE_DIR=str(cache))
                    wall = _run(code[variant], cmd, run_env)
                    times.setdefault((setting, label, variant), []).append(wall)
                    if setting == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
        print(f"round {round_ + 1} of {runs} done", flush=True)
    load_after = load_average()

    print(f"\n{count} records; median of {runs} interleaved rounds; {os.cpu_count()} cores here")
    print(f"load average (1, 5, 15 min): before {load_before}, after {load_after}")
    print("ratio: median of the variant / median of base; noise: min-max of per-round ratios")
    for setting in ("cold", "warm"):
        print(f"\n{setting.upper()}")
        print(f"{'command':<28}{'variant':<8}{'median':>8}  {'min-max':>11}  {'ratio':>6}  noise")
        for label in commands:
            base_times = times[(setting, label, "base")]
            base_median = statistics.median(base_times)
            for variant in VARIANTS:
                walls = times[(setting, label, variant)]
                median = statistics.median(walls)
                spread = f"{min(walls):.2f}-{max(walls):.2f}"
                pairs = [w / b for w, b in zip(walls, base_times, strict=True)]
                ratio = median / base_median
                noise = f"{min(pairs):.2f}-{max(pairs):.2f}" if variant != "base" else ""
                print(
                    f"{label:<28}{variant:<8}{median:>7.2f}s  {spread:>11}  {ratio:>6.2f}  {noise}"
                )


if __name__ == "__main__":
    main()
