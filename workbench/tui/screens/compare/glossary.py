"""The run's glossary on the comparison screen: its source terms underlined in the passage,
their fixed renderings underlined in each column (and in the reference), once a run has
finished. Marks are spans over the text as shown, never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.css.query import NoMatches

from workbench.core.compare.analysis import REFERENCE
from workbench.core.compare.glossary import blind_entries, entries_for, term_spans
from workbench.tui.text import visible
from workbench.tui.widgets.source_area import SourceArea

if TYPE_CHECKING:
    from workbench.tui.screens.compare.screen import CompareScreen

MARKED_ON = frozenset({"columns", "run", "analysis", "reference", "finished", "reset", "judgment"})


def follow(screen: CompareScreen, kind: str) -> None:
    """Mark the glossary's terms again after a change of the session (`kind`)."""
    if kind not in MARKED_ON:
        return
    run = screen.session.comparison
    entries = run.glossary if run is not None and not screen.session.running else []
    try:
        source = screen.query_one("#source", SourceArea)
    except NoMatches:
        source = None
    if source is not None:
        language = run.source.language if run is not None else ""
        source.set_terms([e.source for e in entries], language)
    for column in screen.columns:
        if not entries or run is None:
            column.mark_terms("", [])
            continue
        rendition = run.column(column.key)
        if column.key == REFERENCE:
            targets = [e.target for e in entries]
        elif rendition is not None and screen.session.blind:  # one style's would tell it
            styles = {r.style for r in run.renditions}
            targets = [e.target for e in blind_entries(entries, styles)]
        elif rendition is not None:
            targets = [e.target for e in entries_for(entries, rendition.style)]
        else:
            targets = []
        shown = visible(column.text)
        column.mark_terms(shown, term_spans(shown, targets, run.target.language))
