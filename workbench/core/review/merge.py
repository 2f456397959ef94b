"""Three-way merge of a record, field by field (pure, no I/O).

`base` is the version an edit started from, `mine` the edit, `theirs` what is on disk now.
Mappings are merged key by key, all the way down: each answer (one per question id) is its own
field, as are `technology.name` and `review.where`. Anything else (text, a date, a list such as
`history` or `references`) is one value. A field changed on one side only takes that change;
changed on both sides to different values, it is a conflict, named by its dotted path
(`answers.problem`, `status`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.review.record import DecisionRecord

_MISSING: Any = object()


@dataclass
class Merged:
    data: dict[str, Any]
    """The merged record's fields (the conflicting ones as on disk)."""
    conflicts: list[str] = field(default_factory=list)
    """The fields both sides changed differently."""
    theirs: list[str] = field(default_factory=list)
    """The fields taken from the version on disk (changed by someone else)."""


def merge_records(
    base: DecisionRecord,
    mine: DecisionRecord,
    theirs: DecisionRecord,
    *,
    overrule: frozenset[str] = frozenset(),
) -> Merged:
    """Merge `mine` and `theirs`, both made from `base`. A conflicting field named in
    `overrule` takes `mine` (the user chose to replace the other value)."""
    return merge_data(
        base.model_dump(mode="python"),
        mine.model_dump(mode="python"),
        theirs.model_dump(mode="python"),
        overrule=overrule,
    )


def merge_data(
    base: dict[str, Any],
    mine: dict[str, Any],
    theirs: dict[str, Any],
    *,
    overrule: frozenset[str] = frozenset(),
) -> Merged:
    """The same merge of any data (mappings merged key by key, anything else one value)."""
    merged = Merged({})
    merged.data = _merge(base, mine, theirs, "", merged, overrule)
    return merged


def _merge(
    base: Any, mine: Any, theirs: Any, path: str, out: Merged, overrule: frozenset[str]
) -> Any:
    if mine == theirs:
        return mine
    if mine == base:
        out.theirs.append(path)
        return theirs
    if theirs == base:
        return mine
    if isinstance(mine, dict) and isinstance(theirs, dict):
        old = base if isinstance(base, dict) else {}
        result: dict[str, Any] = {}
        for key in [*mine, *(k for k in theirs if k not in mine)]:
            where = f"{path}.{key}" if path else str(key)
            value = _merge(
                old.get(key, _MISSING),
                mine.get(key, _MISSING),
                theirs.get(key, _MISSING),
                where,
                out,
                overrule,
            )
            if value is not _MISSING:
                result[key] = value
        return result
    if path in overrule:
        return mine
    out.conflicts.append(path)
    return theirs
