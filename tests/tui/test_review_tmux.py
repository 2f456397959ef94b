"""A real terminal: tmux runs `workbench review new`, we read the first question, answer it and
quit on ctrl+q; the record holds the answer and the options given on the command line."""

from __future__ import annotations

import time
from pathlib import Path

from tests.tui.tmux_helpers import isolated_env, needs_tmux, terminal

pytestmark = needs_tmux


def test_review_new_in_a_real_terminal(isolated_dirs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    with terminal(tmp_path) as term:
        args = [
            "review",
            "new",
            "--checklist",
            "new-technology",
            "--title",
            "Adopt Kafka",
            "--tag",
            "streaming",
            "--ring",
            "trial",
            "--decision-maker",
            "Ana",
            "--dir",
            str(folder),
        ]
        term.start(args, isolated_env(isolated_dirs), (110, 32))
        screen = term.wait_for("1. What problem are we trying to solve?")
        assert "Tech should never be introduced" in screen  # its guidance, beside it
        term.keys("Orders pile up", literal=True)
        term.wait_for("Orders pile up")
        term.keys("C-q")
        assert term.exit_code() == 0
    (record,) = folder.glob("*.yaml")
    text = record.read_text(encoding="utf-8")
    assert "Orders pile up" in text
    # the options given on the command line are in the record the screen wrote
    assert "tags:\n- streaming" in text and "ring: trial" in text and "- Ana" in text


def test_closing_the_terminal_mid_answer_loses_nothing(isolated_dirs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    with terminal(tmp_path) as term:
        args = ["review", "new", "--title", "Adopt Kafka", "--dir", str(folder)]
        term.start(args, isolated_env(isolated_dirs), (160, 40))
        term.wait_for("1. What problem are we trying to solve?")
        term.keys("Orders pile up", literal=True)
        term.wait_for("Orders pile up")
        term.keys(" at peak", literal=True)
        term.wait_for("Orders pile up at peak")
        term.tmux("kill-server")  # at once: the terminal goes away and the app gets SIGHUP
    deadline = time.monotonic() + 10
    text = ""
    while time.monotonic() < deadline and "at peak" not in text:
        time.sleep(0.1)
        text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.yaml"))
    assert "problem: Orders pile up at peak" in text
