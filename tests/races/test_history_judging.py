"""A run's history file judged from two places at once: the comparison screen's session and
`workbench history judge` (another process). Nothing reported as saved is lost: changes to
different parts merge; the same part changed both ways is refused to the later one, which is
told. The race tests run real processes (tests/races/judge_worker.py).

Iterations: 50 by default; set WORKBENCH_TEST_RACE_ITERATIONS to run more.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import wb
from tests.races.helpers import in_step, iterations
from tests.tui.helpers import PASSAGE
from workbench.core.translate.judgment import start_blind
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
from workbench.io.translate.history import load_run, save_run
from workbench.services.engine import new_run_id
from workbench.services.session import TranslationSession

STYLES = ("rosner", "literal", "bernofsky")


def saved_run(*, blind: bool = False) -> Comparison:
    run = Comparison(
        id=new_run_id(),
        source=SourceText(text=PASSAGE, language="de"),
        target=TargetSpec(language="en"),
        renditions=[Rendition(style=s, style_name=s.title(), text=f"{s}: I can.") for s in STYLES],
    )
    if blind:
        run = start_blind(run, seed=3)
    save_run(run)
    return run


def opened(run_id: str) -> tuple[TranslationSession, list[str]]:
    warnings: list[str] = []
    session = TranslationSession(warn=warnings.append)
    session.open(load_run(run_id))
    return session, warnings


def test_a_favourite_from_the_cli_survives_a_note_typed_in_the_open_screen() -> None:
    run = saved_run()
    session, warnings = opened(run.id)
    judged = wb("history", "judge", run.id, "--favourite", "literal")
    assert judged.returncode == 0, judged.stderr
    session.set_note("rosner", "too free")
    saved = load_run(run.id)
    assert saved.judgment.favourite == "literal"  # the CLI said it saved it
    assert saved.judgment.notes == {"rosner": "too free"}
    assert warnings == []
    assert session.judgment.favourite == "literal"  # the screen shows it too


def test_a_note_from_the_cli_survives_a_favourite_picked_in_the_open_screen() -> None:
    run = saved_run()
    session, warnings = opened(run.id)
    judged = wb("history", "judge", run.id, "--note", "bernofsky", "fine")
    assert judged.returncode == 0, judged.stderr
    session.pick_favourite("rosner")
    saved = load_run(run.id)
    assert saved.judgment.notes == {"bernofsky": "fine"}
    assert saved.judgment.favourite == "rosner"
    assert warnings == []


def test_two_favourites_the_later_is_refused_and_told() -> None:
    run = saved_run()
    session, warnings = opened(run.id)
    judged = wb("history", "judge", run.id, "--favourite", "literal")
    assert judged.returncode == 0, judged.stderr
    session.pick_favourite("rosner")
    saved = load_run(run.id)
    assert saved.judgment.favourite == "literal"  # reported as saved: kept
    assert len(warnings) == 1 and "favourite" in warnings[0] and "not saved" in warnings[0]
    assert session.judgment.favourite == "literal"  # the screen shows what is saved


def test_the_same_note_changed_both_ways_keeps_the_cli_one_and_says_so() -> None:
    run = saved_run()
    session, warnings = opened(run.id)
    assert wb("history", "judge", run.id, "--note", "rosner", "cli").returncode == 0
    session.set_note("rosner", "screen")
    assert load_run(run.id).judgment.notes == {"rosner": "cli"}
    assert len(warnings) == 1 and "rosner" in warnings[0]


def test_blind_on_in_the_screen_and_a_cli_note_merge() -> None:
    run = saved_run()
    session, warnings = opened(run.id)
    assert wb("history", "judge", run.id, "--note", "literal", "stiff").returncode == 0
    assert session.toggle_blind()
    saved = load_run(run.id)
    assert saved.judgment.blind and sorted(saved.judgment.blind_order) == sorted(STYLES)
    assert saved.judgment.notes == {"literal": "stiff"}
    assert warnings == []


def test_the_cli_refuses_a_favourite_when_the_screen_picked_another_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CLI's own read-modify-write: another process saving between its read and its write
    is merged or refused (exit 1), never overwritten."""
    import workbench.core.translate.judgment as judgment_rules

    run = saved_run()
    real_judge = judgment_rules.judge

    def judge_while_the_screen_saves(run: Comparison, **kw: Any) -> Comparison:
        session, _ = opened(run.id)
        session.pick_favourite("bernofsky")  # lands between the CLI's read and its write
        return real_judge(run, **kw)

    monkeypatch.setattr(judgment_rules, "judge", judge_while_the_screen_saves)
    judged = wb("history", "judge", run.id, "--favourite", "literal")
    assert judged.returncode == 1, (judged.stdout, judged.stderr)
    assert "favourite" in judged.stderr and "not saved" in judged.stderr
    assert load_run(run.id).judgment.favourite == "bernofsky"


def race(tmp_path: Path, run_id: str, *columns: str) -> list[list[dict[str, object]]]:
    go = tmp_path / "go"
    arg_lists = [[run_id, col, str(iterations()), str(go)] for col in columns]
    return in_step("tests.races.judge_worker", arg_lists, go)


def test_two_processes_noting_columns_lose_no_note(tmp_path: Path) -> None:
    """Process a notes column a-i in its iteration i, process b column b-i: every note stays."""
    n = iterations()
    keys = [f"{p}-{i}" for p in "ab" for i in range(n)]
    run = Comparison(
        id=new_run_id(),
        source=SourceText(text=PASSAGE, language="de"),
        target=TargetSpec(language="en"),
        renditions=[Rendition(style=k, style_name=k, text=f"{k}: I can.") for k in keys],
    )
    save_run(run)
    reports = race(tmp_path, run.id, "a", "b")
    for report in reports:
        assert [line["code"] for line in report] == [0] * n, report
    notes = load_run(run.id).judgment.notes
    assert sorted(set(keys) - set(notes)) == []
    assert all(notes[k] == f"note {k}" for k in keys)


async def test_the_screen_keeps_a_favourite_given_by_the_cli_meanwhile() -> None:
    """End to end in the app: a note typed in the screen after `history judge --favourite`
    keeps the CLI's favourite, which the screen then shows; a favourite picked in the screen
    unaware of another one given by the CLI is refused with a notice, the CLI's kept."""
    from textual.widgets import TextArea

    from tests.tui.helpers import column, compare_screen, shown_title
    from workbench.tui.app import make_app
    from workbench.tui.screens.dialogs import TextDialog

    run = saved_run()
    async with make_app(run_id=run.id, cursor_blink=False).run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        assert wb("history", "judge", run.id, "--favourite", "literal").returncode == 0
        rosner = column(screen, "rosner")
        rosner.focus()
        await pilot.press("n")
        assert isinstance(pilot.app.screen, TextDialog)
        pilot.app.screen.query_one(TextArea).text = "too free"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "★" in shown_title(column(screen, "literal"))
        assert wb("history", "judge", run.id, "--favourite", "bernofsky").returncode == 0
        await pilot.press("f")  # rosner the favourite, unaware of bernofsky: the CLI's stands
        await pilot.pause()
        notices = [str(n.message) for n in pilot.app._notifications]
        assert any("favourite" in n and "not saved" in n for n in notices), notices
        assert "★" in shown_title(column(screen, "bernofsky"))
        assert "★" not in shown_title(rosner)
    saved = load_run(run.id)
    assert saved.judgment.favourite == "bernofsky"
    assert saved.judgment.notes == {"rosner": "too free"}
