"""The records reader's lifecycle actions: a status change with its gates and review, supersede
(with an existing record or a new review) linking both records, and editing from the reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Markdown, OptionList, Static

from tests.tui.helpers import wait_for
from tests.tui.review_helpers import (
    browser,
    folder_of_records,
    make_record,
    markdown_text,
    on_disk,
    on_flow,
    read_record,
    settle,
    shown_keys,
    type_text,
)
from workbench.io.review.catalog import load_catalog
from workbench.services.review import lint, store
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.dialogs import TextDialog
from workbench.tui.screens.review_dialogs import (
    GateDialog,
    PickRecordDialog,
    ReviewDialog,
    StatusDialog,
)
from workbench.tui.screens.review_records import RecordReaderScreen, RecordsScreen
from workbench.tui.widgets.record_table import RecordTable


async def test_status_change_from_the_reader_shows_gates_and_asks_for_the_review(
    tmp_path: Path,
) -> None:
    root = tmp_path / "decisions"
    records = folder_of_records(root)
    kafka = records["kafka"]
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await browser(pilot)
        table = screen.query_one(RecordTable)
        reader = await read_record(pilot, kafka.record.id)

        # the status dialog offers only the allowed moves, each with its gate
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusDialog))
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert dialog.targets == ["accepted", "rejected", "draft"]
        assert any(g.kind == "review" and g.number == "8" for g in dialog.gaps["accepted"])
        await pilot.press("escape")

        # accepting asks for question 8's review, then accepts
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewDialog))
        await type_text(pilot, "Ana, Bo")
        await pilot.press("tab")
        await type_text(pilot, "SRE, security")
        await pilot.press("tab")
        await type_text(pilot, "wiki/kafka")
        await pilot.press("ctrl+s")
        # then, with no decision written yet, what was decided
        await wait_for(pilot, lambda: isinstance(app.screen, TextDialog))
        assert isinstance(app.screen, TextDialog)
        assert "what was decided" in app.screen.title_text
        await type_text(pilot, "Adopt it for the order events")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is reader)
        await wait_for(pilot, lambda: on_disk(kafka).record.status == "accepted")
        accepted = on_disk(kafka).record
        assert accepted.review is not None
        assert accepted.review.who == ["Ana", "Bo"]
        assert accepted.review.where == "wiki/kafka"
        assert accepted.decision == "Adopt it for the order events"
        assert "accepted ·" in str(reader.query_one("#reader-status").render())

        # back in the browser, the row shows the new status
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordsScreen))
        row = next(r for r in table.rows if r.key == kafka.record.id)
        assert row.cells[1] == "accepted"

        # a draft cannot be proposed while answers are missing: the gate lists them
        draft = records["draft"]
        await read_record(pilot, draft.record.id)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusDialog))
        await pilot.press("enter")  # proposed, the first allowed move
        await wait_for(pilot, lambda: isinstance(app.screen, GateDialog))
        gate = app.screen
        assert isinstance(gate, GateDialog)
        assert any("question 1 (problem) is not answered" in m for m in gate.missing)
        assert on_disk(draft).record.status == "draft"


async def test_supersede_from_the_reader_links_both_records(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    records = folder_of_records(root)
    redis, pulsar = records["redis"], records["pulsar"]
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await browser(pilot)
        await read_record(pilot, redis.record.id)
        picker = await _pick(pilot, app)
        candidates = [r.id for r in picker.records]
        assert redis.record.id not in candidates
        assert records["draft"].record.id not in candidates
        # the first choice is a new review; the records already written follow
        picker.query_one("#pick-list", OptionList).highlighted = 1 + candidates.index(
            pulsar.record.id
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TextDialog))
        await pilot.press("escape")  # cancelling the decision cancels the acceptance
        await pilot.pause()
        assert on_disk(pulsar).record.status == "proposed"
        picker_again = await _pick(pilot, app)
        pick_list = picker_again.query_one("#pick-list", OptionList)
        pick_list.highlighted = 1 + candidates.index(pulsar.record.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TextDialog))
        await pilot.press("ctrl+s")  # left empty: accepted all the same
        await wait_for(pilot, lambda: on_disk(redis).record.status == "superseded")
    old, new = on_disk(redis).record, on_disk(pulsar).record
    assert old.links.superseded_by == [new.id]
    assert new.links.supersedes == [old.id]
    assert new.status == "accepted" and new.decision == ""


async def _pick(pilot: Any, app: Any) -> PickRecordDialog:
    await wait_for(pilot, lambda: isinstance(app.screen, RecordReaderScreen))
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, PickRecordDialog))
    picker = app.screen
    assert isinstance(picker, PickRecordDialog)
    return picker


async def test_supersede_with_a_new_review_from_the_reader(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    records = folder_of_records(root)
    redis = records["redis"]
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await browser(pilot)
        screen.query_one(RecordTable).cursor = shown_keys(screen).index(redis.record.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordReaderScreen))
        reader = app.screen
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PickRecordDialog))
        assert app.screen.query_one("#pick-list", OptionList).highlighted == 0
        await pilot.press("enter")  # "A new review to replace it"
        flow = await on_flow(pilot)
        assert flow.current == "start"
        replaces = str(flow.query_one("#start-replaces", Static).render())
        assert redis.record.id in replaces and "once this record is accepted" in replaces
        await type_text(pilot, "Replace Redis")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: flow.current == "problem")
        await settle(pilot, flow)
        await type_text(pilot, "Redis is end of life")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is reader)
        new = next(
            s.record
            for s in store.load_folder(root, cache=False).records
            if "replace" in s.record.id
        )
    assert new.status == "draft" and new.links.supersedes == [redis.record.id]
    assert new.answers["problem"] == "Redis is end of life"
    assert on_disk(redis).record.status == "accepted"  # until the new one is accepted
    folder = store.load_folder(root, cache=False)
    assert not [p for p in lint.lint(folder, load_catalog()) if "supersede" in p.message]


async def test_edit_from_the_reader_and_back(tmp_path: Path) -> None:
    from tests.tui.review_helpers import on_flow

    root = tmp_path / "decisions"
    stored = make_record(root, "Try Zig", 1, answers={})
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await browser(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordReaderScreen))
        reader = app.screen
        await pilot.press("e")
        await on_flow(pilot)
        await type_text(pilot, "Resizing is slow")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is reader)
        markdown = reader.query_one(Markdown)
        await wait_for(pilot, lambda: "Resizing is slow" in markdown_text(markdown))
    assert on_disk(stored).record.answers == {"problem": "Resizing is slow"}
