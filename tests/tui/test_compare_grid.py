"""Many columns on the comparison screen (issue 17, item 3): 6 styles x 3 samples = 18 columns
against the real-HTTP fake OpenAI server. The grid shows as many as fit at a legible width
(2 at 80x24), pages with `[` and `]`, keeps the focused column on screen, lets the user choose
the columns (`v`), and one summary row names what is not shown (blind labels while blind)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import SelectionList, Static

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts
from tests.tui.helpers import Serving, compare_screen, comparing, shown_body, wait_for
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.compare.chooser import ColumnChooser
from workbench.tui.widgets.column import RenditionColumn

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."
EXTRA = {"plain-prose": "Plain Prose", "terse-notes": "Terse Notes"}
STYLES = ["rosner", "neugroschel", "bernofsky", "literal", *EXTRA]
NAMES = ["Hilda Rosner", "Joachim Neugroschel", "Susan Bernofsky", "Literal gloss", *EXTRA.values()]


def write_styles(home: Path) -> None:
    """Two styles of the user's own, in the config dir's styles folder."""
    folder = home / "config" / "styles"
    folder.mkdir(parents=True, exist_ok=True)
    for sid, name in EXTRA.items():
        (folder / f"{sid}.yaml").write_text(
            f"id: {sid}\nname: {name}\nsummary: A test style.\nbrief: Translate plainly.\n",
            encoding="utf-8",
        )


@pytest.fixture
def server(
    serving: Serving, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> FakeOpenAIServer:
    monkeypatch.setenv("WORKBENCH_CONCURRENCY", "18")
    write_styles(isolated_dirs)
    return serving(chunk_delay=0.002)


def app_for(passage: str = PASSAGE, **kw: Any) -> Any:
    return comparing(passage, STYLES, samples=3, **kw)


async def finished(pilot: Any) -> CompareScreen:
    screen = compare_screen(pilot)
    await wait_for(pilot, lambda: len(screen.columns) == 18)
    await wait_for(pilot, lambda: not screen.running and screen.analysed)
    await pilot.pause()
    return screen


def summary(screen: CompareScreen) -> str:
    row = screen.query_one("#grid-summary", Static)
    return str(row.content) if row.display else ""


def shown_keys(screen: CompareScreen) -> list[str]:
    return [c.key for c in screen.grid.shown()]


def focused_column(screen: CompareScreen) -> RenditionColumn | None:
    node = screen.focused
    while node is not None and not isinstance(node, RenditionColumn):
        node = node.parent  # type: ignore[assignment]
    return node


async def test_at_80x24_two_columns_show_and_the_keys_page(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(80, 24)) as pilot:
        screen = await finished(pilot)
        keys = [c.key for c in screen.columns]
        assert keys[:3] == ["rosner", "rosner#2", "rosner#3"]
        assert shown_keys(screen) == keys[:2]
        line = summary(screen)
        assert line.startswith("showing 2 of 18 · page 1/9 · hidden: Hilda Rosner #3, ")
        assert line.endswith("more") and len(line) <= 78
        assert screen.grid.size.width >= 70  # the two share the width: no column stacks
        await pilot.press("right_square_bracket")
        assert shown_keys(screen) == keys[2:4]
        assert "page 2/9" in summary(screen)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert shown_keys(screen) == keys[:2]  # no page before the first: it stays


async def test_the_focused_column_stays_in_view(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(80, 24)) as pilot:
        screen = await finished(pilot)
        keys = [c.key for c in screen.columns]
        screen.grid.shown()[0].focus()
        await pilot.press("tab")
        assert focused_column(screen) is screen.grid.shown()[1]
        await pilot.press("tab")  # past the last column shown: the next page
        assert shown_keys(screen) == keys[2:4]
        assert focused_column(screen) is screen.grid.widget(keys[2])
        await pilot.press("shift+tab")  # and back
        assert shown_keys(screen) == keys[:2]
        assert focused_column(screen) is screen.grid.widget(keys[1])
        for _ in range(5):
            await pilot.press("right")
        assert focused_column(screen) is screen.grid.widget(keys[6])
        assert shown_keys(screen) == keys[6:8]
        await pilot.press("right_square_bracket")  # the focus goes along to the new page
        assert focused_column(screen) is screen.grid.widget(keys[8])
        await pilot.resize_terminal(200, 50)  # six fit: the focused one is still shown
        await pilot.pause()
        assert len(screen.grid.shown()) == 6
        assert screen.grid.widget(keys[8]) in screen.grid.shown()
        assert summary(screen).startswith("showing 6 of 18 · page 2/3")


async def test_wide_shows_six_and_names_the_unticked(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(200, 50)) as pilot:
        screen = await finished(pilot)
        assert len(screen.grid.shown()) == 6
        assert summary(screen).startswith("showing 6 of 18 · page 1/3 · hidden: ")
        screen.grid.hide({c.key for c in screen.columns[6:]})  # as the chooser does
        await pilot.pause()
        assert len(screen.grid.shown()) == 6
        assert summary(screen).startswith("showing 6 of 18 · 12 unticked · hidden: Susan")
        screen.grid.hide(set())  # u: every column again
        await pilot.resize_terminal(240, 50)
        await pilot.pause()
        assert len(screen.grid.shown()) == 7
        screen.grid.hide({c.key for c in screen.columns[7:]})
        await pilot.pause()
        assert summary(screen).startswith("showing 7 of 18 · 11 unticked · hidden: ")
        screen.grid.hide(set())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert len(screen.grid.shown()) == 2


async def test_the_chooser_hides_columns_for_the_session(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(120, 40)) as pilot:
        screen = await finished(pilot)
        await pilot.press("f8")  # F8 wherever the focus is (v types into the passage)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ColumnChooser))
        choice = pilot.app.screen.query_one(SelectionList)
        titles = [str(choice.get_option_at_index(i).prompt) for i in range(choice.option_count)]
        assert titles[:3] == ["Hilda Rosner", "Hilda Rosner #2", "Hilda Rosner #3"]
        assert len(titles) == 18
        await pilot.press("down", "space", "down", "space")  # untick Hilda Rosner #2 and #3
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        assert shown_keys(screen) == ["rosner", "neugroschel", "neugroschel#2"]
        line = summary(screen)
        assert line.startswith("showing 3 of 18 · page 1/6 · 2 unticked · hidden: Hilda Rosner #2")
        run_no = screen.session.run_no
        await pilot.press("ctrl+r")  # a new run: the choice holds
        await wait_for(pilot, lambda: screen.session.run_no > run_no)
        await finished(pilot)
        assert shown_keys(screen) == ["rosner", "neugroschel", "neugroschel#2"]
        screen.grid.shown()[0].focus()
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ColumnChooser))
        await pilot.press("ctrl+a", "ctrl+s")  # every column again
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        assert shown_keys(screen) == ["rosner", "rosner#2", "rosner#3"]


async def test_a_hidden_column_shows_what_streamed_while_it_was_off_screen(
    server: FakeOpenAIServer,
) -> None:
    """Off screen, a column is not drawn as it streams; shown, it has its current text (and a
    failed one its error), then goes on streaming."""
    server.chunk_delay = 0.08
    server.chunk_size = 4

    def failing(body: dict[str, Any]) -> bool:
        return request_parts(body)[1] == "Terse Notes"

    server.add_fault("500", times=3, match=failing)
    async with app_for(" ".join([PASSAGE] * 3)).run_test(size=(200, 50)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: len(screen.columns) == 18)
        late = screen.grid.widget("literal")
        assert late is not None and not late.display
        await wait_for(pilot, lambda: len(late.text) > 8)  # streaming, off screen
        assert shown_body(late) == ""
        screen.grid.shown()[0].focus()  # (at 200x50 the passage keeps the focus)
        await pilot.press("right_square_bracket")  # literal's page: the 7th to 12th
        assert late.display and late.state == "streaming"
        at_show = shown_body(late)
        assert at_show.startswith("[Literal gloss]") and late.text.startswith(at_show)
        await wait_for(pilot, lambda: not screen.running)
        await pilot.pause()
        assert shown_body(late).startswith(late.text)  # it went on streaming once shown
        assert len(late.text) > len(at_show)
        await pilot.press("right_square_bracket")  # the 13th to 18th: terse-notes
        failed = screen.grid.widget("terse-notes")
        assert failed is not None and failed.display and failed.state == "failed"
        status = str(failed.query_one(".col-status", Static).content)
        assert status.startswith("failed") and "retry" in status
        for column in screen.columns:  # every column, shown or not, has the session's text
            if column.display:
                assert shown_body(column).startswith(column.text)


async def test_favourite_diff_and_aligned_view_cover_every_page(
    server: FakeOpenAIServer,
) -> None:
    async with app_for().run_test(size=(80, 24)) as pilot:
        screen = await finished(pilot)
        screen.grid.shown()[0].focus()
        await pilot.press("b")  # the first column the baseline
        await wait_for(pilot, lambda: all("…" not in c._metrics for c in screen.columns))
        last = screen.columns[-1]
        assert not last.display and last._metrics.startswith("similarity")
        await pilot.press(*["right_square_bracket"] * 8)
        assert last.display and last._metrics.startswith("similarity")
        last.focus()
        await pilot.press("f")
        assert screen.judgment.favourite == last.key
        await pilot.press("h")  # hidden: the others stay, the aligned view leaves it out
        assert not last.display and "1 unticked" in summary(screen)
        await pilot.press("a")
        await pilot.pause()
        labels = [label.plain for label in screen.aligned.table.labels]
        assert len(labels) == 1 + 17  # the source, then every column but the hidden one
        assert summary(screen).startswith("showing 17 of 18 · 1 unticked · hidden: Terse")


async def test_blind_summary_and_chooser_name_no_style(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(80, 24)) as pilot:
        screen = await finished(pilot)
        screen.grid.shown()[0].focus()
        await pilot.press("h")  # hidden before blind mode: shown again, or it would tell
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: screen.blind)
        await pilot.pause()
        assert screen.grid.pager.hidden == set()
        line = summary(screen)
        assert line.startswith("showing 2 of 18 · page 1/9 · hidden: Rendition ")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ColumnChooser))
        choice = pilot.app.screen.query_one(SelectionList)
        titles = [str(choice.get_option_at_index(i).prompt) for i in range(choice.option_count)]
        assert all(t.startswith("Rendition ") for t in titles)
        await pilot.press("space", "ctrl+s")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        line = summary(screen)
        assert "1 unticked" in line
        for text in (line, *titles):
            for name in (*NAMES, *STYLES, "#2", "#3"):
                assert name not in text


async def test_the_palette_and_the_help_offer_the_new_keys(server: FakeOpenAIServer) -> None:
    from textual.command import CommandPalette

    from workbench.tui.help import help_text

    text = help_text(80)
    assert "v or F8" in text and "[ and ]" in text
    async with app_for().run_test(size=(80, 24)) as pilot:
        screen = await finished(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(pilot.app.screen, CommandPalette)
        await pilot.press(*"Choose columns")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ColumnChooser))
        await pilot.press("escape")  # cancelled: nothing changes
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        assert screen.grid.pager.hidden == set()
        await pilot.press("ctrl+p")
        await pilot.press(*"Next page of columns")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "page 2/9" in summary(screen))
