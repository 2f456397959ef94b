"""The app shell: home, help, command palette, history, reviews hook, describe; CLI wiring."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from tests.cli.helpers import assert_clean_error, wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.tui.helpers import PASSAGE, compare_screen, wait_for
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
from workbench.io.translate.history import history_dir, save_run
from workbench.services.engine import new_run_id
from workbench.tui.app import make_app
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.describe import DescribeScreen
from workbench.tui.screens.dialogs import HelpScreen
from workbench.tui.screens.history import HistoryScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.review_records import RecordsScreen


def saved_run() -> Comparison:
    run = Comparison(
        id=new_run_id(),
        source=SourceText(text=PASSAGE, language="de"),
        target=TargetSpec(language="en"),
        renditions=[
            Rendition(style="rosner", style_name="Hilda Rosner", text="I can think."),
            Rendition(style="literal", style_name="Literal gloss", text="I am able to think."),
        ],
    )
    save_run(run)
    return run


async def test_home_leads_to_the_jobs_and_help() -> None:
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        menu = app.screen.query_one(OptionList)
        menu.highlighted = 1  # Tech-adoption reviews: the records browser
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordsScreen))
        await pilot.press("escape")
        app.screen.query_one(OptionList).highlighted = 0
        await pilot.press("enter")
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None)


async def test_every_binding_has_an_id_and_a_tooltip() -> None:
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens import dialogs
    from workbench.tui.widgets.column import RenditionColumn

    owners: list[Any] = [
        WorkbenchApp,
        CompareScreen,
        HistoryScreen,
        DescribeScreen,
        RenditionColumn,
    ]
    owners += [dialogs.InputDialog, dialogs.TextDialog, dialogs.HelpScreen]
    for owner in owners:
        for binding in owner.BINDINGS:
            assert binding.id and binding.tooltip, (owner.__name__, binding)


async def test_command_palette_offers_the_app_actions() -> None:
    from workbench.tui.commands import WorkbenchCommands

    app = make_app(compare=True, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        provider = WorkbenchCommands(app.screen)
        found = [hit.text async for hit in provider.search("diff")]
        assert "Toggle diff marks" in found
        discovered = [hit.text async for hit in provider.discover()]
        assert "History" in discovered and "Export run" in discovered
        await pilot.press("ctrl+p")
        await pilot.press(*"blind")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert isinstance(app.screen, CompareScreen)


async def test_history_reopens_a_run() -> None:
    run = saved_run()
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.press("escape")
        app.screen.query_one(OptionList).highlighted = 2
        await pilot.press("enter")
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")
        screen = compare_screen(pilot)
        assert screen.comparison is not None and screen.comparison.id == run.id
        assert [c.text for c in screen.columns] == ["I can think.", "I am able to think."]


async def test_history_columns_are_as_wide_as_what_they_hold() -> None:
    """Cells are `Content` (never markup), which the DataTable does not measure: each column
    is sized from its cells, not cut to the width of its heading ("202" for a run id)."""
    run = saved_run()
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(200, 30)) as pilot:
        await app.run_action("open_history")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        pad = 2 * table.cell_padding
        widths = [c.get_render_width(table) - pad for c in table.columns.values()]
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert cells[0] == run.id and cells[3] == "rosner, literal"
        assert all(w >= len(cell) for w, cell in zip(widths, cells, strict=True)), (widths, cells)


async def test_history_shows_the_newest_runs_and_says_so() -> None:
    """A long history is not read whole when the screen opens: the newest `SHOWN` runs are
    listed, and the title says there are more and how to list them."""
    from workbench.tui.screens import history

    template = saved_run()
    for k in range(history.SHOWN + 2):
        run = template.model_copy(update={"id": f"20240101-0000{k // 60:02d}-{k % 60:04x}"})
        save_run(run)
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.run_action("open_history")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == history.SHOWN
        assert str(table.get_row_at(0)[0]) == template.id  # the newest first
        title = str(app.screen.query_one("#history-title", Static).render())
        assert f"newest {history.SHOWN} of {history.SHOWN + 3}" in title, title
        assert "history list -n" in title, title


async def test_history_names_the_run_files_it_cannot_read() -> None:
    """As `workbench history list` names each: a notice with the file and why, the readable
    runs still listed."""
    saved_run()
    broken = history_dir() / "20250101-120000-dead.json"
    broken.write_text('{"id": "20250101-120000-dead"', encoding="utf-8")  # cut short
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.run_action("open_history")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await wait_for(pilot, lambda: bool(app._notifications))
        assert app.screen.query_one(DataTable).row_count == 1
        messages = [str(n.message) for n in app._notifications]
        assert any("20250101-120000-dead.json" in m for m in messages), messages


async def test_a_terminal_shrunk_to_almost_nothing_and_back_is_no_crash() -> None:
    """A tmux pane dragged down to a few cells: the home menu and a dialog's list (OptionLists)
    were laid out with no room for their text, and Textual raised `range() arg 3 must not be
    zero`."""
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for size in ((5, 2), (2, 1), (1, 1), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause(0.1)
        assert isinstance(app.screen, HomeScreen)
        await app.run_action("open_reviews")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordsScreen))
        await pilot.press("ctrl+n")  # the checklist to review against: a dialog's OptionList
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ChecklistDialog")
        for size in ((5, 2), (1, 1), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause(0.1)
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None)


async def test_describe_a_translator_and_save_the_style(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> None:
    fake_openai.responder = lambda body: {
        "name": "Hilda Rosner",
        "summary": "clear and direct",
        "brief": "Translate plainly.",
        "footnotes": False,
        "temperature": 0.5,
    }
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.run_action("open_describe")
        await pilot.pause()
        assert isinstance(app.screen, DescribeScreen)
        app.screen.query_one("#translator", Input).value = "Hilda Rosner"
        await pilot.press("ctrl+r")
        brief = app.screen.query_one("#brief", TextArea)
        await wait_for(pilot, lambda: brief.text == "Translate plainly.")
        brief.text = "Translate plainly, and keep it short."
        await pilot.press("ctrl+s")
    saved = isolated_dirs / "config" / "styles" / "hilda-rosner.yaml"
    assert "keep it short" in saved.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "missing.txt", "--from", "de", "--to", "en"], "no such file"),
        (["compare", "--style", "nope"], "unknown style"),
        (["compare"], "no LLM endpoint configured"),
    ],
)
def test_compare_rejects_bad_input_before_the_app_starts(
    args: list[str], message: str, tmp_path: Path
) -> None:
    no_endpoint = {"WORKBENCH_PROVIDER": "openai"}  # not the local model, if it is installed
    env = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"} if "no LLM" not in message else no_endpoint
    result = wb(*args, env=env, cwd=tmp_path)
    assert message in assert_clean_error(result)


def test_compare_rejects_binary_and_non_utf8(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    (tmp_path / "latin.txt").write_bytes("Grüße".encode("latin-1"))
    env = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    for name, message in (("bin.txt", "binary"), ("latin.txt", "not valid UTF-8")):
        result = wb("compare", name, "--from", "de", "--to", "en", env=env, cwd=tmp_path)
        assert message in assert_clean_error(result)
