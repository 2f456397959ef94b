"""The reader asks for the review only when the review question is what stands in the way,
whatever the checklist numbers it (gate problems are data, not sentences searched for
"question 8")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from textual.app import App
from textual.pilot import Pilot

from tests.tui.helpers import wait_for
from tests.tui.review_helpers import browser, read_record
from workbench.core.review.record import Review
from workbench.io import paths
from workbench.io.review.answers import Answers
from workbench.io.review.catalog import load_catalog
from workbench.services.review import store
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.review_dialogs import GateDialog, ReviewDialog, StatusDialog
from workbench.tui.screens.review_records import RecordReaderScreen

CHECKLIST = {
    "id": "renumbered",
    "version": 1,
    "title": "Renumbered",
    "questions": [
        {"id": "problem", "number": "1", "text": "What problem?"},
        {"id": "notes", "number": "8", "text": "Notes?", "required_for": "accepted"},
        {"id": "sign-off", "number": "3", "text": "Who?", "kind": "review",
         "required_for": "accepted"},
    ],
}  # fmt: skip


def _proposed(root: Path, title: str, *, notes: str, review: Review | None) -> store.Stored:
    folder = paths.config_dir() / "checklists"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "renumbered.yaml").write_text(yaml.safe_dump(CHECKLIST), encoding="utf-8")
    checklist = load_catalog().get("renumbered")
    answers = {"problem": "Slow.", **({"notes": notes} if notes else {})}
    spec = store.NewRecord(title=title, checklist=checklist, answers=Answers(answers, [], review))
    day = dt.date(2024, 1, 1)
    record = store.build_record(spec, day)
    record = store.with_status(record, "proposed", day, "")
    return store.create(root, record)


async def _reader(pilot: Pilot[Any], app: App[Any], record_id: str) -> RecordReaderScreen:
    await browser(pilot)
    return await read_record(pilot, record_id)


async def test_a_question_numbered_8_that_is_not_the_review_is_listed_not_asked(
    tmp_path: Path,
) -> None:
    root = tmp_path / "decisions"
    review = Review(who=["Ana"], disciplines=["SRE", "security"], where="wiki")
    stored = _proposed(root, "Adopt Kafka", notes="", review=review)
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _reader(pilot, app, stored.record.id)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, GateDialog | ReviewDialog))
        assert isinstance(app.screen, GateDialog)
        assert app.screen.missing == ["question 8 (notes) is not answered"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is reader)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusDialog))
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert [g.question_id for g in dialog.gaps["accepted"]] == ["notes"]
        assert "review will be asked" not in str(dialog._prompt("accepted"))


async def test_the_review_question_is_asked_for_whatever_its_number(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    stored = _proposed(root, "Adopt Kafka", notes="Fine.", review=None)
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _reader(pilot, app, stored.record.id)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusDialog))
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert "question 3's review will be asked for" in str(dialog._prompt("accepted"))
        await pilot.press("escape")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, GateDialog | ReviewDialog))
        assert isinstance(app.screen, ReviewDialog)
        assert "question 3's" in app.screen.why
