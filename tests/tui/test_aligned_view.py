"""The comparison's aligned view (`a`, issue 15): rows are source sentences, each column's
sentences beside them, the cursor row highlighted across every column, against runs of the
real-HTTP fake OpenAI server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.strip import Strip
from textual.widgets import Static

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts
from tests.tui.helpers import (
    Serving,
    aligned_view,
    analysed_on_a_column,
    compare_screen,
    comparing,
    table_lines,
    wait_for,
)
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.compare.aligned import NOT_ANALYSED
from workbench.tui.text import INSERT_STYLE
from workbench.tui.widgets.aligned_table import MARK, AlignedTable

STYLES = ["rosner", "literal", "bernofsky"]
PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten. Das ist alles, was ich kann."
# each style's answer, none naming its style (so blind mode has only words to go by)
ANSWERS = {
    "Hilda Rosner": "I can think. I can wait. I can fast. That is all I can do.",
    "Literal gloss": "I am able to think. I can wait. I can fast. That is everything, [bold]x[/].",
    "Susan Bernofsky": "I know how to think. I know how to wait. I know how to fast, and "
    "that is all I know.",
}


def responder(body: dict[str, Any]) -> str | dict[str, Any]:
    passage, style = request_parts(body)
    text = ANSWERS[style] if passage.startswith("Ich kann denken") else f"{style}: {passage}"
    if body.get("response_format"):
        return {"text": text, "notes": [], "footnotes": []}
    return text


@pytest.fixture
def server(serving: Serving) -> FakeOpenAIServer:
    return serving(responder, chunk_delay=0.002)


def app_for(passage: str = PASSAGE) -> WorkbenchApp:
    return comparing(passage, STYLES)


def line_text(strip: Strip) -> str:
    return "".join(segment.text for segment in strip)


def row_lines(table: AlignedTable, row: int) -> list[Strip]:
    """The strips of a row as shown (the row must be in view)."""
    first = table._tops[row] - int(table.scroll_offset.y) + table.header_height
    return [table.render_line(first + k) for k in range(table._heights[row])]


def highlighted(table: AlignedTable, strip: Strip) -> bool:
    """The whole line (gutter, every cell, the separators) has one background, not the
    table's own (no diff marks here: they would keep theirs)."""
    plain = table.visual_style.rich_style.bgcolor
    colours = {seg.style.bgcolor for seg in strip if seg.style is not None and seg.text.strip()}
    return len(colours) == 1 and plain not in colours


async def test_the_aligned_view_waits_for_the_analysed_run(isolated_dirs: Path) -> None:
    async with make_app(compare=True, cursor_blink=False).run_test(size=(120, 40)) as pilot:
        screen = compare_screen(pilot)
        # the passage field has the focus (a types an a): the command palette's command
        await pilot.press("ctrl+p")
        await pilot.press(*"aligned view")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.aligned.display
        assert screen.query_one("#columns-scroll").display
        assert [n.message for n in pilot.app._notifications] == [NOT_ANALYSED]


async def test_a_toggles_rows_of_source_sentences_beside_each_column(
    server: FakeOpenAIServer,
) -> None:
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = await analysed_on_a_column(pilot)
        table = await aligned_view(pilot)
        assert screen.aligned.display and not screen.query_one("#columns-scroll").display
        assert table.has_focus and not table.stacked
        assert [label.plain for label in table.labels] == [
            "source",
            "Hilda Rosner",
            "Literal gloss",
            "Susan Bernofsky",
        ]
        assert len(table.rows) == 4
        assert table.row_text(0) == [
            "Ich kann denken.",
            "I can think.",
            "I am able to think.",
            "I know how to think.",
        ]
        # Bernofsky joined the last two sentences: the row above holds them, this one ↑
        assert table.row_text(3)[3] == "↑"
        assert "I know how to fast, and that is all I know." in table.row_text(2)[3]
        # untrusted text is never markup
        assert "[bold]x[/]" in table.row_text(3)[2]
        header = line_text(table.render_line(0))
        assert "Hilda Rosner" in header and "source" in header
        await pilot.press("a")
        await pilot.pause()
        assert not screen.aligned.display and screen.query_one("#columns-scroll").display


async def test_the_cursor_row_is_highlighted_across_every_column_and_moves(
    server: FakeOpenAIServer,
) -> None:
    async with app_for().run_test(size=(160, 40)) as pilot:
        await analysed_on_a_column(pilot)
        table = await aligned_view(pilot)
        assert table.cursor == 0
        assert all(highlighted(table, s) for s in row_lines(table, 0))
        assert line_text(row_lines(table, 0)[0]).startswith(MARK)
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor == 1
        assert all(highlighted(table, s) for s in row_lines(table, 1))
        assert not any(highlighted(table, s) for s in row_lines(table, 0))
        assert line_text(row_lines(table, 1)[0]).startswith(MARK)
        assert MARK not in line_text(row_lines(table, 0)[0])
        # the highlight spans every column: each cell of the row's line is under it
        first = row_lines(table, 1)[0]
        for cell in table.row_text(1):
            assert cell.split()[0] in line_text(first)
        await pilot.press("end")
        assert table.cursor == 3
        await pilot.press("pageup")
        assert table.cursor == 0
        await pilot.press("pagedown")
        assert table.cursor == 3
        await pilot.press("up", "home")
        assert table.cursor == 0


async def test_diff_marks_and_hidden_columns_carry_over(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = await analysed_on_a_column(pilot)
        await pilot.press("b")  # Hilda Rosner the baseline: the others marked against it
        await pilot.pause()
        screen.columns[1].focus()
        await pilot.press("h")  # Literal gloss hidden
        table = await aligned_view(pilot)
        assert [label.plain for label in table.labels] == [
            "source",
            "Hilda Rosner",
            "Susan Bernofsky",
        ]
        bernofsky = table.rows[0][2]
        marked = {
            bernofsky.plain[s.start : s.end] for s in bernofsky.spans if s.style == INSERT_STYLE
        }
        assert "know how to" in "".join(marked)
        assert not table.rows[0][1].spans  # the baseline is not marked
        await pilot.press("u")  # shown again: the view follows
        await pilot.pause()
        assert len(table.labels) == 4


async def test_blind_columns_are_letters_in_the_shuffled_order(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = await analysed_on_a_column(pilot)
        await pilot.press("ctrl+b")
        table = await aligned_view(pilot)
        assert screen.blind
        assert [label.plain for label in table.labels] == [
            "source",
            "Rendition A",
            "Rendition B",
            "Rendition C",
        ]
        order = screen.judgment.blind_order
        first_words = {
            k: ANSWERS[n].split(".")[0] + "." for k, n in zip(STYLES, ANSWERS, strict=True)
        }
        assert table.row_text(0)[1:] == [first_words[k] for k in order]
        assert len(set(table._widths[1:])) == 1  # equal widths: no column stands out
        shown = "\n".join(table_lines(table))
        note = str(screen.query_one("#aligned-note", Static).content)
        for giveaway in (*STYLES, *ANSWERS, "tok", "cached"):
            assert giveaway not in shown and giveaway not in note
        # picking a favourite reveals the names; the view follows
        await pilot.press("a")
        screen.columns[0].focus()
        await pilot.press("f")
        await pilot.press("a")
        await pilot.pause()
        assert [label.plain for label in table.labels][1:] == list(ANSWERS)


async def test_at_80x24_the_columns_stack_and_the_cursor_stays_in_view(
    server: FakeOpenAIServer,
) -> None:
    passage = " ".join([PASSAGE] * 4)  # 16 sentences, more than a screen stacked
    async with app_for(passage=passage).run_test(size=(80, 24)) as pilot:
        await analysed_on_a_column(pilot)
        table = await aligned_view(pilot)
        assert table.stacked and table.header_height == 0
        assert len(table.rows) == 16
        assert table.region.height >= 12  # the table has the room
        for _ in range(15):
            await pilot.press("down")
        await pilot.pause()
        assert table.cursor == 15
        top = table._tops[15] - int(table.scroll_offset.y)
        assert 0 <= top < table.size.height  # scrolled into view
        lines = table_lines(table)
        assert any(line.startswith(f"{MARK} 16 ") for line in lines)
        assert all(len(line.rstrip()) <= table.size.width for line in lines)


async def test_side_by_side_from_a_100_column_terminal(server: FakeOpenAIServer) -> None:
    """As the README and the comparison's columns: side by side from 100 columns wide (the
    table's own width is less, by the scroll bar), stacked below."""
    for width, stacked in ((100, False), (99, True)):
        async with app_for().run_test(size=(width, 30)) as pilot:
            await analysed_on_a_column(pilot)
            assert (await aligned_view(pilot)).stacked is stacked, width


async def test_a_click_moves_the_cursor_and_a_resize_restacks(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(160, 40)) as pilot:
        await analysed_on_a_column(pilot)
        table = await aligned_view(pilot)
        y = table._tops[2] + table.header_height
        await pilot.click(AlignedTable, offset=(10, y))
        assert table.cursor == 2
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert table.stacked and table.cursor == 2
        top = table._tops[2] - int(table.scroll_offset.y)
        assert 0 <= top < table.size.height


def sentences(count: int) -> str:
    return " ".join(f"Das ist Satz {n}." for n in range(1, count + 1))


async def run_again(pilot: Any, screen: Any, rows: int) -> AlignedTable:
    """ctrl+r, then wait for the new run to be analysed and its `rows` rows shown."""
    table = screen.aligned.table
    before = screen.comparison.id
    await pilot.press("ctrl+r")
    await wait_for(
        pilot,
        lambda: (
            screen.comparison is not None
            and screen.comparison.id != before
            and screen.analysed
            and len(table.rows) == rows
        ),
    )
    await pilot.pause()
    return table


@pytest.mark.parametrize("size", [(160, 40), (80, 24)])
async def test_a_new_run_keeps_the_cursor_on_its_source_sentence(
    server: FakeOpenAIServer, size: tuple[int, int]
) -> None:
    """A reader on sentence 37 who runs the comparison again (ctrl+r) stays on sentence 37, its
    highlight across every column; on the last row when the new run has fewer."""
    async with app_for(passage=sentences(40)).run_test(size=size) as pilot:
        screen = await analysed_on_a_column(pilot)
        table = await aligned_view(pilot)
        assert len(table.rows) == 40
        for _ in range(36):
            await pilot.press("down")
        await pilot.pause()
        assert table.cursor == 36
        table = await run_again(pilot, screen, 40)
        assert screen.aligned.display and table.has_focus
        assert table.cursor == 36
        assert all(highlighted(table, s) for s in row_lines(table, 36))
        assert line_text(row_lines(table, 36)[0]).startswith(f"{MARK} 37 ")
        assert not any(MARK in line_text(s) for s in row_lines(table, 35))
        screen.setup_pane.show_passage(sentences(10))
        table.focus()
        table = await run_again(pilot, screen, 10)
        assert table.cursor == 9  # the last row
        assert all(highlighted(table, s) for s in row_lines(table, 9))
        assert line_text(row_lines(table, 9)[0]).startswith(f"{MARK} 10 ")
        await pilot.press("up")
        assert table.cursor == 8
