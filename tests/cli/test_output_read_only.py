"""`-o` onto a file the user may not write (read-only, `chmod 444`): a shell's `> PATH` says
"Permission denied" and leaves the file; so does the workbench, with one line and exit 2. The
atomic replacement (a temp file renamed over it) needs only the folder to be writable, so it
used to replace the protected file. Root may write any file, as in a shell.

Run as a real process. As root (a container), the process drops to an unprivileged user once its
modules are loaded (the interpreter may live where that user cannot read)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

NOBODY = 65534

SCRIPT = textwrap.dedent(
    """
    import os, sys
    from workbench.cli import main

    def run(args):
        try:
            main(args)
        except SystemExit as exc:
            return exc.code
        return 0

    source, target, warm, out = sys.argv[1:5]
    common = ["align", source, target, "--from", "de", "--to", "en", "-o"]
    assert run(common + [warm]) == 0  # every module the command needs, loaded
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    sys.exit(run(common + [out]))
    """
).replace("NOBODY", str(NOBODY))


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder the unprivileged user can reach (pytest's own is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="wb-read-only-"))
    try:
        yield _fill(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _fill(folder: Path) -> Path:
    (folder / "de.txt").write_text("Der Hund bellt.\n", encoding="utf-8")
    (folder / "en.txt").write_text("The dog barks.\n", encoding="utf-8")
    if os.geteuid() == 0:
        for path in [folder, *folder.iterdir()]:
            os.chown(path, NOBODY, NOBODY)
    folder.chmod(0o777)
    return folder


def run_as_user(
    folder: Path, out: Path, config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The script as the unprivileged user; its config folder (where `align` looks for a
    glossary) one it can read unless `config` says otherwise."""
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DEBUG"}
    env["WORKBENCH_CONFIG_DIR"] = str(config or folder / "config")
    args = [folder / "de.txt", folder / "en.txt", folder / "warm.txt", out]
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=60,
    )


def test_o_onto_a_read_only_file_is_refused_like_a_shell(folder: Path) -> None:
    kept = folder / "kept.txt"
    kept.write_text("precious\n", encoding="utf-8")
    if os.geteuid() == 0:
        os.chown(kept, NOBODY, NOBODY)
    kept.chmod(0o444)
    result = run_as_user(folder, kept)
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("workbench: error: "), result.stderr
    assert "kept.txt" in lines[0] and "ermission denied" in lines[0]
    assert kept.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in folder.iterdir()) == ["de.txt", "en.txt", "kept.txt", "warm.txt"]


def test_o_onto_a_writable_file_of_ones_own_is_still_replaced(folder: Path) -> None:
    mine = folder / "mine.txt"
    mine.write_text("old\n", encoding="utf-8")
    if os.geteuid() == 0:
        os.chown(mine, NOBODY, NOBODY)
    mine.chmod(0o640)
    result = run_as_user(folder, mine)
    assert result.returncode == 0, result.stderr
    assert "Der Hund bellt." in mine.read_text(encoding="utf-8")
    assert mine.stat().st_mode & 0o777 == 0o640


def test_a_config_folder_the_user_cannot_read_is_one_line(folder: Path) -> None:
    """`align` looks for the config folder's glossary: a folder it may not look into is one
    line naming it, exit 2 (it was an internal error, a PermissionError)."""
    config = folder / "locked"
    config.mkdir(mode=0o000)
    try:
        result = run_as_user(folder, folder / "out.txt", config=config)
    finally:
        config.chmod(0o700)
    assert result.returncode == 2, (result.returncode, result.stderr)
    [line] = result.stderr.splitlines()
    assert line.startswith("workbench: error: ") and str(config) in line, line
    assert "ermission denied" in line, line
