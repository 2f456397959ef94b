"""The test suite's wall time (issue 13: "the tests of the starting commit (pinned by that
commit) run at least 30% faster, wall time").

Run from the repository root:
    python -m bench.bench_tests [--base COMMIT] [--runs N] [--whole] [--serial]

What is compared. "The tests of the starting commit" are the tests that commit has: its node
ids, pinned by it, not whatever this checkout's suite has grown to. So the base commit (default
BASE) is checked out in a temporary git worktree and its whole suite runs there, on its code;
then the same tests run here, in this checkout's version of each, on this code: the base's node
ids collected in both trees, those that still exist selected here, and those renamed since
followed through RENAMED. A base test with no counterpart here is listed (and the figure says
how many): it is not silently dropped. Tests added since the base are not in the figure; with
--whole, this checkout's whole suite is timed as well, as a second line (not the goal's figure).

How each runs: as that commit's own configuration says (`python -m pytest -q -p no:randomly
--durations=N`, with the commit's pyproject addopts: here `-n auto --dist loadgroup`, pytest-
xdist's workers; the base has none; --serial runs this side with `-n 0`, one process, to
show what the tests' own changes give without xdist). The environment is passed through unchanged
(WORKBENCH_TEST_TMUX, say, decides for both whether the tmux tests run).

Noise: a whole suite takes minutes on two shared cores, so by default each side runs once and
the ratio carries whatever else the machine did meanwhile: the load average before and after
each run is printed beside it. With --runs N the sides alternate (base, this, base, this ...)
and the medians are compared, with each side's spread. The slowest tests of each side's last
run are printed after the figures: that is where the remaining time goes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, base_worktree, compile_bytecode, load_average

BASE = "2921bb2"
"""The last commit before the work on issues 11 to 18 began: issue 13's "starting commit" (its
tests are "the tests of the starting commit"; 405 of them)."""

RENAMED = {
    # the process contract kept as named subprocess tests (046d7cd)
    "tests/cli/test_output_targets.py::test_o_onto_proc_self_fd_1_writes_into_the_pipe": [
        "tests/cli/test_output_targets.py::test_process_o_onto_proc_self_fd_1_writes_into_the_pipe"
    ],
    "tests/cli/test_translate_cli.py::test_stdin_and_exit_code_1_when_a_style_fails": [
        "tests/cli/test_translate_cli.py::test_process_stdin_and_exit_code_1_when_a_style_fails"
    ],
    "tests/local/test_local_model.py::test_cli_picks_local_with_no_openai_variables": [
        "tests/local/test_local_model.py::test_process_cli_picks_local_with_no_openai_variables"
    ],
    # the embedded model's exemplars chosen per sentence, never from another source language
    # (issue 14): the tests of choosing exemplars and of cutting a passage, in their new form
    "tests/local/test_fewshot.py::test_exact_pair_first_else_into_target_else_reversed": [
        "tests/local/test_fewshot.py::test_the_pair_then_the_pair_reversed_and_never_another_source_language"
    ],
    "tests/local/test_fewshot.py::test_passage_units_keep_paragraphs_and_split_long_ones_"
    "at_sentences": ["tests/local/test_fewshot.py::test_passage_units_are_sentences_in_paragraphs"],
    # translate/partial.py's scanner became llm/structured.py's (9b4cebc): its tests, whole
    "tests/translate/test_partial.py::test_text_field_grows_as_json_arrives": [
        "tests/llm/test_structured_scanner.py"
    ],
    "tests/translate/test_partial.py::test_rewritten_field_resets": [
        "tests/llm/test_structured_scanner.py"
    ],
    "tests/translate/test_partial.py::test_non_json_is_ignored": [
        "tests/llm/test_structured_scanner.py"
    ],
}
"""Base test -> the test(s) here that carry it on, where the name or the file changed."""


def _env(code: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(code))
    env.pop("PYTEST_ADDOPTS", None)
    return env


def collect(code: Path) -> list[str]:
    """The node ids of `code`'s suite (collected in one process: `-n 0` where xdist is on)."""
    argv = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly"]
    if "-n " in (code / "pyproject.toml").read_text(encoding="utf-8"):
        argv += ["-n", "0"]
    done = subprocess.run(argv, cwd=code, env=_env(code), capture_output=True, text=True)
    ids = [line for line in done.stdout.splitlines() if line.startswith("tests/") and "::" in line]
    if not ids:
        raise SystemExit(f"collecting {code}'s tests failed:\n{done.stdout[-2000:]}{done.stderr}")
    return ids


def pin(base_ids: list[str], ours: list[str]) -> tuple[list[str], list[str]]:
    """This checkout's counterparts of `base_ids` (in order, each once) and the base ids that
    have none. A base id is found as is, through RENAMED, or (a parametrised test whose ids
    changed) as its function, all of whose cases then run."""
    here = set(ours)
    functions = {node.split("[")[0] for node in ours}
    files = {node.split("::")[0] for node in ours}
    selected: dict[str, None] = {}
    missing: list[str] = []
    for node in base_ids:
        function = node.split("[")[0]
        found = RENAMED.get(function) or RENAMED.get(node) or [node]
        found = [
            f for f in found if f in here or f in functions or ("::" not in f and f in files)
        ] or ([function] if function in functions else [])
        if not found:
            missing.append(node)
        selected.update(dict.fromkeys(found))
    return list(selected), missing


def run_suite(
    code: Path, durations: int, nodes: list[str] | None = None, extra: list[str] | None = None
) -> tuple[float, str, str]:
    """Wall time, the summary line and the slowest-tests section of `code`'s suite (or of
    `nodes` in it)."""
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", f"--durations={durations}"]
    argv += extra or []
    start = time.perf_counter()
    done = subprocess.run(
        [*argv, *(nodes or [])], cwd=code, env=_env(code), capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    lines = done.stdout.splitlines()
    summary = next((line for line in reversed(lines) if " in " in line), "(no summary)")
    failed = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    if failed:  # a figure from a run with failures is named with them
        summary += "; " + "; ".join(failed)
    slow: list[str] = []
    if any("slowest" in line for line in lines):
        first = next(i for i, line in enumerate(lines) if "slowest" in line)
        slow = [line for line in lines[first + 1 :] if line.strip() and "s " in line[:12]]
    return wall, summary.strip("= "), "\n".join(slow[:durations])


def spread(samples: list[float]) -> str:
    if len(samples) == 1:
        return "one run"
    return f"median of {len(samples)}, {min(samples):.0f}-{max(samples):.0f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base", default=BASE, help="the starting commit")
    parser.add_argument("--runs", type=int, default=1, help="runs of each side, alternated")
    parser.add_argument("--whole", action="store_true", help="also time this whole suite")
    parser.add_argument("--serial", action="store_true", help="this side without xdist (-n 0)")
    parser.add_argument("--durations", type=int, default=25, help="slowest tests to list")
    args = parser.parse_args()
    extra = ["-n", "0"] if args.serial else []
    compile_bytecode()  # as base_worktree does for the base's workbench/
    base_walls: list[float] = []
    ours_walls: list[float] = []
    loads: list[str] = []
    with tempfile.TemporaryDirectory(prefix="wb-bench-tests-") as tmp:
        with base_worktree(args.base, Path(tmp)) as base:
            base_ids = collect(base)
            nodes, missing = pin(base_ids, collect(ROOT))
            loads.append(load_average())
            for _ in range(args.runs):
                base_wall, base_summary, base_slow = run_suite(base, args.durations)
                base_walls.append(base_wall)
                loads.append(load_average())
                ours_wall, ours_summary, ours_slow = run_suite(ROOT, args.durations, nodes, extra)
                ours_walls.append(ours_wall)
                loads.append(load_average())
        if args.whole:
            whole_wall, whole_summary, _ = run_suite(ROOT, args.durations, None, extra)
            loads.append(load_average())
    base_median, ours_median = statistics.median(base_walls), statistics.median(ours_walls)
    how = "one process (-n 0)" if args.serial else "as pyproject's addopts say"
    print(f"test suite wall time, {os.cpu_count()} cores; this side {how}")
    print(f"load average (1, 5, 15 min) before and after each run: {' | '.join(loads)}")
    print(f"base {args.base}'s {len(base_ids)} tests, on its code:     {base_median:7.1f} s"
          f"  ({spread(base_walls)}; last: {base_summary})")  # fmt: skip
    print(f"the same tests here ({len(nodes)} selected), this code: {ours_median:7.1f} s"
          f"  ({spread(ours_walls)}; last: {ours_summary})")  # fmt: skip
    if missing:
        print(f"  {len(missing)} base test(s) with no counterpart here: {', '.join(missing)}")
    print(
        f"ratio this/base {ours_median / base_median:.2f}: "
        f"{(1 - ours_median / base_median) * 100:.0f}% less wall time (the goal: at least 30%)"
    )
    if args.whole:
        print(f"this checkout's whole suite (not the goal's figure): {whole_wall:7.1f} s"
              f"  ({whole_summary})")  # fmt: skip
    print(f"\nslowest {args.durations}, the base's tests here:\n{ours_slow}")
    print(f"\nslowest {args.durations}, base:\n{base_slow}")


if __name__ == "__main__":
    main()
