"""The judgment's rules as the session applies them (`workbench.core.translate.judgment` holds
the rules themselves): blind mode on and off, a favourite picked or dropped, a note, and the
names the columns go by while a run is blind."""

from __future__ import annotations

from workbench.core.translate.judgment import blind_label, judge, start_blind
from workbench.core.translate.models import Comparison, Judgment
from workbench.services.session.columns import Refused


def is_blind(judgment: Judgment) -> bool:
    """The names are hidden: blind, not yet revealed, with an order to show."""
    return judgment.blind and not judgment.revealed and bool(judgment.blind_order)


def alias(judgment: Judgment, key: str) -> str | None:
    """The name column `key` goes by while the run is blind (None: its own)."""
    order = judgment.blind_order
    if not is_blind(judgment) or key not in order:
        return None
    return f"Rendition {blind_label(order.index(key))}"


def toggled_blind(run: Comparison) -> Judgment:
    """Blind mode off when it is on; else on (the columns shuffled, any favourite dropped)."""
    if is_blind(run.judgment):
        return run.judgment.model_copy(update={"blind": False, "blind_order": []})
    if len(run.renditions) < 2:
        raise Refused("Blind mode needs at least two renditions.")
    return start_blind(run).judgment.model_copy(
        update={"favourite": None, "revealed": False, "decided_at": None}
    )


def _judge_name(judgment: Judgment, key: str) -> str:
    """How `judge()` is told about a column: its letter while the run is blind."""
    order = judgment.blind_order
    if judgment.blind and key in order:
        return blind_label(order.index(key))
    return key


def picked(run: Comparison, key: str) -> Judgment:
    """Column `key` the favourite (picking it again drops it); a blind run is revealed."""
    j = run.judgment
    if j.favourite == key and not is_blind(j):
        return j.model_copy(update={"favourite": None, "decided_at": None})
    return judge(run, favourite=_judge_name(j, key)).judgment


def noted(run: Comparison, key: str, text: str) -> Judgment:
    """The note on column `key` (empty text removes it)."""
    return judge(run, notes=[(_judge_name(run.judgment, key), text)]).judgment
