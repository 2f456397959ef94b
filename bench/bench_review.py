"""Benchmarks for decision records: whole-process CLI times over 10,000 records.

Run: python bench/bench_review.py [--records N] [--runs K]

Each figure is the median wall-clock time of K runs of `python -m workbench ...` in a fresh
process, printed beside its baseline measured in the same run: the same work with PyPI's
pure-Python `yaml.SafeLoader`, which is what a loader without libyaml costs. That baseline is
measured on a sample of records and extrapolated (loading 10,000 records that way takes half
a minute), and says so in the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from workbench.review.record import (
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
from workbench.review.store import dump_record

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
        checklist={"id": "new-technology", "version": 1},  # type: ignore[arg-type]
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


def generate(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        record = make_record(n)
        (folder / f"{record.id}.yaml").write_text(dump_record(record), encoding="utf-8")


def run_cli(args: list[str], runs: int, *, cold: bool) -> float:
    """Median seconds; `cold` gives every run an empty cache dir (so every record is parsed)."""
    times = []
    for _ in range(runs):
        env = dict(os.environ)
        if cold:
            env["WORKBENCH_CACHE_DIR"] = tempfile.mkdtemp(prefix="wb-bench-cold-")
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "workbench", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{args} failed: {done.stderr.decode()}")
    return statistics.median(times)


def parse_seconds(files: list[Path], loader: type[yaml.SafeLoader], total: int) -> float:
    """Seconds to read and parse `total` records with `loader`, from a sample of `files`."""
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader
    return (time.perf_counter() - start) / len(files) * total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    c_loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    with tempfile.TemporaryDirectory(prefix="wb-bench-") as tmp:
        root = Path(tmp)
        folder = root / "decisions"
        home = root / "home"
        for sub in ("config", "data", "cache"):
            (home / sub).mkdir(parents=True)
            os.environ[f"WORKBENCH_{sub.upper()}_DIR"] = str(home / sub)
        print(f"generating {args.records} records in {folder} ...", flush=True)
        generate(folder, args.records)
        files = sorted(folder.iterdir())
        sample = files[:: max(1, len(files) // SAMPLE)][:SAMPLE]
        parse_c = parse_seconds(sample, c_loader, args.records)
        parse_py = parse_seconds(sample, yaml.SafeLoader, args.records)

        d = str(folder)
        commands = {
            "list": ["review", "list", "--format", "json", "--dir", d],
            "validate": ["review", "validate", "--dir", d],
            "export": ["review", "export", "--format", "markdown", "--out", str(root / "md")],
        }
        commands["export"] += ["--dir", d]
        cold = {key: run_cli(cmd, args.runs, cold=True) for key, cmd in commands.items()}
        run_cli(commands["list"], 1, cold=False)  # fills the parse cache
        warm = {key: run_cli(cmd, args.runs, cold=False) for key, cmd in commands.items()}
        labels = {
            "list": "review list --format json",
            "validate": "review validate",
            "export": "review export --format markdown",
        }
        print(f"\n{args.records} records, median of {args.runs} whole-process runs")
        print(f"loader in use: {c_loader.__name__}")
        print(
            f"baseline: the same run with pure-Python yaml.SafeLoader, estimated as the measured "
            f"time - C parse ({parse_c:.2f} s) + pure-Python parse ({parse_py:.2f} s), both "
            f"measured on a sample of {len(sample)} records and extrapolated"
        )
        print(
            "warm: the parse cache (keyed by each file's bytes) holds the records; "
            "cold: an empty cache dir, so every file is parsed"
        )
        header = f"{'command':<34}{'warm':>8}{'cold':>8}{'target':>8}{'baseline':>10}"
        print(f"\n{header}  (warm vs target)")
        failed = False
        for key in commands:
            baseline = cold[key] - parse_c + parse_py
            ok = warm[key] <= TARGETS[key]
            failed |= not ok
            print(
                f"{labels[key]:<34}{warm[key]:>7.2f}s{cold[key]:>7.2f}s{TARGETS[key]:>7.1f}s"
                f"{baseline:>9.1f}s  {'ok' if ok else 'OVER TARGET'}"
            )
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
