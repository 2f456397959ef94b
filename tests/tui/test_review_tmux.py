"""A real terminal: tmux runs `workbench review new`, we read the first question, quit on ctrl+q.

Skipped unless tmux is on PATH; CI sets WORKBENCH_TEST_TMUX=1 to make its absence a failure.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tests.tui.test_tmux import TMUX, pytestmark

__all__ = ["pytestmark"]
SOCKET = f"wbreview-{uuid.uuid4().hex[:8]}"  # our own tmux server: others' sizes do not leak in


def tmux(*args: str) -> subprocess.CompletedProcess[str]:
    assert TMUX is not None
    return subprocess.run([TMUX, "-L", SOCKET, *args], capture_output=True, text=True, timeout=10)


def wait_for_screen(session: str, needle: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session).stdout
        if needle in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never appeared; the screen was:\n{screen}")


def test_review_new_in_a_real_terminal(isolated_dirs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    session = f"wbreview-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-code"
    env = {
        "WORKBENCH_CONFIG_DIR": str(isolated_dirs / "config"),
        "WORKBENCH_DATA_DIR": str(isolated_dirs / "data"),
        "WORKBENCH_CACHE_DIR": str(isolated_dirs / "cache"),
        "TERM": "xterm-256color",
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = (
        f"cd {shlex.quote(str(Path.cwd()))} && env {exports} {shlex.quote(sys.executable)} "
        f"-m workbench review new --checklist new-technology --title 'Adopt Kafka' "
        f"--dir {shlex.quote(str(folder))}; echo $? > {shlex.quote(str(done))}"
    )
    tmux("new-session", "-d", "-s", session, "-x", "110", "-y", "32", command)
    try:
        screen = wait_for_screen(session, "1. What problem are we trying to solve?")
        assert "Tech should never be introduced" in screen  # its guidance, beside it
        tmux("send-keys", "-t", session, "-l", "Orders pile up")
        wait_for_screen(session, "Orders pile up")
        tmux("send-keys", "-t", session, "C-q")
        deadline = time.monotonic() + 10
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.exists(), "the app did not quit on ctrl+q"
        assert done.read_text().strip() == "0"
    finally:
        tmux("kill-server")
    (record,) = folder.glob("*.yaml")
    assert "Orders pile up" in record.read_text(encoding="utf-8")
