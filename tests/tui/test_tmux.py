"""A real terminal: tmux runs `workbench compare FILE`, we read the screen and quit with ctrl+q."""

from __future__ import annotations

from pathlib import Path

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder
from tests.tui.tmux_helpers import isolated_env, needs_tmux, terminal

pytestmark = needs_tmux


def test_compare_in_a_real_terminal(isolated_dirs: Path, tmp_path: Path) -> None:
    passage = tmp_path / "passage.txt"
    passage.write_text("Ich kann denken. Ich kann warten.", encoding="utf-8")
    with FakeOpenAIServer(style_responder) as server, terminal(tmp_path) as term:
        env = {**isolated_env(isolated_dirs), "OPENAI_BASE_URL": server.base_url}
        args = [
            "compare",
            str(passage),
            "--from",
            "de",
            "--to",
            "en",
            "--style",
            "rosner",
            "--style",
            "literal",
        ]
        term.start(args, env, (100, 30))
        screen = term.wait_for("[Literal gloss] Ich kann denken")
        assert "Hilda Rosner" in screen
        term.wait_for("done")
        term.keys("C-q")
        assert term.exit_code() == 0
