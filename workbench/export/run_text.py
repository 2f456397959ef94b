"""A translation run as plain text for the terminal (ANSI colours only when asked)."""

from __future__ import annotations

from workbench.core.text_safety import one_line
from workbench.export.diff_render import ops_to_ansi, ops_to_plain
from workbench.export.run_critique import column_line, critique_view, error_line
from workbench.export.run_view import (
    PARTIAL_NOTE,
    ROUND_TRIP_LABEL,
    RunView,
    glossary_lines,
    judgment_lines,
    similarity_rows,
)
from workbench.export.sanitize import strip_controls


def render_text(view: RunView, *, colour: bool = False) -> str:
    out: list[str] = [f"Note: {strip_controls(n)}" for n in view.run.run_notes]
    if out:
        out.append("")
    marks = ops_to_ansi if colour else ops_to_plain
    baseline = one_line(view.baseline or "")
    for col in view.columns:
        star = " ★ favourite" if col.favourite else ""
        out.append(f"== {one_line(col.label)} [{one_line(', '.join(col.meta))}]{star}")
        if col.partial is not None:
            out.append(f"   PARTIAL: {strip_controls(col.partial)}; {PARTIAL_NOTE}")
        if col.is_baseline:
            out.append("   (baseline for the diff marks)")
        elif col.similarity is not None:
            out.append(f"   similarity to {baseline}: {col.similarity:.2f}")
        if col.ops is not None:
            out.append(marks(col.ops))
        elif col.text:
            out.append(strip_controls(col.text))
        out.extend(f"  {strip_controls(f)}" for f in col.footnotes)
        out.extend(f"  note: {strip_controls(n)}" for n in col.notes)
        if col.metrics:
            out.append(f"  vs reference: {one_line(' · '.join(col.metrics))}")
        out.extend(f"  flag: {strip_controls(f.message)}" for f in col.flags)
        out.extend(f"  glossary {strip_controls(line)}" for line in glossary_lines(col))
        if col.round_trip is not None:
            trip = col.round_trip
            out.append(f"  {ROUND_TRIP_LABEL}:")
            if trip.error is not None:
                out.append(
                    f"    failed ({one_line(trip.error.type)}): {one_line(trip.error.message)}"
                )
            else:
                if trip.similarity_to_source is not None:
                    out.append(f"    similarity to the source: {trip.similarity_to_source:.2f}")
                body = marks(trip.ops) if trip.ops else strip_controls(trip.text)
                out.extend(f"    {line}" for line in body.splitlines())
        if col.user_note:
            out.append(f"  your note: {strip_controls(col.user_note)}")
        if col.error is not None:
            failed = "STOPPED" if col.partial is not None else "FAILED"
            out.append(f"  {failed} ({one_line(col.error)})")  # a server's page: one line
        out.append("")
    rows = similarity_rows(view)
    if rows is not None:
        names, matrix = [one_line(n) for n in rows[0]], rows[1]
        width = max(len(n) for n in names)
        cell = max(5, min(12, width))
        out.append("Similarity (share of words in common):")
        out.append(" " * width + "  " + "  ".join(f"{n[:cell]:>{cell}}" for n in names))
        for name, row in zip(names, matrix, strict=True):
            out.append(f"{name:<{width}}  " + "  ".join(f"{v:>{cell}.2f}" for v in row))
        out.append("")
    for v in view.run.variance:
        out.append(
            f"Variance of {one_line(v.style)}: {v.samples} samples, similarity between them "
            f"mean {v.mean_similarity:.2f}, lowest {v.min_similarity:.2f}"
        )
    out.extend(one_line(line) for line in judgment_lines(view))
    critique = critique_view(view)
    if critique is not None:
        out += ["", one_line(critique.title) + ":"]
        out += [f"  {one_line(line)}" for line in critique.summary]
        for column in critique.columns:
            out.append(f"  {one_line(column_line(column))}")
            for error in column.errors:
                shown = [strip_controls(part) for part in error_line(error)]
                out.append(f"    - {shown[0]}: «{shown[1]}»: {shown[2]}")
    if not colour and any(c.ops for c in view.columns):
        out.append("Marks: [-only in the baseline-] {+only in this column+}")
    return "\n".join(out).rstrip() + "\n"
