"""Small helpers shared by the benchmarks: timing whole processes and printing figures."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_bytecode() -> None:
    """Write workbench's .pyc files, as Python does on a package's first run (and pip on a
    non-editable install), so start-up figures are what a user sees from the second run on.
    Where PYTHONDONTWRITEBYTECODE is set (it is on this project's machines), every run would
    otherwise compile every module from source again."""
    import compileall

    compileall.compile_dir(ROOT / "workbench", quiet=1)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("bytecode: workbench/ compiled once (PYTHONDONTWRITEBYTECODE is set here)")


def time_process(argv: Sequence[str], runs: int = 7, env: dict[str, str] | None = None) -> float:
    """Median wall time in seconds of running argv to completion (output discarded)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=full_env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def figure(name: str, value: float, unit: str, goal: str, baseline: str) -> None:
    print(f"{name:<44} {value:>9.3f} {unit:<3} goal {goal:<10} | baseline: {baseline}")


@contextlib.contextmanager
def base_worktree(commit: str, parent: Path) -> Iterator[Path]:
    """`commit` checked out (detached) in a temporary git worktree under `parent`, its
    workbench/ compiled; removed afterwards."""
    import compileall

    where = parent / f"base-{commit}"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), commit],
        check=True,
        capture_output=True,
    )
    try:
        compileall.compile_dir(where / "workbench", quiet=1)
        yield where
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where)],
            check=False,
            capture_output=True,
        )


def only_workbench_from(code: Path, parent: Path) -> str:
    """A PYTHONPATH that imports `workbench` from `code` and everything else (bench, tests)
    from this checkout: a folder holding only a link to code/workbench, then ROOT. Run the
    child with `python -P` so that its working folder does not come first."""
    shim = parent / f"shim-{code.name}"
    if not shim.exists():
        shim.mkdir()
        (shim / "workbench").symlink_to(code / "workbench", target_is_directory=True)
    return f"{shim}{os.pathsep}{ROOT}"


def load_average() -> str:
    """The machine's load average (1, 5, 15 minutes), printed beside figures it may skew."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"
