"""The command palette (ctrl+p) offers every key of every screen, with the key shown in its
help line (issue 16, Build): each binding of the comparison screen (and of its columns),
home, history, describe, the guided review, the records browser and reader, and the app's.
The test reads each screen's BINDINGS and looks for its action among the palette's hits, as
the palette gathers them (the app's providers and the screen's)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Provider
from textual.screen import Screen

from tests.fake_openai_server import FakeOpenAIServer
from tests.tui.helpers import column, compare_screen, comparing, wait_for
from tests.tui.review_helpers import browser, make_record, on_flow
from workbench.tui.app import make_app
from workbench.tui.key_commands import KeyCommand, show_key
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.describe import DescribeScreen
from workbench.tui.screens.history import HistoryScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.review_flow import ReviewFlowScreen
from workbench.tui.screens.review_records import RecordReaderScreen, RecordsScreen
from workbench.tui.widgets.column import RenditionColumn


async def palette_hits(screen: Screen[Any]) -> list[tuple[str, str, Any]]:
    """(name, help, command) of every hit the palette would offer on `screen`."""
    classes: set[type[Provider]] = set()
    for source in (screen.app.COMMANDS, screen.COMMANDS):
        classes |= {p for p in source if isinstance(p, type) and p.__module__.startswith("workb")}
    hits = []
    for cls in classes:
        async for hit in cls(screen).discover():
            assert isinstance(hit, DiscoveryHit)
            hits.append((str(hit.display), hit.help or "", hit.command))
    return hits


def bindings(*owners: type) -> list[Binding]:
    found: list[Binding] = []
    for owner in owners:
        found += [b for b in owner.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]
    return found


async def assert_every_key_offered(screen: Screen[Any], *owners: type) -> None:
    hits = await palette_hits(screen)
    names = [name for name, _, _ in hits]
    assert len(names) == len(set(names)), f"offered twice: {names}"
    offered: dict[str, tuple[str, KeyCommand]] = {}
    for _, help_text, command in hits:
        if isinstance(command, partial) and isinstance(command.args[0], KeyCommand):
            offered[command.args[0].action] = (help_text, command.args[0])
    wanted = bindings(*owners)
    wanted += [b for b in screen.app.BINDINGS if isinstance(b, Binding)]
    assert wanted
    for binding in wanted:
        assert binding.action in offered, (type(screen).__name__, binding.action, names)
        help_text, _command = offered[binding.action]
        for key in binding.key.split(","):
            assert show_key(key) in help_text, (binding.action, help_text)
        assert (binding.tooltip or binding.description) in help_text


async def test_every_key_of_the_comparison_screen_and_its_columns_is_a_command(
    isolated_dirs: Path,
) -> None:
    app = make_app(compare=True, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = compare_screen(pilot)
        await assert_every_key_offered(screen, CompareScreen, RenditionColumn)
        hits = {name: help_text for name, help_text, _ in await palette_hits(screen)}
        assert hits["Run"].startswith("ctrl+r · ")
        assert hits["Toggle diff marks"].startswith("d or F4 · ")
        assert hits["Help"].startswith("F1 or ? · ")


def test_the_help_lists_every_key_of_the_comparison_screen_and_its_columns() -> None:
    """The help screen's list is written by hand: each key of the screen and of a column is
    in it, as the palette shows it (`F5` too, the aligned view's key from a text field)."""
    from workbench.tui.help import SECTIONS

    listed = {
        key.strip()
        for title, entries, _ in SECTIONS
        if title.startswith(("Comparison screen", "On a column"))
        for keys, _ in entries
        for key in keys.replace(" and ", " or ").split(" or ")
    }
    for binding in bindings(CompareScreen, RenditionColumn):
        for key in binding.key.split(","):
            assert show_key(key) in listed, (binding.action, show_key(key), listed)


async def test_every_key_of_home_history_and_describe_is_a_command(isolated_dirs: Path) -> None:
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await assert_every_key_offered(app.screen, HomeScreen)
        names = [name for name, _, _ in await palette_hits(app.screen)]
        for place in ("Translation comparison", "History", "Tech-adoption reviews"):
            assert place in names
        assert "Run" not in names  # a comparison key, not offered at home
        await app.run_action("open_history")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await assert_every_key_offered(app.screen, HistoryScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.run_action("open_describe")
        await wait_for(pilot, lambda: isinstance(app.screen, DescribeScreen))
        await pilot.pause()
        await assert_every_key_offered(app.screen, DescribeScreen)


async def test_every_key_of_the_reviews_screens_is_a_command(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    make_record(root, "Adopt Kafka", 1, status="proposed")
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await browser(pilot)
        await assert_every_key_offered(screen, RecordsScreen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordReaderScreen))
        await assert_every_key_offered(app.screen, RecordReaderScreen)
    app = make_review_app(root, checklist_id="new-technology", title="T", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        flow = await on_flow(pilot)
        await assert_every_key_offered(flow, ReviewFlowScreen)


async def test_a_column_key_from_the_palette_acts_on_the_focused_column(
    server: FakeOpenAIServer,
) -> None:
    app = comparing()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        literal = column(screen, "literal")
        literal.focus()
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"favourite")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.judgment.favourite == "literal")
        # typed as its key: ctrl+b is blind mode
        await pilot.press("ctrl+p")
        await pilot.press(*"ctrl+b")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.blind)
