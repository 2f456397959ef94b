"""The lines above the comparison's columns: the run (languages, progress, diff, blind) and
how much each style's samples vary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.services.session import TranslationSession

if TYPE_CHECKING:
    from workbench.tui.screens.compare.screen import CompareScreen


def run_info(screen: CompareScreen) -> str:
    session = screen.session
    parts: list[str] = []
    if session.comparison is not None:
        parts.append(f"run {session.comparison.id}")
    parts.append(f"{screen.setup_pane.source or '?'} → {screen.setup_pane.target or '?'}")
    if session.running:
        parts.append("running… (escape stops)")
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
    return " · ".join(parts)


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
