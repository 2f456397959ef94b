"""The lazily laid-out text body: wrapping, appending, spans per line."""

from __future__ import annotations

import random

import pytest
from textual.app import App, ComposeResult
from textual.content import Content, Span

from workbench.tui.widgets.text_body import TextBody, wrap_starts


def lines(text: str, width: int) -> list[str]:
    starts = wrap_starts(text, width)
    ends = [*starts[1:], len(text)]
    return [text[a:b].rstrip("\n").rstrip(" ") for a, b in zip(starts, ends, strict=True)]


def test_wrap_breaks_before_words_at_newlines_and_inside_long_words() -> None:
    assert lines("the quick brown fox", 10) == ["the quick", "brown fox"]
    assert lines("one\n\ntwo", 10) == ["one", "", "two"]
    assert lines("abcdefghijkl xy", 5) == ["abcde", "fghij", "kl xy"]
    assert lines("日本語の文章です", 6) == ["日本語", "の文章", "です"]  # wide characters: 2 cells
    assert all(len(line) <= 10 for line in lines("word " * 50, 10))


@pytest.mark.parametrize("seed", range(5))
def test_appending_in_chunks_wraps_like_wrapping_the_whole(seed: int) -> None:
    rng = random.Random(seed)
    words = ["a", "river", "went", "slowly", "\n", "\n\n", "extraordinarily-long-word", "  "]
    text = " ".join(rng.choice(words) for _ in range(300))
    width = rng.randint(5, 40)
    starts = wrap_starts("", width)
    done = 0
    while done < len(text):
        step = rng.randint(1, 12)
        done = min(len(text), done + step)
        starts[len(starts) - 1 :] = wrap_starts(text[:done], width, starts[-1])
    assert starts == wrap_starts(text, width)


class BodyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TextBody()


async def test_body_shows_spans_on_the_lines_they_cover_and_grows_by_appending() -> None:
    text = "keep this and mark that please"
    content = Content(text, [Span(14, 18, "bold"), Span(19, 23, "italic")])
    app = BodyApp()
    async with app.run_test(size=(12, 10)) as pilot:
        body = app.query_one(TextBody)
        body.update(content)
        await pilot.pause()
        assert body.size.height == 3  # "keep this" / "and mark" / "that please"
        assert str(body._line(1, 12)) == "and mark"
        assert [(s.start, s.end, s.style) for s in body._line(1, 12).spans] == [(4, 8, "bold")]
        assert [(s.start, s.end) for s in body._line(2, 12).spans] == [(0, 4)]
        body.append(" and more")
        await pilot.pause()
        assert body.size.height == 4 and body.text == text + " and more"
        assert str(body.content) == text + " and more"
        body.growing = True
        await pilot.pause()
        assert body.size.height == 6  # while streaming, height grows in steps
        body.growing = False
        await pilot.pause()
        assert body.size.height == 4
