"""Benchmark: `workbench history list` over a long history.

Run: python -m bench.bench_history [--runs-kept N] [--rounds K]

A history folder of N run files (default 2,000), each a run of 4 styles of a passage of 60
sentences (some 8 KB; a real run keeps its analysis too and is larger, which would only widen
the gap below), listed by the default `history list` (the newest 50), beside the same command
over an empty history folder (the baseline: the process's start-up, which every listing
pays). Also shown: `history list -n N`, every run read, which is what the default cost before
it read only the runs it shows. All are whole processes, measured in turn in the same rounds.
Goal: the default listing of the long history takes <= 1.5x the empty one, so it does not
grow with the history.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import compile_bytecode, load_average, time_process

TARGET_RATIO = 1.5
PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten. " * 20


def keep_runs(folder: Path, count: int) -> None:
    """`count` run files in `folder`, a minute apart, newest last."""
    from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec

    folder.mkdir(parents=True)
    styles = ("rosner", "neugroschel", "bernofsky", "literal")
    renditions = [
        Rendition(style=s, style_name=s.title(), text="I can think. I can wait. I can fast. " * 20)
        for s in styles
    ]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for k in range(count):
        when = start + timedelta(minutes=k)
        run = Comparison(
            id=f"{when:%Y%m%d-%H%M%S}-{k % 65536:04x}",
            created_at=when,
            source=SourceText(text=PASSAGE, language="de"),
            target=TargetSpec(language="en"),
            renditions=renditions,
        )
        (folder / f"{run.id}.json").write_text(run.model_dump_json(indent=2), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs-kept", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="wb-bench-history-") as tmp:
        root = Path(tmp)
        env = {f"WORKBENCH_{sub.upper()}_DIR": str(root / sub) for sub in ("config", "cache")}
        env["WORKBENCH_DATA_DIR"] = str(root / "data")
        empty = {**env, "WORKBENCH_DATA_DIR": str(root / "empty")}
        keep_runs(root / "data" / "history", args.runs_kept)
        (root / "empty" / "history").mkdir(parents=True)
        size = sum(p.stat().st_size for p in (root / "data" / "history").iterdir())
        command = [sys.executable, "-m", "workbench", "history", "list"]
        everything = [*command, "-n", str(args.runs_kept)]
        time_process(command, 1, env)  # warms the file cache for both
        load_before = load_average()
        nothing, shown, whole = [], [], []
        for _ in range(args.rounds):
            nothing.append(time_process(command, 1, empty))
            shown.append(time_process(command, 1, env))
            whole.append(time_process(everything, 1, env))
        base, figure, every = (statistics.median(x) for x in (nothing, shown, whole))
        ratio = figure / base
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(f"\n{args.runs_kept:,} runs kept ({size / 1e6:.0f} MB), medians of {args.rounds}")
        print(f"load average (1, 5, 15 min): before {load_before}, after {load_average()}")
        print(f"{'history list, empty history (the baseline)':<48}{base:>8.2f} s")
        print(f"{'history list, the newest 50 of the long one':<48}{figure:>8.2f} s")
        print(
            f"{'history list -n ' + str(args.runs_kept) + ' (every run read)':<48}{every:>8.2f} s"
        )
        print(f"{'newest 50 / empty':<48}{ratio:>8.2f} x   goal <= {TARGET_RATIO}x, {verdict}")
        sys.exit(0 if ratio <= TARGET_RATIO else 1)


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
