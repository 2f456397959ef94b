"""Input in a real terminal that Textual's parser alone would choke on (issue 16, item 2).

A bracketed paste whose end never comes (its end marker lost, or split from its escape by more
than the escape delay, which the parser then reads as an escape key and text) leaves the parser
reading everything after it as pasted text: no key does anything any more, ctrl+q included,
while the app is otherwise well. The driver ends such a paste once the input has been quiet
for a moment.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.tui.tmux_helpers import needs_tmux, sandbox_env, terminal
from workbench.tui.terminal import PASTE_QUIET

pytestmark = needs_tmux

HELP_MARK = "F1 or ?"


def test_a_paste_that_never_ends_does_not_freeze_the_keys(tmp_path: Path) -> None:
    env, cwd = sandbox_env(tmp_path)
    with terminal(tmp_path) as term:
        term.start([], env, (100, 30), cwd=cwd)
        term.wait_for("Translation comparison")
        start = ["1b", "5b", "32", "30", "30", "7e"]  # ESC [200~
        term.tmux("send-keys", "-t", term.session, "-H", *start)
        term.keys("abc", literal=True)
        time.sleep(PASTE_QUIET + 0.5)  # the paste is ended once the input is quiet
        term.keys("F1")
        term.wait_for(HELP_MARK, timeout=10)
        term.keys("Escape")
        term.keys("C-q")
        assert term.exit_code() == 0
