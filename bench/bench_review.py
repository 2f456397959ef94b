"""Benchmarks for decision records: whole-process CLI times over 10,000 records.

Run: python -m bench.bench_review [--records N] [--runs K] [--full-records]

Each figure is the median wall-clock time of K runs of `python -m workbench ...` in a fresh
process, in two settings:

- COLD: every run gets a fresh, empty cache dir (WORKBENCH_CACHE_DIR), so every file is read
  and parsed, as in a fresh clone (a team's CI running `review validate`). Measured with the
  default number of parse processes and with one (WORKBENCH_JOBS=1).
- WARM: the parse cache (keyed by each file's bytes) already holds every record.

Each is printed beside its baseline: the same cold run with PyPI's pure-Python
`yaml.SafeLoader` (what a loader without libyaml costs) and no cache, estimated as the
measured one-process cold time - our parse time + the pure-Python parse time, both parse
times measured on a sample of records and extrapolated (loading 10,000 records that way takes
half a minute). The machine's load average is printed before and after: other work on the
same cores makes every figure slower and noisier.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bench.common import compile_bytecode, load_average
from workbench.core.review.record import (
    ChecklistRef,
    DecisionRecord,
    Links,
    Option,
    Reference,
    Review,
    Status,
    StatusChange,
    Technology,
    new_id,
)
from workbench.io import yaml_fast
from workbench.io.yamlio import dump_yaml
from workbench.services.review.store import dump_record

TARGETS = {"list": 1.5, "validate": 3.0, "export": 10.0}
SAMPLE = 300
STATUSES: tuple[Status, ...] = ("draft", "proposed", "accepted", "rejected", "deprecated")


def make_record(n: int) -> DecisionRecord:
    day = dt.date(2020, 1, 1) + dt.timedelta(days=n % 1500)
    status = STATUSES[n % len(STATUSES)]
    return DecisionRecord(
        id=new_id(f"Adopt technology {n}", day, suffix=f"{n:05d}"[-5:].translate(_DIGITS)),
        title=f"Adopt technology {n} for workload {n % 97}",
        status=status,
        date=day,
        revisit_by=day + dt.timedelta(days=365),
        decision_makers=["Ana", "Bo"],
        consulted=["Cy"],
        informed=["Everyone"],
        tags=[f"area-{n % 13}", "bench"],
        technology=Technology(name=f"Tech {n}", quadrant="tools"),
        solves=[f"problem-{n}"],
        checklist=ChecklistRef(id="new-technology", version=1),
        answers={
            "problem": f"Workload {n} misses its deadline as the data grows.",
            "current-stack": "Partition the tables and run the jobs in parallel.",
            "new-costs": "Monitoring, training, on-call and the cognitive load of one more store.",
            "current-stack-difficulty": "Write throughput tops out at peak.",
            "replacement-commitment": "Yes, the old runner goes within two quarters.",
            "low-risk-start": "Mirror one queue for a month.",
        },
        references=[Reference(name="Dee", said="Solid once tuned.", dislikes="Rebalancing.")],
        review=Review(who=["Ana", "Bo"], disciplines=["SRE", "security"], where="wiki/x"),
        options=[
            Option(name="Current stack", current_stack=True, description="Partition tables."),
            Option(name=f"Tech {n}", pros=["fast"], cons=["new"]),
        ],
        decision="Adopt it for the one workload first." if status == "accepted" else "",
        links=Links(),
        history=[StatusChange(status="draft", date=day)]
        + ([StatusChange(status=status, date=day)] if status != "draft" else []),
    )


_DIGITS = str.maketrans("0123456789", "abcdefghjk")


def generate(folder: Path, count: int, *, full: bool = False) -> None:
    """`count` records; with `full`, every field written out (as versions before the slimmer
    `dump_record` did), so the figures for such older, bigger files can be measured too."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        record = make_record(n)
        text = dump_yaml(record.model_dump(mode="python")) if full else dump_record(record)
        (folder / f"{record.id}.yaml").write_text(text, encoding="utf-8")


Runs = list[tuple[float, float]]


def run_cli(
    args: list[str], runs: int, *, cold: bool, env_extra: dict[str, str] | None = None
) -> Runs:
    """Wall-clock and CPU (user + system, workers included) seconds of each run; `cold` gives
    every run an empty cache dir, so every file is parsed."""
    times = []
    for _ in range(runs):
        env = dict(os.environ, **(env_extra or {}))
        if cold:
            env["WORKBENCH_CACHE_DIR"] = tempfile.mkdtemp(
                prefix="cold-", dir=os.environ.get("WORKBENCH_CACHE_DIR")
            )
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "workbench", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        times.append((wall, cpu))
        if done.returncode not in (0, 1):
            raise SystemExit(f"{args} failed: {done.stderr.decode()}")
    return times


def parse_seconds(texts: list[str], load: Callable[[str], Any], total: int) -> float:
    """Seconds to parse `total` records with `load`, from a sample (best of three passes)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for text in texts:
            load(text)
        best = min(best, time.perf_counter() - start)
    return best / len(texts) * total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--full-records", action="store_true", help="write every field, as older versions did"
    )
    args = parser.parse_args()
    compile_bytecode()
    c_loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    with tempfile.TemporaryDirectory(prefix="wb-bench-") as tmp:
        root = Path(tmp)
        folder = root / "decisions"
        home = root / "home"
        for sub in ("config", "data", "cache"):
            (home / sub).mkdir(parents=True)
            os.environ[f"WORKBENCH_{sub.upper()}_DIR"] = str(home / sub)
        os.environ.pop("WORKBENCH_JOBS", None)
        print(f"generating {args.records} records in {folder} ...", flush=True)
        generate(folder, args.records, full=args.full_records)
        files = sorted(folder.iterdir())
        size = sum(f.stat().st_size for f in files) / len(files)
        sample = files[:: max(1, len(files) // SAMPLE)][:SAMPLE]
        texts = [path.read_text(encoding="utf-8") for path in sample]
        load_before = load_average()
        parse_py = parse_seconds(
            texts, lambda t: yaml.load(t, Loader=yaml.SafeLoader), args.records
        )
        parse_c = parse_seconds(texts, lambda t: yaml.load(t, Loader=c_loader), args.records)
        parse_fast = parse_seconds(texts, yaml_fast.load, args.records)

        d = str(folder)
        commands = {
            "list": ["review", "list", "--format", "json", "--dir", d],
            "validate": ["review", "validate", "--dir", d],
            "export": ["review", "export", "--format", "markdown", "--out", str(root / "md")],
        }
        commands["export"] += ["--dir", d]
        serial = {"WORKBENCH_JOBS": "1"}
        cold = {k: run_cli(cmd, args.runs, cold=True) for k, cmd in commands.items()}
        cold1 = {
            k: run_cli(cmd, args.runs, cold=True, env_extra=serial) for k, cmd in commands.items()
        }
        run_cli(commands["list"], 1, cold=False)  # fills the parse cache
        warm = {k: run_cli(cmd, args.runs, cold=False) for k, cmd in commands.items()}
        load_after = load_average()

        from workbench.io.review.loading import jobs

        labels = {
            "list": "review list --format json",
            "validate": "review validate",
            "export": "review export --format markdown",
        }
        kind = "every field written out" if args.full_records else "as dump_record writes them"
        print(f"\n{args.records} records ({kind}, {size:.0f} bytes each on average)")
        print(
            f"median of {args.runs} whole-process runs (wall clock; cpu: user + system, "
            f"workers included); {os.cpu_count()} cores here"
        )
        print(f"load average (1, 5, 15 min): before {load_before}, after {load_after}")
        print(
            f"parse only, per {args.records} records (sample of {len(sample)}, extrapolated): "
            f"pure-Python SafeLoader {parse_py:.2f} s, {c_loader.__name__} yaml.load "
            f"{parse_c:.2f} s, yaml_fast.load {parse_fast:.2f} s"
        )
        print(
            "baseline: the one-process cold run with pure-Python yaml.SafeLoader instead, "
            f"estimated as measured - yaml_fast parse ({parse_fast:.2f} s) + pure-Python parse "
            f"({parse_py:.2f} s)"
        )

        def row(label: str, runs: Runs, base: float, target: float, judged: bool = True) -> bool:
            walls = [wall for wall, _ in runs]
            median = statistics.median(walls)
            cpu = statistics.median(cpu for _, cpu in runs)
            spread = f"{min(walls):.2f}-{max(walls):.2f}"
            ok = median <= target
            verdict = ("ok" if ok else "OVER TARGET") if judged else "(for comparison)"
            print(
                f"{label:<34}{median:>7.2f}s  {spread:>11}{cpu:>7.2f}s{target:>7.1f}s"
                f"{base:>9.1f}s  {verdict}"
            )
            return ok or not judged

        header = (
            f"{'command':<34}{'median':>8}  {'min-max':>11}{'cpu':>8}{'target':>8}{'baseline':>10}"
        )
        baselines = {
            k: statistics.median(wall for wall, _ in cold1[k]) - parse_fast + parse_py
            for k in commands
        }
        failed = False
        print(f"\nCOLD, {jobs()} parse processes (empty parse cache: every file parsed)")
        print(header)
        for k in commands:
            failed |= not row(labels[k], cold[k], baselines[k], TARGETS[k])
        print("\nCOLD, one process (WORKBENCH_JOBS=1)")
        print(header)
        for k in commands:
            row(labels[k], cold1[k], baselines[k], TARGETS[k], judged=False)
        print("\nWARM (the parse cache holds every record)")
        print(header)
        for k in commands:
            failed |= not row(labels[k], warm[k], baselines[k], TARGETS[k])
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
