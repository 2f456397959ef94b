"""Every benchmark of the starting commit, run on that commit and on this checkout, interleaved
(issue 13: "every existing benchmark within 15% of today's figure or better").

Run from the repository root:

    python -m bench.bench_versus_base [--base COMMIT] [--rounds K] [--only bench_diff,...]

The base commit (default BASE, the commit issues 11 to 18 started from) is checked out in a
temporary git worktree. For each benchmark module the base has (`bench/bench_*.py` there), each
round runs the base's module on the base's code and this checkout's module of the same name on
this code, as two fresh processes, the order alternating from round to round so that other load
on the machine falls on both alike. Every line either prints through `bench.common.figure`
(`NAME  VALUE UNIT goal ...`), or that bench_diff and bench_review print in their own
format, is read back (bench_review's under its COLD/WARM heading); figures with the same name in
both are compared. bench_tui is the exception (`SAME_CODE_BENCHES`): its own `--base` mode
measures both commits with this checkout's measuring code.

Printed per figure: the median of each side over K rounds, the ratio this/base, and its noise
(the lowest and highest per-round ratio). A figure is "within 15%" when the median ratio is at
most 1.15; every figure here is a cost (time, or a time ratio), so lower is better. Figures only
one side prints (renamed, added or dropped since the base) are listed apart, not compared.
`--records N` (default 10,000) sets the size of the review benchmarks' folders on both sides
(2,000 keeps a round to a few minutes on two shared cores; say which was used with a figure).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.common import ROOT, base_worktree, compile_bytecode, load_average

BASE = "2921bb2"
"""The last commit before the work on issues 11 to 18 (issue 13's "today's code")."""

REVIEW_BENCHES = ("bench_review", "bench_review_tui")
"""Benchmarks that take `--records N --runs K` on both sides."""

FIGURE = re.compile(r"^(?P<name>\S.*?)\s+(?P<value>-?\d+\.\d{3}) (?P<unit>\S+)\s+goal ")
OWN_FORMAT = re.compile(r"^(?P<name>\S.*?)\s{2,}(?P<value>\d+\.\d+) ?(?P<unit>ms|s)\s{2,}")
"""bench_diff's and bench_review's own lines: `NAME  VALUE ms  BASELINE  VALUE ms ...`, `NAME
VALUEs  MIN-MAX ...` (the first value is the figure)."""


SAME_CODE_BENCHES = ("bench_tui",)
"""Benchmarks whose measuring code changed since the base in ways that change the figure (the
base's bench_tui measured its streaming rounds in one process, warm after the first; this
one measures each in a fresh process): this checkout's module measures both commits itself
(`--base`), so both are measured alike."""

SAME_CODE_ROW = re.compile(
    r"^(?P<name>\s*\S.*?)\s+[\d.]+ \S+\s+base\s+[\d.]+ \S+\s+ratio\s+(?P<ratio>[\d.]+)\s+noise"
)


def same_code(name: str, base: str, rounds: int) -> tuple[int, int]:
    """Run this checkout's `name --base BASE --runs ROUNDS`; print its table and count its
    figures within 15%."""
    argv = [sys.executable, "-m", f"bench.{name}", "--base", base, "--runs", str(max(rounds, 5))]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    print(f"\n## {name}: this checkout's measuring code on both commits (`{' '.join(argv[2:])}`)")
    within = compared = 0
    for line in done.stdout.splitlines():
        match = SAME_CODE_ROW.match(line)
        if match is None:
            continue
        ok = float(match["ratio"]) <= 1.15
        within, compared = within + ok, compared + 1
        print(f"{line}  {'within 15%' if ok else 'OVER 15%'}")
    if not compared:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        print(f"  no figures (exit {done.returncode}): {' | '.join(tail)}")
    return within, compared


def figures(stdout: str) -> dict[str, tuple[float, str]]:
    """The `figure()` lines of a benchmark's output: name -> (value, unit)."""
    found: dict[str, tuple[float, str]] = {}
    section = ""
    for line in stdout.splitlines():
        if line.startswith(("COLD", "WARM")):
            section = line.split(" (")[0] + ": "
        match = FIGURE.match(line) or OWN_FORMAT.match(line)
        name = section + match["name"].strip() if match else ""
        if match and name not in found:  # the first line of a name counts
            found[name] = (float(match["value"]), match["unit"])
    return found


def run_bench(code: Path, name: str, records: int) -> dict[str, tuple[float, str]]:
    env = dict(os.environ, PYTHONPATH=str(code))
    extra = ["--records", str(records), "--runs", "3"] if name in REVIEW_BENCHES else []
    argv = [sys.executable, "-m", f"bench.{name}", *extra]
    done = subprocess.run(argv, cwd=code, env=env, capture_output=True, text=True)
    found = figures(done.stdout)
    if not found:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        print(f"  {name} in {code.name}: no figures (exit {done.returncode}): {' | '.join(tail)}")
    return found


def report(name: str, rounds: list[tuple[dict, dict]]) -> tuple[int, int]:
    """Print one benchmark's comparison; (figures within 15%, figures compared)."""
    base_values: dict[str, list[float]] = defaultdict(list)
    ours_values: dict[str, list[float]] = defaultdict(list)
    ratios: dict[str, list[float]] = defaultdict(list)
    units: dict[str, str] = {}
    for base, ours in rounds:
        for key, (value, unit) in base.items():
            base_values[key].append(value)
            units[key] = unit
        for key, (value, _) in ours.items():
            ours_values[key].append(value)
        for key in base.keys() & ours.keys():
            if base[key][0] > 0:
                ratios[key].append(ours[key][0] / base[key][0])
    print(f"\n## {name}: median of {len(rounds)} rounds, base vs this")
    within = compared = 0
    for key in sorted(base_values.keys() & ours_values.keys()):
        if not ratios[key]:
            continue
        b, o = statistics.median(base_values[key]), statistics.median(ours_values[key])
        ratio = statistics.median(ratios[key])
        ok = ratio <= 1.15
        compared += 1
        within += ok
        print(
            f"{key:<44} base {b:9.3f} {units[key]:<3} this {o:9.3f}  ratio {ratio:5.2f} "
            f"(noise {min(ratios[key]):.2f}-{max(ratios[key]):.2f}) "
            f"{'within 15%' if ok else 'OVER 15%'}"
        )
    for key in sorted(base_values.keys() - ours_values.keys()):
        print(f"{key:<44} only in the base's benchmark (renamed or dropped since)")
    for key in sorted(ours_values.keys() - base_values.keys()):
        print(f"{key:<44} only in this checkout's benchmark (new since the base)")
    return within, compared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base", default=BASE, help="the starting commit")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per benchmark (median)")
    parser.add_argument("--records", type=int, default=10_000, help="review benchmarks' size")
    parser.add_argument("--only", default="", help="comma-separated benchmark module names")
    args = parser.parse_args()
    compile_bytecode()
    load_before = load_average()
    totals = [0, 0]
    with (
        tempfile.TemporaryDirectory(prefix="wb-bench-vs-") as tmp,
        base_worktree(args.base, Path(tmp)) as base,
    ):
        names = sorted(p.stem for p in (base / "bench").glob("bench_*.py"))
        if args.only:
            names = [n for n in names if n in args.only.split(",")]
        for name in names:
            if not (ROOT / "bench" / f"{name}.py").exists():
                print(f"\n## {name}: not in this checkout (dropped)")
                continue
            if name in SAME_CODE_BENCHES:
                within, compared = same_code(name, args.base, args.rounds)
                totals[0] += within
                totals[1] += compared
                continue
            rounds = []
            for round_no in range(args.rounds):
                order = [base, ROOT] if round_no % 2 == 0 else [ROOT, base]
                got = {code: run_bench(code, name, args.records) for code in order}
                rounds.append((got[base], got[ROOT]))
            within, compared = report(name, rounds)
            totals[0] += within
            totals[1] += compared
    print(f"\nload average (1, 5, 15 min): before {load_before}, after {load_average()}")
    print(f"{totals[0]} of {totals[1]} figures within 15% of the base {args.base} or better")
    sys.exit(0 if totals[0] == totals[1] else 1)


if __name__ == "__main__":
    main()
