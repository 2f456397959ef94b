"""`redraw`: a Static's content shown without a layout only when its size cannot change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from workbench.tui.widgets.redraw import redraw


class OneStatic(App[None]):
    CSS = "Static { width: 20; height: auto; }"

    def compose(self) -> ComposeResult:
        yield Static(Content("short"), id="line")


async def test_a_longer_content_that_wraps_still_grows_the_static() -> None:
    app = OneStatic()
    async with app.run_test(size=(40, 10)) as pilot:
        line = app.query_one("#line", Static)
        await pilot.pause()
        assert line.size.height == 1
        redraw(line, Content("still one line"))
        await pilot.pause()
        assert line.size.height == 1 and str(line.content) == "still one line"
        redraw(line, Content("a much longer line that wraps onto three rows"))
        await pilot.pause()
        assert line.size.height == 3
        redraw(line, Content("one again"))
        await pilot.pause()
        assert line.size.height == 1


async def test_the_same_content_is_not_drawn_again() -> None:
    app = OneStatic()
    async with app.run_test(size=(40, 10)) as pilot:
        line = app.query_one("#line", Static)
        await pilot.pause()
        shown = line.content
        redraw(line, Content("short"))
        assert line.content is shown  # nothing replaced
        redraw(line, Content("short", spans=[]).stylize("bold"))
        assert line.content is not shown  # same text, another style: drawn
