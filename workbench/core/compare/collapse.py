"""Style collapse: when every style's rendition is the same, or nearly, the model cannot show
style differences (a small base model, such as the built-in one, renders every style alike).
The run says so once, with how to point the workbench at a real model."""

from __future__ import annotations

import re

from workbench.core.translate.models import Comparison, PairDiff

COLLAPSE_SIMILARITY = 0.85
"""Renditions of different styles this alike (share of words in common) or more are the same."""
SHORT_WORDS = 20
"""Renditions shorter than this (in words) are the same only when their words are (case and
punctuation aside): in a short passage one word is a large share, and one word can be all a
style changes ("fast" or "starve")."""

REAL_MODEL_HINT = (
    "for a real comparison, point the workbench at a larger model: OPENAI_BASE_URL="
    "http://localhost:11434/v1 (Ollama), http://localhost:8080/v1 (llama.cpp server) or "
    "http://localhost:8000/v1 (vLLM), with --model"
)


def collapse_note(run: Comparison, diffs: list[PairDiff]) -> str | None:
    """The run-level note when the renditions of two or more styles are (nearly) identical;
    None otherwise. Only whole renditions (no error) of distinct styles count, and only
    within one model: with models side by side, each model's styles are judged apart (a pair
    across models tells the models apart, not the styles) and the note names the models
    that collapsed."""
    lane_of = {
        r.key: (r.endpoint, r.column_model)
        for r in run.renditions
        if r.error is None and r.partial is None
    }
    style_of = {r.key: r.style for r in run.renditions if r.key in lane_of}
    words = {
        r.key: re.findall(r"\w+", r.text.casefold()) for r in run.renditions if r.key in lane_of
    }
    collapsed = [
        lane
        for lane in dict.fromkeys(lane_of.values())
        if _collapsed(lane, lane_of, style_of, words, diffs)
    ]
    if not collapsed:
        return None
    if len(set(lane_of.values())) == 1:
        model = f" ({run.model})" if run.model else ""
        return (
            f"the styles' renditions are identical or nearly so: this model{model} cannot "
            f"show style differences; {REAL_MODEL_HINT}"
        )
    names = ", ".join(_lane_name(lane) for lane in collapsed)
    which = "this model" if len(collapsed) == 1 else "these models"
    return (
        f"the styles' renditions of model {names} are identical or nearly so: {which} cannot "
        f"show style differences; {REAL_MODEL_HINT}"
    )


_Lane = tuple[str | None, str | None]


def _collapsed(
    lane: _Lane,
    lane_of: dict[str, _Lane],
    style_of: dict[str, str],
    words: dict[str, list[str]],
    diffs: list[PairDiff],
) -> bool:
    mine = {key for key, other in lane_of.items() if other == lane}
    if len({style_of[key] for key in mine}) < 2:
        return False
    between = [d for d in diffs if d.a in mine and d.b in mine and style_of[d.a] != style_of[d.b]]
    if not between:
        return False
    if min(len(words[key]) for key in mine) < SHORT_WORDS:
        return all(words[d.a] == words[d.b] for d in between)
    return all(d.similarity >= COLLAPSE_SIMILARITY for d in between)


def _lane_name(lane: _Lane) -> str:
    endpoint, model = lane
    name = model or "(the configured one)"
    return f"{name} on {endpoint}" if endpoint else name
