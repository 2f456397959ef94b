"""The comparison screen's critique key: the first press says what it costs (N + 2 requests
for N columns, to which judge), a second press within CONFIRM_S starts it in an async worker.
The critique arrives in the session (`set_critique`), which keeps it in history; the grid marks
the spans. A judge that fails leaves the run as it was and says why."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from workbench.core.critique.models import NO_PREFERENCE, OPINION
from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.core.translate.models import Comparison
    from workbench.services.engine import ModelLane
    from workbench.tui.screens.compare.screen import CompareScreen

CONFIRM_S = 10.0
_asked: dict[int, float] = {}  # screen id -> when the cost was shown


def ask(screen: CompareScreen) -> None:
    from workbench.core.critique.models import requests_text
    from workbench.services.critique import judged_columns, request_count

    run = screen.session.comparison
    if run is None or screen.running:
        screen.notify("A critique judges a finished run: run it first.", severity="warning")
        return
    if any(w.group == "critique" and w.is_running for w in screen.workers):
        screen.notify("The critique is under way.", markup=False)
        return
    n = len(judged_columns(run))
    if n == 0:
        screen.notify("No rendition has text to critique.", severity="warning")
        return
    now = time.monotonic()
    asked = _asked.pop(id(screen), None)
    if asked is None or now - asked > CONFIRM_S:
        _asked[id(screen)] = now
        ranking = " + 2 (the ranking, asked in both orders)" if request_count(n) > n else ""
        screen.notify(
            f"A blind critique sends {n}{ranking} = {requests_text(request_count(n))} to the judge "
            "model (the run's first model that is not the embedded one). Press k again to start.",
            title="Critique",
            markup=False,
            timeout=CONFIRM_S,
        )
        return
    try:
        judge = _open(screen)
    except WorkbenchError as exc:
        screen.notify(exc.message, title="Cannot critique", severity="error", markup=False)
        return
    screen.notify(f"Asking the judge model ({requests_text(request_count(n))})…", markup=False)
    job = run_critique(screen, screen.session.run_no, run, judge)
    screen.run_worker(job, exclusive=True, group="critique", exit_on_error=False)


def _open(screen: CompareScreen) -> ModelLane:
    from workbench.services.critique import open_judge

    return open_judge(judge=None, request=screen.session.request, run=screen.session.comparison)


async def run_critique(
    screen: CompareScreen, run_no: int, run: Comparison, judge: ModelLane
) -> None:
    from workbench.llm.errors import clean_message
    from workbench.services.critique import critique_run

    try:
        result = (await critique_run(run, judge)).critique
    except Exception as exc:  # the run stays as it was; the failure is said
        screen.notify(
            clean_message(f"{type(exc).__name__}: {exc}"),
            title="The critique failed",
            severity="error",
            markup=False,
        )
        return
    if result is None or screen.gone():
        return
    if not screen.session.set_critique(run_no, result, run):
        if screen.session.run_no == run_no:  # a column or the reference changed meanwhile
            screen.notify(
                "The run changed while the judge read it (a column asked again, or the "
                "reference): its critique was dropped. "
                "Press k to ask again.",
                title="Critique",
                severity="warning",
                markup=False,
            )
        return
    lines = []
    if result.best is not None:
        column = screen.grid.widget(result.best)
        lines.append(f"Best: {column.shown_name if column is not None else result.best}.")
    elif result.ranking is not None:
        lines.append(f"Best: {NO_PREFERENCE}.")
    if result.consistency is not None:
        lines.append(f"Position consistency (Kendall's tau): {result.consistency:.2f}.")
    if result.unlocated:
        lines.append(f"{result.unlocated} claims could not be located.")
    failed = [c.error for c in result.columns if c.error]
    if failed:  # by count: a column's key would name its style in a blind run
        lines.append(f"The judge gave no answer for {len(failed)} column(s): {failed[0]}")
    if result.ranking_error:
        lines.append(f"The ranking failed: {result.ranking_error}")
    failures = failed or result.ranking_error
    screen.notify(
        " ".join(lines) or "No ranking.",
        title=f"Critique: {OPINION}",
        severity="warning" if failures else "information",
        markup=False,
        timeout=12,
    )
