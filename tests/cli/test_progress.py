from __future__ import annotations

import io

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
