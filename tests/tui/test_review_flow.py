"""The guided review: a whole review into a proposed record, drafts that survive, gates shown,
the performance maturity self-assessment, and record fields shown literally."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, OptionList, Static, TextArea

from tests.tui.helpers import wait_for
from tests.tui.review_helpers import (
    FULL,
    HOSTILE,
    browser,
    make_record,
    on_flow,
    paste_text,
    settle,
    shown_keys,
    type_text,
)
from workbench.services.review import store
from workbench.services.review.drafts import load_position
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.review_dialogs import GateDialog
from workbench.tui.screens.review_flow import SAVE_DELAY, ReviewFlowScreen
from workbench.tui.widgets.review_parts import ReferencesEditor


def only_record(root: Path) -> store.Stored:
    folder = store.load_folder(root, cache=False)
    assert len(folder.records) == 1, folder.records
    return folder.records[0]


async def test_a_whole_review_from_first_question_to_proposed(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    app = make_review_app(
        root, checklist_id="new-technology", title="Adopt Kafka", cursor_blink=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        assert screen.current == "problem"
        title = screen.query_one("#q-problem .q-title", Static)
        assert str(title.content) == "1. What problem are we trying to solve?"

        # proposing too early lists what is missing, and offers to go there
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, GateDialog))
        gate = app.screen
        assert isinstance(gate, GateDialog)
        assert any("question 1 (problem)" in m for m in gate.missing)
        assert any("question 7 (low-risk-start)" in m for m in gate.missing)
        assert not any("question 8" in m for m in gate.missing)  # only needed to accept
        await pilot.click("#gate-go")
        await wait_for(pilot, lambda: app.screen is screen)

        for question_id, answer in FULL.items():

            def at_question(q: str = question_id) -> bool:
                return screen.current == q

            await wait_for(pilot, at_question)
            await settle(pilot, screen)
            if question_id == "trusted-references":
                editor = screen.query_one(ReferencesEditor)
                await pilot.click(editor.query_one(".parts-add", Button))
                await type_text(pilot, "Dee")  # typed key by key; the rest is pasted
                await pilot.press("tab")
                await paste_text(pilot, "Solid once tuned")
                await pilot.press("tab")
                await paste_text(pilot, "Rebalancing")
                screen.query_one("#answer-trusted-references", TextArea).focus()
            await paste_text(pilot, answer)
            await pilot.press("ctrl+n")
        # question 8 is next; it is only required to accept
        await wait_for(pilot, lambda: screen.current == "mixed-discipline-review")
        assert screen.draft.progress() == (7, 8)

        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, GateDialog))
        assert isinstance(app.screen, GateDialog)
        assert not app.screen.missing
        await pilot.click("#gate-ok")
        records = await browser(pilot)
        stored = only_record(root)
        assert shown_keys(records) == [stored.record.id]

    record = stored.record
    assert record.status == "proposed"
    assert record.title == "Adopt Kafka"
    for question_id, answer in FULL.items():
        assert record.answers[question_id] == answer
    assert [(r.name, r.said, r.dislikes) for r in record.references] == [
        ("Dee", "Solid once tuned", "Rebalancing")
    ]
    assert any(o.current_stack for o in record.options)
    assert [h.status for h in record.history] == ["draft", "proposed"]


async def test_a_draft_survives_the_app_being_killed_mid_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "decisions"
    app = make_review_app(
        root, checklist_id="new-technology", title="Adopt Kafka", cursor_blink=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        await type_text(pilot, "Events pile up")
        await pilot.press("ctrl+n")
        await settle(pilot, screen)
        await type_text(pilot, "Partition the ta")  # mid-answer
        await pilot.pause(SAVE_DELAY * 3)
        # on disk already, while the app still runs: nothing waits for a clean exit
        stored = only_record(root)
        assert stored.record.answers == {
            "problem": "Events pile up",
            "current-stack": "Partition the ta",
        }
        assert load_position(stored.record.id) == "current-stack"
        # the app dies: no flush on the way out
        monkeypatch.setattr(screen, "flush", lambda *, overrule=False: True)
        app.exit()

    again = make_review_app(root, edit=stored.record.id, cursor_blink=False)
    async with again.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        assert screen.current == "current-stack"
        editor = screen.query_one("#answer-current-stack", TextArea)
        assert editor.text == "Partition the ta"
        await wait_for(pilot, lambda: again.focused is editor)
        editor.move_cursor(editor.document.end)
        await type_text(pilot, "bles")
        await pilot.press("escape")  # leave: saved, back to the browser
        await browser(pilot)
    assert only_record(root).record.answers["current-stack"] == "Partition the tables"


async def test_ctrl_q_right_after_typing_loses_nothing(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    app = make_review_app(root, checklist_id="new-technology", title="T", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_flow(pilot)
        await type_text(pilot, "typed and quit")
        await pilot.press("ctrl+q")
    assert only_record(root).record.answers == {"problem": "typed and quit"}


async def test_a_pause_while_typing_the_title_does_not_name_the_record_after_half_of_it(
    tmp_path: Path,
) -> None:
    """The record's id (and file name) comes from the title given on leaving the first step,
    not from what the field held when a pause in typing let the draft be saved."""
    root = tmp_path / "decisions"
    app = make_review_app(root, checklist_id="new-technology", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        await type_text(pilot, "Adopt Puls")
        await pilot.pause(SAVE_DELAY * 4)  # a typist's pause, longer than the save's delay
        await type_text(pilot, "ar")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen.current == "problem")
        await settle(pilot, screen)
        await pilot.press("ctrl+q")
    stored = only_record(root)
    assert stored.record.title == "Adopt Pulsar"
    assert "adopt-pulsar" in stored.record.id and "adopt-pulsar" in stored.path.name


async def test_title_asked_first_when_not_given_and_leaving_at_once_leaves_nothing(
    tmp_path: Path,
) -> None:
    root = tmp_path / "decisions"
    app = make_review_app(root, checklist_id="new-technology", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        assert screen.current == "start"
        await pilot.press("ctrl+n")  # no title yet: stays
        assert screen.current == "start"
        await type_text(pilot, "Adopt Pulsar")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen.current == "problem")
        await settle(pilot, screen)
        await pilot.press("ctrl+q")
    record = only_record(root).record
    assert record.title == "Adopt Pulsar"
    assert "adopt-pulsar" in record.id
    assert record.technology.name == "Adopt Pulsar"  # followed the title it defaulted to
    assert [o.name for o in record.options] == ["Current stack", "Adopt Pulsar"]

    empty = tmp_path / "empty"
    app = make_review_app(empty, checklist_id="new-technology", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewFlowScreen))
        await pilot.press("ctrl+q")
    assert not empty.exists()


async def test_outline_jumps_and_marks_answered_and_skipped(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    app = make_review_app(root, checklist_id="new-technology", title="T", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        await type_text(pilot, "a problem")
        await pilot.press("ctrl+n")  # question 2 seen, left blank
        await pilot.press("ctrl+n")
        outline = screen.query_one("#review-outline", OptionList)
        prompts = [str(outline.get_option_at_index(i).prompt) for i in range(3)]
        assert prompts[1].startswith("✓ 1. What problem")
        assert prompts[2].startswith("– 2. How could we")
        await pilot.press("ctrl+o")
        assert app.focused is outline
        outline.highlighted = screen.order.index("low-risk-start")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.current == "low-risk-start")
        assert "question 7 of 8" in str(screen.query_one("#review-progress", Static).content)


async def test_performance_maturity_shows_the_level_as_answers_come(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    app = make_review_app(
        root, checklist_id="performance-maturity", title="Where are we", cursor_blink=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        level = screen.query_one("#review-level", Static)
        assert "Level: not chosen yet" in str(level.content)
        choices = screen.query_one("#choice-level", OptionList)
        assert app.focused is choices
        choices.highlighted = 2
        await pilot.press("enter")
        await wait_for(pilot, lambda: "L2 Global Metrics" in str(level.content))
        await pilot.press("ctrl+n")  # the group: its parts are listed
        await wait_for(pilot, lambda: screen.current == "management")
        await pilot.press("ctrl+n")
        await settle(pilot, screen)
        await type_text(pilot, "slow costs money")
        await wait_for(pilot, lambda: "2 of 6 answers" in str(level.content))
        await pilot.press("ctrl+q")
    record = only_record(root).record
    assert record.answers == {"level": "L2", "business-value": "slow costs money"}


async def test_record_fields_are_shown_literally_in_the_flow(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    stored = make_record(root, "Hostile " + HOSTILE, 1, answers={"problem": HOSTILE})
    app = make_review_app(root, edit=stored.record.id, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        progress = str(screen.query_one("#review-progress", Static).content)
        assert "[bold]x[/] [link=file:///etc/passwd]y[/link] ␛[31mred␛[0m" in progress
        assert "\x1b" not in progress
        answer = screen.query_one("#answer-problem", TextArea).text
        assert "[bold]x[/] [link=file:///etc/passwd]y[/link]" in answer
        assert "\x1b" not in answer
        await pilot.press("ctrl+q")
