"""The aligned view as a new user meets it (an audit in a real terminal, then these tests): the
cursor's row stays in view when the view is rebuilt, the focus goes back to the column it came
from, a failed column says it failed, labels cut to fit stay apart, an added sentence keeps its
mark, and the cursor row shows whether the table has the focus."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Input, Static

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts
from tests.tui.helpers import (
    Serving,
    aligned_view,
    analysed_on_a_column,
    comparing,
    table_lines,
)
from workbench.core.compare.aligned_rows import Piece
from workbench.tui.screens.compare.aligned import cell_content
from workbench.tui.widgets.aligned_table import MARK, AlignedTable

STYLES = ["rosner", "literal", "bernofsky"]
PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten. Das ist alles, was ich kann."
ANSWER = "I can think. I can wait. I can fast. That is all I can do."


def responder(body: dict[str, Any]) -> str | dict[str, Any]:
    _passage, style = request_parts(body)
    if style == "Susan Bernofsky":
        raise RuntimeError("the model is overloaded")
    text = ANSWER if style == "Hilda Rosner" else ANSWER.replace("can", "am able to")
    if body.get("response_format"):
        return {"text": text, "notes": [], "footnotes": []}
    return text


@pytest.fixture
def server(serving: Serving) -> FakeOpenAIServer:
    return serving(responder)


async def test_the_failed_column_is_named_as_failed_not_as_not_aligned(
    server: FakeOpenAIServer,
) -> None:
    async with comparing(PASSAGE, STYLES).run_test(size=(120, 40)) as pilot:
        screen = await analysed_on_a_column(pilot)
        await aligned_view(pilot)
        note = str(screen.query_one("#aligned-note", Static).content)
        assert "failed: Susan Bernofsky" in note
        assert "not aligned" not in note


async def test_a_goes_back_to_the_column_it_came_from(server: FakeOpenAIServer) -> None:
    async with comparing(PASSAGE, STYLES).run_test(size=(160, 40)) as pilot:
        screen = await analysed_on_a_column(pilot)
        screen.columns[1].focus()
        await pilot.pause()
        assert (await aligned_view(pilot)).has_focus
        await pilot.press("a")
        await pilot.pause()
        assert screen.columns[1].has_focus_within


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input()
        yield AlignedTable()


def rows(count: int, lines: int) -> list[list[Content]]:
    word = " ".join(["word"] * (lines * 6))
    return [[Content(f"source {n}"), Content(f"{n}: {word}")] for n in range(count)]


async def test_the_cursor_row_stays_in_view_when_the_rows_are_shown_again() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(AlignedTable)
        table.show([Content("source"), Content("A")], rows(12, 1))
        table.focus()
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor == 11
        table.show([Content("source"), Content("A")], rows(12, 4))  # taller rows (diff marks)
        await pilot.pause()
        assert any(line.startswith(f"{MARK} 12") for line in table_lines(table))


async def test_the_cursor_row_is_dimmer_when_the_table_has_not_the_focus() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(AlignedTable)
        table.show([Content("source"), Content("A")], rows(3, 1))
        table.focus()
        await pilot.pause()

        def cursor_background() -> Any:
            strip = table.render_line(0)
            return next(s.style.bgcolor for s in strip if s.text.strip() and s.style)

        focused = cursor_background()
        app.query_one(Input).focus()
        await pilot.pause()
        assert cursor_background() != focused
        table.focus()
        await pilot.pause()
        assert cursor_background() == focused


async def test_cut_labels_stay_apart_when_stacked() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(AlignedTable)
        labels = ["Susan Bernofsky", "Susan Bernofsky #2", "Hilda Rosner · gpt-4o-mini"]
        labels += ["Hilda Rosner", "Hilda Rosner #2"]
        table.show(
            [Content("source"), *map(Content, labels)],
            [[Content("s"), *(Content(c) for c in "abcde")]],
        )
        await pilot.pause()
        assert table.stacked
        shown = [line[4:19] for line in table_lines(table)[1:6]]
        assert len(set(shown)) == 5, shown
        assert "#2" in shown[1] and "mini" in shown[2] and "#2" in shown[4]


async def test_an_added_sentence_keeps_its_mark_beside_it() -> None:
    """`+ ` never ends a line with its sentence on the next (English or CJK)."""
    for added in (
        "The river laughed at him.",
        "どこで生まれたか全くわかりません、とても長い文です。",
    ):
        cell = (
            Piece("text", ((0, "名前はまだありません。"),), 0),
            Piece("added", ((0, added),), 1),
        )
        app = TableApp()
        async with app.run_test(size=(60, 24)) as pilot:
            table = app.query_one(AlignedTable)
            table.show([Content("source"), Content("A")], [[Content("s"), cell_content(cell)]])
            await pilot.pause()
            lines = [line.rstrip() for line in table_lines(table)]
            assert not any(line.endswith("+") for line in lines), lines
            assert any("+ " + added[:3] in line for line in lines), lines
