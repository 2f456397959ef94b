"""The records browser and reader: filters, search as you type, status changes with their gates,
supersede, export, the CLI wiring, and record fields shown literally."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Checkbox, Input, Markdown, Select
from textual.widgets._markdown import MarkdownBlock

from tests.tui.helpers import wait_for
from tests.tui.review_helpers import (
    HOSTILE,
    browser,
    export_as,
    folder_of_records,
    make_record,
    markdown_text,
    on_disk,
    read_record,
    shown_keys,
    type_text,
)
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.review_records import RecordReaderScreen, RecordsScreen
from workbench.tui.widgets.record_table import RecordTable


async def test_filter_by_status_tag_due_and_search_as_you_type(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    records = folder_of_records(root)
    ids = {k: s.record.id for k, s in records.items()}
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await browser(pilot)
        # newest first
        assert shown_keys(screen) == [ids["draft"], ids["redis"], ids["pulsar"], ids["kafka"]]
        summary = screen.query_one("#records-summary")
        assert "4 of 4 records" in str(summary.render())

        screen.query_one("#records-status", Select).value = "proposed"
        await wait_for(pilot, lambda: shown_keys(screen) == [ids["pulsar"], ids["kafka"]])
        screen.query_one("#records-status", Select).value = "*"
        screen.query_one("#records-tag", Select).value = "streaming"
        await wait_for(pilot, lambda: shown_keys(screen) == [ids["pulsar"], ids["kafka"]])
        screen.query_one("#records-tag", Select).value = "*"
        screen.query_one("#records-due", Checkbox).value = True
        await wait_for(pilot, lambda: shown_keys(screen) == [ids["redis"]])
        screen.query_one("#records-due", Checkbox).value = False

        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, "ka")
        await wait_for(pilot, lambda: shown_keys(screen) == [ids["kafka"]])
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "adopt")
        assert shown_keys(screen) == [ids["pulsar"], ids["kafka"]]
        await type_text(pilot, " pulsar")  # every word must appear
        assert shown_keys(screen) == [ids["pulsar"]]
        await type_text(pilot, " nothing-like-this")
        assert shown_keys(screen) == []
        assert "0 of 4 records" in str(summary.render())


async def test_export_one_record_and_all(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    records = folder_of_records(root)
    out_all, out_one = tmp_path / "all", tmp_path / "one"
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await browser(pilot)
        await export_as(pilot, "ctrl+x", out_all, "markdown")
        await wait_for(pilot, lambda: len(list(out_all.glob("*.md"))) == 4)
        await read_record(pilot, records["kafka"].record.id)
        await export_as(pilot, "x", out_one, "json")
        await wait_for(pilot, lambda: out_one.exists() and any(out_one.iterdir()))
    assert "0001-adopt-kafka.md" in {p.name for p in out_all.iterdir()}


async def test_record_fields_are_shown_literally_in_browser_and_reader(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    hostile = make_record(root, "T " + HOSTILE, 1, answers={"problem": HOSTILE}, technology=HOSTILE)
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await browser(pilot)
        (row,) = screen.query_one(RecordTable).rows
        expected = "[bold]x[/] [link=file:///etc/passwd]y[/link] ␛[31mred␛[0m"
        assert row.cells[0] == "T " + expected
        assert row.cells[2] == expected
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordReaderScreen))
        markdown = app.screen.query_one(Markdown)
        await wait_for(pilot, lambda: "[bold]x[/]" in markdown_text(markdown))
        text = markdown_text(markdown)
        assert "[link=file:///etc/passwd]y[/link]" in text
        assert "\x1b" not in text
        spans: list[Any] = [
            span for block in markdown.query(MarkdownBlock) for span in block._content.spans
        ]
        assert not any("passwd" in str(span.style) for span in spans)
    assert on_disk(hostile).record.title.startswith("T [bold]")  # unchanged on disk


async def test_browser_on_a_missing_folder_offers_a_new_review(tmp_path: Path) -> None:
    app = make_review_app(tmp_path / "nowhere", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RecordsScreen))
        summary = app.screen.query_one("#records-summary")
        await wait_for(pilot, lambda: "ctrl+n starts a review" in str(summary.render()))


async def test_every_reviews_binding_has_an_id_and_a_tooltip() -> None:
    from workbench.tui.screens import review_dialogs
    from workbench.tui.screens.review_flow import ReviewFlowScreen

    owners: list[Any] = [
        ReviewFlowScreen,
        RecordsScreen,
        RecordReaderScreen,
        RecordTable,
        review_dialogs.ReviewDialog,
        review_dialogs.GateDialog,
        review_dialogs.StatusDialog,
    ]
    for owner in owners:
        for binding in owner.BINDINGS:
            assert binding.id and binding.tooltip, (owner.__name__, binding)


async def test_command_palette_offers_the_reviews_actions(tmp_path: Path) -> None:
    from workbench.tui.review_commands import ReviewCommands

    root = tmp_path / "decisions"
    make_record(root, "Adopt Kafka", 1, status="proposed")
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await browser(pilot)
        provider = ReviewCommands(screen)
        discovered = [hit.text async for hit in provider.discover()]
        assert "New review" in discovered and "Export all records" in discovered
        assert "Accept record" not in discovered  # a reader action
        found = [hit.text async for hit in provider.search("new rev")]
        assert found == ["New review"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordReaderScreen))
        reader = [hit.text async for hit in ReviewCommands(app.screen).discover()]
        assert "Accept record" in reader and "Supersede record" in reader


async def test_records_parsed_for_the_browser_are_cached_after_it_shows_them(
    tmp_path: Path,
) -> None:
    import threading

    from workbench.io.review.parse_cache import ParseCache, digest

    root = tmp_path / "decisions"
    records = folder_of_records(root)
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await browser(pilot)
    for thread in threading.enumerate():
        if thread.name == "records-preload":
            thread.join(timeout=10)
    keys = [digest(s.path.read_bytes()) for s in records.values()]
    cache = ParseCache()
    try:
        assert set(cache.lookup(keys)) == set(keys)
    finally:
        cache.close()


async def test_export_refuses_two_files_with_one_id(tmp_path: Path) -> None:
    """A record file copied to start another keeps the id: the browser's export says so,
    naming both files, and writes nothing (as `review export` does)."""
    root = tmp_path / "decisions"
    records = folder_of_records(root)
    copy = root / "copy.yaml"
    copy.write_bytes(records["kafka"].path.read_bytes())
    out = tmp_path / "all"
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await browser(pilot)
        await export_as(pilot, "ctrl+x", out, "markdown")

        def refused() -> bool:
            return any("copy.yaml" in str(n.message) for n in app._notifications)

        await wait_for(pilot, refused)
    assert not out.exists() or not any(out.iterdir())


async def test_escape_in_the_search_clears_it_then_leaves_it_then_the_browser(
    tmp_path: Path,
) -> None:
    """Escape in the search box undoes the search first (as in a browser's find bar): the
    text goes, then the focus goes to the table; only then does escape leave the browser."""
    root = tmp_path / "decisions"
    records = folder_of_records(root)
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await browser(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kafka")
        await wait_for(pilot, lambda: shown_keys(screen) == [records["kafka"].record.id])
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#records-search", Input).value == ""
        await wait_for(pilot, lambda: len(shown_keys(screen)) == 4)
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and isinstance(app.focused, RecordTable)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not screen)


async def test_files_that_are_not_records_are_named_on_opening(tmp_path: Path) -> None:
    """The summary counts the files skipped; a notice names them (file, line, what is wrong),
    so the user can mend them without leaving for `review validate`."""
    root = tmp_path / "decisions"
    folder_of_records(root)
    (root / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await browser(pilot)
        notes = [(str(n.title), str(n.message)) for n in app._notifications]
        assert any(
            "not a valid record" in title and m.startswith("broken.yaml:2: YAML syntax error")
            for title, m in notes
        ), notes
