"""Real tools the review tests install from the registries (npm, PyPI), installed once per
machine rather than once per checkout.

Each install lives in a folder of its own under WORKBENCH_TEST_INSTALL_DIR, by default
`$XDG_CACHE_HOME/workbench-tests` (`~/.cache/workbench-tests`): outside the checkout, so that
CI, which runs in a fresh clone each time, finds what an earlier run on the same machine
installed (as pip finds its wheel cache), instead of installing again (about 40 s on a quiet
machine, two minutes on a busy one). A stamp file says what was installed, with which
interpreter or node: anything else is installed again, and a partial install (no stamp) too.
A lock file keeps two test runs on the machine (several worktrees) from installing into one
folder at once. Delete the folder to force a fresh install. When an install cannot be made,
the test is skipped with the reason, as before."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(
    os.environ.get("WORKBENCH_TEST_INSTALL_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "workbench-tests"
)
"""Read when the tests are collected, before any test changes the environment."""


@contextmanager
def _installing(name: str, wanted: object) -> Iterator[tuple[Path, bool]]:
    """The folder for `name`, locked against other test runs, and whether it already holds
    `wanted`; when not, the caller installs and `_stamp`s it before leaving the block."""
    try:
        ROOT.mkdir(parents=True, exist_ok=True)
        lock = open(ROOT / f"{name}.lock", "w")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        pytest.skip(
            f"cannot use the install folder {ROOT} ({exc.strerror or exc}); "
            "point WORKBENCH_TEST_INSTALL_DIR at a writable folder"
        )
    folder = ROOT / name
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        stamp = folder / "installed.json"
        try:
            ready = json.loads(stamp.read_text()) == wanted
        except (OSError, ValueError):
            ready = False
        yield folder, ready


def _stamp(folder: Path, wanted: object) -> None:
    (folder / "installed.json").write_text(json.dumps(wanted))


def npm_modules(name: str, packages: list[str]) -> Path:
    """`packages` installed from npm into the folder `name`: its node_modules."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are not installed")
    try:
        node = subprocess.run(
            ["node", "--version"], capture_output=True, text=True, timeout=60, check=True
        ).stdout.strip()
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"node does not run: {exc}")
    wanted = {"packages": packages, "node": node}
    with _installing(name, wanted) as (folder, ready):
        if not ready:
            folder.mkdir(exist_ok=True)
            try:
                done = subprocess.run(
                    ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                     "--prefix", str(folder), *packages],
                    capture_output=True, text=True, timeout=300, check=False,
                )  # fmt: skip
            except subprocess.TimeoutExpired:
                pytest.skip("npm install took over 5 minutes (registry unreachable?)")
            except OSError as exc:
                pytest.skip(f"cannot run npm: {exc}")
            if done.returncode != 0:
                pytest.skip(f"npm install failed: {done.stderr.strip()[-300:]}")
            _stamp(folder, wanted)
    return folder / "node_modules"


def pip_venv(name: str, packages: list[str]) -> Path:
    """A venv of its own, the folder `name`, with `packages` installed from PyPI."""
    base = getattr(sys, "_base_executable", sys.executable)
    wanted = {"packages": packages, "python": [os.path.realpath(base), sys.version]}
    with _installing(name, wanted) as (folder, ready):
        if not ready:
            try:
                subprocess.run(
                    [sys.executable, "-m", "venv", "--clear", str(folder)],
                    capture_output=True, timeout=120, check=True,
                )  # fmt: skip
                done = subprocess.run(
                    [str(folder / "bin" / "python"), "-m", "pip", "install", "-q", *packages],
                    capture_output=True, text=True, timeout=300, check=False,
                )  # fmt: skip
            except (subprocess.SubprocessError, OSError) as exc:
                pytest.skip(f"cannot make a venv for {' '.join(packages)}: {exc}")
            if done.returncode != 0:
                pytest.skip(
                    f"pip install {' '.join(packages)} failed: {done.stderr.strip()[-300:]}"
                )
            _stamp(folder, wanted)
    return folder
