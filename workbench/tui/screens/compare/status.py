"""The lines above the comparison's columns: the run (languages, progress, diff, blind) and
how much each style's samples vary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from workbench.services.session import TranslationSession
from workbench.tui.text import literal
from workbench.tui.widgets.redraw import redraw

if TYPE_CHECKING:
    from workbench.tui.screens.compare.screen import CompareScreen


def run_info(screen: CompareScreen) -> str:
    session = screen.session
    parts: list[str] = []
    if session.comparison is not None:
        parts.append(f"run {session.comparison.id}")
    parts.append(f"{screen.setup_pane.source or '?'} → {screen.setup_pane.target or '?'}")
    if session.running:
        parts.append(session.progress.report(session.columns.values()).line())
    else:
        parts.extend(outcome(screen))
    if screen.exporting:
        parts.append(f"exporting to {screen.exporting}…")
    elif session.comparison is not None and not session.analysed:
        parts.append("analysing…")
    grid = screen.grid
    base = grid.widget(grid.baseline) if grid.diff_on and grid.baseline else None
    if base is not None:
        parts.append(f"diff vs {base.shown_name}")
    if session.blind:
        parts.append("blind")
    if not grid.columns:
        parts.append("ctrl+r runs the passage in the chosen styles")
    parts.extend(session.run_notes())  # said once, for the whole run
    line = " · ".join(parts)
    if session.running and len(line) + len(STOP_HINT) <= screen.size.width - 2:
        line += STOP_HINT  # else the footer's `esc Stop` says it
    return line


STOP_HINT = " · escape stops"

ENDS = ("failed", "partial", "stopped")
"""The ends of a column the run's line counts (any page, shown or not): "done" is not news."""


def outcome(screen: CompareScreen) -> list[str]:
    """How the last run's columns ended, when not all of them did: `2 of 4 done · 1 failed ·
    1 partial` (at 80 columns half of them are on another page)."""
    states = [c.state for c in screen.session.columns.values() if c.state != "reference"]
    if not states or all(state == "done" for state in states):
        return []
    parts = [f"{states.count('done')} of {len(states)} done"]
    parts += [f"{states.count(end)} {end}" for end in ENDS if end in states]
    retrying = sum(state in ("waiting", "streaming") for state in states)
    if retrying:
        parts.append(f"{retrying} retrying")
    return [" · ".join(parts)]


TICK_S = 0.25
"""How often the run's line and the streaming columns' status are drawn again while a run
is going (elapsed time moves even when no text arrives)."""


def draw_info(screen: CompareScreen) -> None:
    """The run's line (and its samples' variance) above the columns."""
    redraw(screen.query_one("#run-info", Static), literal(run_info(screen)))
    box = screen.query_one("#variance", Static)
    shown = variance(screen.session)
    box.display = shown is not None
    if shown is not None:
        box.update(literal(shown))


def tick(screen: CompareScreen) -> None:
    """Redraw what moves with time: the run's line, the status of each column in flight."""
    if not (screen.session.running or screen.exporting) or screen.gone():
        return
    screen.refresh_info()
    for column in screen.grid.columns:
        if column.display and column.model.in_flight:  # off screen: drawn when shown
            column.refresh_header()


def variance(session: TranslationSession) -> str | None:
    """How much each style's samples differ, once analysed (None: nothing to show)."""
    run = session.comparison
    if run is None or not run.variance or session.blind or not session.analysed:
        return None
    names = {r.style: r.style_name for r in run.renditions}
    lines = [
        f"{names.get(v.style, v.style)}: {v.samples} samples, similarity between them "
        f"mean {v.mean_similarity:.2f}, min {v.min_similarity:.2f}"
        for v in run.variance
    ]
    return "Variance of samples · " + " · ".join(lines)
