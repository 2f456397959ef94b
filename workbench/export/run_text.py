"""A translation run as plain text for the terminal."""

from __future__ import annotations

from workbench.export.sanitize import strip_controls
from workbench.translate.models import Comparison, Rendition


def _meta(r: Rendition) -> str:
    bits = [r.model or "?"]
    if r.latency_ms is not None:
        bits.append(f"{r.latency_ms / 1000:.2f} s")
    if r.usage and r.usage.total_tokens is not None:
        bits.append(f"{r.usage.total_tokens} tokens")
    if r.cached:
        bits.append("cached")
    return ", ".join(bits)


def render_text(run: Comparison) -> str:
    out: list[str] = []
    for r in run.renditions:
        out.append(f"== {strip_controls(r.style_name)} ({r.style}) [{_meta(r)}]")
        if r.text:
            out.append(strip_controls(r.text))
        for footnote in r.footnotes:
            out.append(f"  {strip_controls(footnote)}")
        for note in r.notes:
            out.append(f"  note: {strip_controls(note)}")
        if r.error is not None:
            out.append(f"  FAILED ({r.error.type}): {strip_controls(r.error.message)}")
        out.append("")
    return "\n".join(out)
