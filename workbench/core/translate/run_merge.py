"""Three-way merge of a translation run kept in history (pure, no I/O).

`base` is the version a change started from (what the comparison screen opened or last saved,
what `history judge` read), `mine` the change, `theirs` what is in history now. It is the
merge of decision records (`workbench.core.review.merge`), with the judgment split in two: each
note (one per column) is its own field; the favourite and blind mode (favourite, blind, order,
revealed, the time of the decision) are one field, `judgment.favourite`, since they only make
sense together. The same favourite picked on both sides is no conflict (the first time stays).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.review.merge import merge_data
from workbench.core.translate.models import Comparison

_DECISION = ("favourite", "blind", "blind_order", "revealed", "decided_at")


@dataclass
class MergedRun:
    run: Comparison
    """The merged run (the conflicting fields as in `theirs`)."""
    conflicts: list[str] = field(default_factory=list)
    """The fields both sides changed differently (`judgment.favourite`, `judgment.notes.KEY`)."""
    theirs: list[str] = field(default_factory=list)
    """The fields taken from `theirs` (changed by someone else)."""


def same_run(a: Comparison, b: Comparison) -> bool:
    """The two versions hold the same data."""
    return a.model_dump(mode="json") == b.model_dump(mode="json")


def merge_runs(base: Comparison, mine: Comparison, theirs: Comparison) -> MergedRun:
    base_d, mine_d, theirs_d = (_split(run) for run in (base, mine, theirs))
    mine_j, theirs_j = mine_d["judgment"]["favourite"], theirs_d["judgment"]["favourite"]
    if {**mine_j, "decided_at": None} == {**theirs_j, "decided_at": None}:
        mine_j["decided_at"] = theirs_j["decided_at"]  # the same pick: the first time stays
    merged = merge_data(base_d, mine_d, theirs_d)
    data = merged.data
    judgment = data.get("judgment")
    if isinstance(judgment, dict) and isinstance(judgment.get("favourite"), dict):
        data["judgment"] = {**judgment.pop("favourite"), **judgment}
    return MergedRun(Comparison.model_validate(data), merged.conflicts, merged.theirs)


def _split(run: Comparison) -> dict[str, Any]:
    data = run.model_dump(mode="json")
    judgment = data["judgment"]
    data["judgment"] = {
        "notes": judgment.pop("notes"),
        "favourite": {name: judgment.pop(name) for name in _DECISION},
        **judgment,
    }
    return data
