"""A real terminal: tmux runs `workbench review new`, we read the first question, quit on ctrl+q.

Skipped unless tmux is on PATH; CI sets WORKBENCH_TEST_TMUX=1 to make its absence a failure.
"""

from __future__ import annotations

import shlex
import sys
import time
import uuid
from pathlib import Path

from tests.tui.test_tmux import pytestmark, tmux, wait_for_screen

__all__ = ["pytestmark"]


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
        assert "Tech should never be introduced as an end to itself" in screen
        tmux("send-keys", "-t", session, "-l", "Orders pile up")
        wait_for_screen(session, "Orders pile up")
        tmux("send-keys", "-t", session, "C-q")
        deadline = time.monotonic() + 10
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.exists(), "the app did not quit on ctrl+q"
        assert done.read_text().strip() == "0"
    finally:
        tmux("kill-session", "-t", session)
    (record,) = folder.glob("*.yaml")
    assert "Orders pile up" in record.read_text(encoding="utf-8")
