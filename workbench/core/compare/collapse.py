"""Style collapse: when every style's rendition is the same, or nearly, the model cannot show
style differences (a small base model, such as the built-in one, renders every style alike).
The run says so once, with how to point the workbench at a real model."""

from __future__ import annotations

from workbench.core.translate.models import Comparison, PairDiff

COLLAPSE_SIMILARITY = 0.85
"""Renditions of different styles this alike (share of words in common) or more are the same."""

REAL_MODEL_HINT = (
    "for a real comparison, point the workbench at a larger model: OPENAI_BASE_URL="
    "http://localhost:11434/v1 (Ollama), http://localhost:8080/v1 (llama.cpp server) or "
    "http://localhost:8000/v1 (vLLM), with --model"
)


def collapse_note(run: Comparison, diffs: list[PairDiff]) -> str | None:
    """The run-level note when the renditions of two or more styles are (nearly) identical;
    None otherwise. Only whole renditions (no error) of distinct styles count."""
    style_of = {r.key: r.style for r in run.renditions if r.error is None and r.partial is None}
    if len(set(style_of.values())) < 2:
        return None
    between = [
        d for d in diffs if d.a in style_of and d.b in style_of and style_of[d.a] != style_of[d.b]
    ]
    if not between or any(d.similarity < COLLAPSE_SIMILARITY for d in between):
        return None
    model = f" ({run.model})" if run.model else ""
    return (
        f"the styles' renditions are identical or nearly so: this model{model} cannot show "
        f"style differences; {REAL_MODEL_HINT}"
    )
