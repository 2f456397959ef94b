"""How the judge's marks look: a fixed run from history with a critique, the focused column
showing the reasons (spans underlined by severity, the panel labelled as the judge's opinion)."""

from __future__ import annotations

from typing import Any

from tests.tui.helpers import wait_for
from tests.tui.test_snapshots import RUN_ID, fixed_run
from workbench.core.critique.models import ColumnCritique, Critique, MarkedError
from workbench.io.translate.history import load_run, save_run
from workbench.tui.app import make_app
from workbench.tui.screens.compare import CompareScreen


def error(text: str, span: str, severity: str, reason: str) -> MarkedError:
    start = text.index(span)
    return MarkedError.model_validate(
        {
            "span": span,
            "sentence": 1,
            "start": start,
            "end": start + len(span),
            "category": "accuracy/mistranslation",
            "severity": severity,
            "reason": reason,
        }
    )


def critiqued_run() -> None:
    fixed_run()
    run = load_run(RUN_ID)
    rosner, neugroschel, _ = run.renditions
    run.critique = Critique(
        judge="judge-model",
        requests=5,
        source_tokens=30,
        columns=[
            ColumnCritique(
                column="rosner",
                errors=[
                    error(rosner.text, "I can fast", "minor", "fasting is a skill here"),
                    error(rosner.text, "merchant", "major", "Kaufmann: a trader, not a shop"),
                ],
                unlocated=1,
                score=20.0,
            ),
            ColumnCritique(
                column="neugroschel",
                errors=[error(neugroschel.text, "[1]", "critical", "a footnote mark left in")],
                score=33.33,
            ),
            ColumnCritique(column="bernofsky", score=0.0),
        ],
        ranking=["bernofsky", "rosner", "neugroschel"],
        ranking_reversed=["bernofsky", "neugroschel", "rosner"],
        best="bernofsky",
        consistency=1 / 3,
    )
    save_run(run)


async def focus_first(pilot: Any) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await wait_for(pilot, lambda: bool(screen.columns) and bool(screen.columns[0].critique_marks))
    screen.columns[0].focus()
    await pilot.pause()


def test_critique_marks(snap_compare: Any) -> None:
    critiqued_run()
    app = make_app(run_id=RUN_ID, cursor_blink=False)
    assert snap_compare(app, terminal_size=(200, 50), run_before=focus_first)
