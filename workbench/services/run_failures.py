"""What a finished run failed to deliver, for the exit code and the lines on stderr: the
columns that failed or are partial (round trips included), and planned columns it lacks."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.core.columns import ColumnKey
from workbench.core.translate.models import Comparison


def missing_columns(comparison: Comparison, planned: Iterable[ColumnKey]) -> list[str]:
    """The planned columns (style x model x sample) with no rendition, in plan order: never
    expected (the engine ends every column), but one lost would be counted, never passed over."""
    present = {r.key for r in comparison.renditions}
    return [str(key) for key in planned if str(key) not in present]


def run_failures(comparison: Comparison) -> list[str]:
    """One line for each requested column that failed, its round trip included (a blind run
    names the column by its letter, never by its style). When every column failed for the same
    reason (a wrong model name, a refused key), that reason is said once."""
    from workbench.core.text_safety import one_line
    from workbench.core.translate.judgment import masked

    shown = masked(comparison)
    blind = shown is not comparison
    reasons = {
        (r.error.type, r.error.message) if r.error and r.partial is None else None
        for r in shown.renditions
    }
    if len(shown.renditions) > 1 and len(reasons) == 1 and None not in reasons:
        error = shown.renditions[0].error
        assert error is not None
        n = len(shown.renditions)
        return [f"every style failed ({error.type}): {one_line(error.message)} (all {n} styles)"]
    lines = []
    for r in shown.renditions:
        what = "column" if r.column_model else "style"
        column = f"rendition {r.style}" if blind else f"{what} {r.key}"
        kind = r.error.type if r.error else "partial"
        reason = one_line(r.error.message) if r.error else ""
        if r.partial is not None:
            lines.append(f"{column} is partial ({r.partial.description}; {kind}): {reason}")
        elif r.error is not None:
            lines.append(f"{column} failed ({kind}): {reason}")
        if r.round_trip is not None and r.round_trip.error is not None:
            error = r.round_trip.error
            lines.append(
                f"the round trip of {column} failed ({error.type}): {one_line(error.message)}"
            )
    return lines
