"""The guided review while another process changes the same record (issue 11, item 2): a
change to another question is merged (and shown), one to the question being typed into is
shown as a conflict, the user's text stays in the form, and the other value stays on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from textual.widgets import TextArea

from tests.tui.helpers import wait_for
from tests.tui.review_helpers import make_record, on_flow, type_text
from workbench.review import store
from workbench.review.record import DecisionRecord, Review
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.review_flow import SAVE_DELAY
from workbench.tui.widgets.review_parts import ReviewEditor

ROOT = Path(__file__).resolve().parents[2]


def answer_from_cli(root: Path, record_id: str, answers: str, tmp_path: Path) -> None:
    """`workbench review answer` in another process."""
    path = str(tmp_path / "cli-answers.yaml")
    Path(path).write_text(answers, encoding="utf-8")
    cli = [sys.executable, "-m", "workbench", "review", "answer", record_id]
    done = subprocess.run(
        [*cli, "--answers", path, "--dir", str(root)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def on_disk(root: Path) -> DecisionRecord:
    (stored,) = store.load_folder(root, cache=False).records
    return stored.record


async def test_another_process_changing_the_open_record(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    stored = make_record(root, "Adopt Kafka", 1, answers={"problem": "P0", "new-costs": "N0"})
    rid = stored.record.id
    app = make_review_app(root, edit=rid, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        assert screen.current == "problem"
        editor = screen.query_one("#answer-problem", TextArea)
        editor.move_cursor(editor.document.end)

        # another question changed on disk, then the user types: merged, both kept
        answer_from_cli(root, rid, "new-costs: From the CLI.\n", tmp_path)
        await type_text(pilot, " more")
        await wait_for(pilot, lambda: on_disk(root).answers["problem"] == "P0 more")
        assert on_disk(root).answers["new-costs"] == "From the CLI."
        other = screen.query_one("#answer-new-costs", TextArea)
        await wait_for(pilot, lambda: other.text == "From the CLI.")  # the form shows it too

        # the question being typed into changed on disk: a conflict, shown; nothing lost
        answer_from_cli(root, rid, "problem: Theirs.\n", tmp_path)
        await type_text(pilot, " again")
        await wait_for(
            pilot,
            lambda: any(
                "answers.problem" in str(n.message) and n.severity == "error"
                for n in app._notifications
            ),
        )
        assert editor.text == "P0 more again"
        assert screen.draft.record.answers["problem"] == "P0 more again"
        await pilot.pause(SAVE_DELAY * 2)
        assert on_disk(root).answers["problem"] == "Theirs."  # theirs is not overwritten

        # the notice says how to keep yours: ctrl+s replaces theirs, after being told
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_disk(root).answers["problem"] == "P0 more again")
        assert on_disk(root).answers["new-costs"] == "From the CLI."
        assert editor.text == "P0 more again"


async def test_a_merged_review_is_shown_in_its_editor(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    stored = make_record(root, "Adopt Kafka", 1, answers={"problem": "P0"})
    app = make_review_app(root, edit=stored.record.id, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        editor = screen.query_one("#answer-problem", TextArea)
        editor.move_cursor(editor.document.end)
        review = "mixed-discipline-review: {who: [Ana], disciplines: [SRE, security], where: w}\n"
        answer_from_cli(root, stored.record.id, review, tmp_path)
        await type_text(pilot, "!")
        expected = Review(who=["Ana"], disciplines=["SRE", "security"], where="w")
        await wait_for(pilot, lambda: screen.query_one(ReviewEditor).value() == expected)
        assert on_disk(root).review == expected
        assert on_disk(root).answers["problem"] == "P0!"
