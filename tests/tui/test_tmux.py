"""A real terminal: tmux runs `workbench compare FILE`, we read the screen and quit with ctrl+q.

Skipped unless tmux is on PATH; CI sets WORKBENCH_TEST_TMUX=1 to make its absence a failure.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder

TMUX = shutil.which("tmux")
if TMUX is None and os.environ.get("WORKBENCH_TEST_TMUX") == "1":
    raise RuntimeError("WORKBENCH_TEST_TMUX=1 but tmux is not on PATH")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


def tmux(*args: str) -> subprocess.CompletedProcess[str]:
    assert TMUX is not None
    return subprocess.run([TMUX, *args], capture_output=True, text=True, timeout=10)


def wait_for_screen(session: str, needle: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session).stdout
        if needle in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never appeared; the screen was:\n{screen}")


def test_compare_in_a_real_terminal(isolated_dirs: Path, tmp_path: Path) -> None:
    passage = tmp_path / "passage.txt"
    passage.write_text("Ich kann denken. Ich kann warten.", encoding="utf-8")
    session = f"wbtest-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-code"
    with FakeOpenAIServer(style_responder) as server:
        env = {
            "OPENAI_BASE_URL": server.base_url,
            "WORKBENCH_CONFIG_DIR": str(isolated_dirs / "config"),
            "WORKBENCH_DATA_DIR": str(isolated_dirs / "data"),
            "WORKBENCH_CACHE_DIR": str(isolated_dirs / "cache"),
            "TERM": "xterm-256color",
        }
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = (
            f"cd {shlex.quote(str(Path.cwd()))} && env {exports} {shlex.quote(sys.executable)} "
            f"-m workbench compare {shlex.quote(str(passage))} --from de --to en "
            f"--style rosner --style literal; echo $? > {shlex.quote(str(done))}"
        )
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
        try:
            screen = wait_for_screen(session, "[Literal gloss] Ich kann denken")
            assert "Hilda Rosner" in screen
            wait_for_screen(session, "done")
            tmux("send-keys", "-t", session, "C-q")
            deadline = time.monotonic() + 10
            while not done.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert done.exists(), "the app did not quit on ctrl+q"
            assert done.read_text().strip() == "0"
        finally:
            tmux("kill-session", "-t", session)
