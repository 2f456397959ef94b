"""Drive the real `workbench` command in a real terminal: tmux on a private server (so other
sessions' window sizes never leak in), capture-pane to read, send-keys to type.

Tests using it are skipped unless tmux is on PATH; CI sets WORKBENCH_TEST_TMUX=1 to make its
absence a failure.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
if TMUX is None and os.environ.get("WORKBENCH_TEST_TMUX") == "1":
    raise RuntimeError("WORKBENCH_TEST_TMUX=1 but tmux is not on PATH")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


class Terminal:
    """One tmux session running `python -m workbench ARGS`, with the exit code kept."""

    def __init__(self, tmp_path: Path) -> None:
        self.socket = f"wbtest-{uuid.uuid4().hex[:8]}"
        self.session = "main"
        self.exit_file = tmp_path / "exit-code"

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )

    def start(
        self,
        args: list[str],
        env: dict[str, str],
        size: tuple[int, int],
        *,
        cwd: Path | None = None,
        exec_app: bool = False,
        keep: bool = False,
    ) -> None:
        """Run the app in the session. `exec_app`: the app replaces the shell, so the pane's
        pid is the app's (no exit code is kept then). `keep`: the pane stays when it ends."""
        exports = " ".join(
            f"{k}={shlex.quote(v)}" for k, v in {**env, "TERM": "xterm-256color"}.items()
        )
        app = (
            f"env {exports} {shlex.quote(sys.executable)} "
            f"-m workbench {' '.join(shlex.quote(a) for a in args)}"
        )
        folder = shlex.quote(str(cwd or Path.cwd()))
        if exec_app:
            command = f"cd {folder} && exec {app}"
        else:
            # written whole, then renamed: the test never reads a file the shell has made but
            # not yet filled (that race failed a CI run: int(''))
            done, part = shlex.quote(str(self.exit_file)), shlex.quote(f"{self.exit_file}.part")
            command = f"cd {folder} && {app}; echo $? > {part} && mv {part} {done}"
        width, height = size
        self.tmux(
            "new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), command
        )
        if keep:  # the pane stays after the app ends, with what it printed last
            self.tmux("set-option", "-t", self.session, "remain-on-exit", "on")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session).stdout

    def wait_for(self, needle: str, timeout: float = 20, interval: float = 0.1) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if needle in screen:
                return screen
            time.sleep(interval)
        raise AssertionError(f"{needle!r} never appeared; the screen was:\n{screen}")

    def capture(self, *, escapes: bool = False) -> str:
        """The screen as text; with `escapes`, with its SGR attributes and colours."""
        return self.tmux(
            "capture-pane", "-p", *(["-e"] if escapes else []), "-t", self.session
        ).stdout

    def pane_pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").stdout)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def exit_code(self, timeout: float = 10) -> int:
        deadline = time.monotonic() + timeout
        while not self.exit_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert self.exit_file.exists(), "the app did not quit"
        return int(self.exit_file.read_text().strip())


@contextmanager
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path)
    try:
        yield term
    finally:
        term.tmux("kill-server")


def process_alive(pid: int) -> bool:
    """Whether `pid` is running (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def sandbox_env(root: Path) -> tuple[dict[str, str], Path]:
    """HOME, the XDG folders, the workbench folders and a working folder, all under `root`
    (random keys may reach an export dialog: whatever it writes stays there); no first-run
    tour. Returns the environment and the working folder."""
    home = root / "home"
    cwd = root / "cwd"
    for folder in (home, cwd):
        folder.mkdir(parents=True, exist_ok=True)
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        **isolated_env(home),
    }
    return env, cwd


def isolated_env(home: Path) -> dict[str, str]:
    return {
        "WORKBENCH_CONFIG_DIR": str(home / "config"),
        "WORKBENCH_DATA_DIR": str(home / "data"),
        "WORKBENCH_CACHE_DIR": str(home / "cache"),
        "WORKBENCH_NO_TOUR": "1",
    }
