"""The reviews screens when the files under them fail: a decisions folder that can no longer be
read, a record file deleted while its review is open, a save that keeps failing. Never a
traceback, never a notice per keystroke, never the user's text dropped without a word."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Markdown, TextArea

from tests.cli.helpers import wb
from tests.tui.helpers import wait_for
from tests.tui.review_helpers import (
    browser,
    make_record,
    markdown_text,
    on_flow,
    paste_text,
    read_record,
    settle,
    type_text,
)
from workbench.cli import run_app
from workbench.io.review.answers import Answers
from workbench.services.review import store
from workbench.services.review.drafts import state_dir
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.review_dialogs import StatusDialog
from workbench.tui.screens.review_flow import SAVE_DELAY, ReviewFlowScreen


def unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` can no longer be listed, as after `chmod 000` (which root, running these
    tests in CI containers, would ignore)."""
    real = os.scandir

    def scandir(path: Any = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(folder))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_folder_that_becomes_unreadable_is_said_on_reload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "decisions"
    make_record(root, "Adopt Kafka", 1)
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await browser(pilot)
        unreadable(monkeypatch, root)
        await pilot.press("f5")
        summary = screen.query_one("#records-summary")
        await wait_for(pilot, lambda: "cannot read" in str(summary.render()))
        assert "Permission denied" in str(summary.render())
        assert app.return_code is None  # still running: no crash
        assert app.screen is screen


def test_the_cli_names_an_unreadable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "decisions"
    make_record(root, "Adopt Kafka", 1)
    unreadable(monkeypatch, root)
    done = wb("review", "list", "--dir", str(root))
    assert done.returncode == 2, done.stderr
    assert "internal error" not in done.stderr
    assert f"cannot read the decisions folder {root}: Permission denied" in done.stderr


def theirs(path: Path, problem: str) -> None:
    """Someone else (another TUI, the CLI) saves question 1 of the record at `path`."""
    base = store.read_stored(path)
    store.update(base, store.with_answers(base.record, Answers(text={"problem": problem})))


async def at_end_of_problem(pilot: Pilot[Any]) -> ReviewFlowScreen:
    screen = await on_flow(pilot)
    assert screen.current == "problem"
    editor = screen.query_one("#answer-problem", TextArea)
    editor.move_cursor(editor.document.end)
    return screen


async def test_a_record_deleted_while_its_review_is_open_can_be_written_again(
    tmp_path: Path,
) -> None:
    root = tmp_path / "decisions"
    stored = make_record(root, "Adopt Kafka", 1, answers={"problem": "P0"})
    app = make_review_app(root, edit=stored.record.id, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_end_of_problem(pilot)
        stored.path.unlink()
        for word in (" one", " two", " three"):  # a save after each: each fails
            await type_text(pilot, word)
            await pilot.pause(SAVE_DELAY * 3)
        told = [n for n in notices(app) if "deleted" in n]
        assert len(told) == 1, notices(app)  # said once, not once per save over the editor
        assert "ctrl+s" in told[0]
        await pilot.press("ctrl+s")  # as the notice says: written again
        await wait_for(pilot, stored.path.exists)
        assert store.load_record(stored.path).answers["problem"] == "P0 one two three"


async def test_leaving_with_an_unsaved_conflict_asks_then_keeps_the_text(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    stored = make_record(root, "Adopt Kafka", 1, answers={"problem": "P0"})
    rid = stored.record.id
    app = make_review_app(root, edit=rid, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_end_of_problem(pilot)
        theirs(stored.path, "Theirs.")
        await type_text(pilot, " mine")
        await wait_for(pilot, lambda: any("answers.problem" in n for n in notices(app)))

        await pilot.press("escape")  # not left: the text is in no file yet
        await pilot.pause()
        assert app.screen is screen
        assert any("escape again" in n for n in notices(app)), notices(app)

        await pilot.press("escape")  # left, the text kept in a file of its own, named
        await browser(pilot)
        kept = state_dir() / f"{rid}.unsaved.yaml"
        assert "problem: P0 mine" in kept.read_text(encoding="utf-8")
        assert any(str(kept) in n for n in notices(app)), notices(app)
    assert store.load_record(stored.path).answers["problem"] == "Theirs."  # theirs stays


async def test_quitting_with_an_unsaved_conflict_keeps_the_text(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    stored = make_record(root, "Adopt Kafka", 1, answers={"problem": "P0"})
    rid = stored.record.id
    app = make_review_app(root, edit=rid, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_end_of_problem(pilot)
        theirs(stored.path, "Theirs.")
        await type_text(pilot, " mine")
        await wait_for(pilot, lambda: any("answers.problem" in n for n in notices(app)))
        await pilot.press("ctrl+q")
    kept = state_dir() / f"{rid}.unsaved.yaml"
    assert "problem: P0 mine" in kept.read_text(encoding="utf-8")
    assert any(str(kept) in line for line in app.exit_notes), app.exit_notes  # printed on exit


def test_notes_left_by_the_app_are_printed_when_it_has_gone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    class App:
        return_code = 0
        exit_notes = ("not saved: kept in /x.yaml",)

        def run(self) -> None:
            pass

    run_app(App())
    assert capsys.readouterr().err == "workbench: not saved: kept in /x.yaml\n"


async def test_the_reader_shows_a_change_made_elsewhere_and_a_deletion(tmp_path: Path) -> None:
    """The reader is open on a draft; another process rejects it: the reader says so (its
    status line, its page) before the user acts on the old version, and `t` offers what a
    rejected record can become. Then the file is deleted: said, not a crash."""
    root = tmp_path / "decisions"
    stored = make_record(root, "Adopt Kafka", 1, answers={"problem": "P0"})
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await browser(pilot)
        reader = await read_record(pilot, stored.record.id)
        status = reader.query_one("#reader-status")
        assert str(status.render()).startswith("draft")

        base = store.read_stored(stored.path)
        store.update(base, store.with_status(base.record, "rejected", base.record.date, "no"))
        await wait_for(pilot, lambda: str(status.render()).startswith("rejected"))
        markdown = reader.query_one(Markdown)
        await wait_for(pilot, lambda: "Rejected" in markdown_text(markdown))
        assert any("changed on disk" in n for n in notices(app)), notices(app)

        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusDialog))
        assert "now rejected" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is reader)

        stored.path.unlink()
        await wait_for(pilot, lambda: "deleted" in str(status.render()))
        assert app.screen is reader and app.return_code is None


async def test_a_title_longer_than_a_record_holds_cannot_be_typed(tmp_path: Path) -> None:
    """A record's title holds 300 characters and its technology's name 200 (which follows the
    title until it is named): the fields stop there, so the draft can always be saved."""
    root = tmp_path / "decisions"
    app = make_review_app(root, checklist_id="new-technology", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_flow(pilot)
        await paste_text(pilot, "Long title " * 27)  # 297 characters
        await type_text(pilot, "abcdef")
        title = screen.query_one("#review-title", Input)
        assert len(title.value) == 300
        await pilot.press("ctrl+n")
        await settle(pilot, screen)
        await type_text(pilot, "x")
        await wait_for(pilot, lambda: screen.draft.path is not None and not screen.dirty)
        assert screen.draft.path is not None
        record = store.load_record(screen.draft.path)
        assert record.title == title.value.strip()
        assert record.technology.name == screen.query_one("#review-technology", Input).value
        assert len(record.technology.name) <= 200
        assert not any("not saved" in n or "could not" in n for n in notices(app))


def test_a_second_kept_copy_never_replaces_the_first(tmp_path: Path) -> None:
    """Two sessions that each leave a conflict on one record: both texts are kept."""
    from workbench.io.review.catalog import load_catalog
    from workbench.services.review.drafts import Draft

    stored = make_record(tmp_path / "decisions", "Adopt Kafka", 1, answers={"problem": "P0"})
    checklist = load_catalog().get(stored.record.checklist.id)
    first, second = Draft.open(stored, checklist), Draft.open(stored, checklist)
    first.record = first.record.model_copy(update={"answers": {"problem": "first try"}})
    second.record = second.record.model_copy(update={"answers": {"problem": "second try"}})
    kept = [first.keep_unsaved(), second.keep_unsaved()]
    assert kept[0] != kept[1]
    assert "first try" in kept[0].read_text(encoding="utf-8")
    assert "second try" in kept[1].read_text(encoding="utf-8")
