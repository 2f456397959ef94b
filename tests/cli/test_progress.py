from __future__ import annotations

import io
import json
import re
from pathlib import Path

from tests.cli.helpers import on_a_terminal
from tests.fake_openai_server import FakeOpenAIServer
from workbench.cli.progress import ProgressBoard
from workbench.core.translate.events import RenditionFinished, RenditionStarted, TextDelta
from workbench.core.translate.models import Partial, Rendition, RenditionError


def test_board_shows_each_state_in_place() -> None:
    out = io.StringIO()
    board = ProgressBoard(out, {"a": "Alpha", "b": "Beta"}, min_interval=0)
    board.draw(force=True)
    board.update(RenditionStarted("a", "a", "Alpha"))
    board.update(TextDelta("a", "hello"))
    board.update(
        RenditionFinished(
            "a", Rendition(style="a", style_name="Alpha", text="hello", latency_ms=1500)
        )
    )
    board.update(
        RenditionFinished(
            "b",
            Rendition(
                style="b", style_name="Beta", error=RenditionError(type="timeout", message="slow")
            ),
        )
    )
    text = out.getvalue()
    assert "· Alpha" in text and "streaming  5 chars" in text
    assert "✓ Alpha" in text and "1.5 s" in text
    assert "✗ Beta" in text and "timeout" in text
    assert "\x1b[F\x1b[F" in text, "redrawn in place, two lines up"


def test_a_name_with_a_line_break_or_an_escape_stays_on_its_row() -> None:
    """The board goes back up one line per row to redraw itself: a style's name (a user's
    YAML) holding a line break would push it out of place, an escape would act."""
    out = io.StringIO()
    board = ProgressBoard(out, {"a": "Two\nlines\x1b[2J", "b": "Beta"}, min_interval=0)
    board.draw(force=True)
    board.update(RenditionStarted("a", "a", "Two\nlines\x1b[2J"))
    drawn = out.getvalue()
    assert "\x1b[2J" not in drawn
    frames = [frame for frame in drawn.split("\x1b[F\x1b[F") if frame]
    assert all(frame.count("\n") == 2 for frame in frames), frames


def test_board_marks_a_partial_rendition() -> None:
    out = io.StringIO()
    board = ProgressBoard(out, {"a": "Alpha"}, min_interval=0)
    error = RenditionError(type="stream_interrupted", message="cut")
    board.update(
        RenditionFinished(
            "a",
            Rendition(
                style="a",
                style_name="Alpha",
                text="hel",
                error=error,
                partial=Partial.of(error, "hel"),
            ),
        )
    )
    assert "◐ Alpha  partial  3 chars  stream_interrupted" in out.getvalue()


def test_process_a_blind_run_counts_a_partial_rendition_as_finished(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    """On a terminal, `translate --blind` ends its progress line with every rendition counted:
    one that ended partial (here at the token limit) is finished too, not left uncounted
    ("1 of 2 renditions done" after the run had ended)."""
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken. Ich kann warten.\n", encoding="utf-8")
    fake_openai.add_fault("length", match=lambda body: "Rosner" in json.dumps(body))
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--blind"]
    args += ["--style", "rosner", "--style", "literal", "--no-history"]
    env = {"OPENAI_BASE_URL": fake_openai.base_url, "OPENAI_API_KEY": "x"}
    done, err = on_a_terminal(*args, env=env, stream="stderr")
    assert done.returncode == 1, "a partial rendition counts as failed"
    counts = re.findall(r"blind run: [^\r\n]*", err)
    assert counts, err
    assert counts[-1].startswith("blind run: 2 of 2 renditions done"), counts
    assert "1 partial" in counts[-1], counts
