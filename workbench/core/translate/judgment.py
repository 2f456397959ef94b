"""Recording the user's judgment on a run: favourite, notes, blind mode."""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from datetime import UTC, datetime
from typing import cast

from workbench.core.columns import ColumnKey
from workbench.core.compare.diff import SimilarityMatrix, flip_ops
from workbench.core.compare.flags import Flag
from workbench.core.compare.glossary import (
    MISSING_KIND,
    GlossaryCheck,
    glossary_flag,
    one_style_terms,
)
from workbench.core.critique.models import Critique
from workbench.core.errors import WorkbenchError
from workbench.core.translate.models import (
    Comparison,
    Judgment,
    PairDiff,
    Provenance,
    RenditionError,
)


def blind_label(index: int) -> str:
    letters = string.ascii_uppercase
    return letters[index] if index < len(letters) else f"Z{index}"


def start_blind(run: Comparison, *, seed: int | None = None) -> Comparison:
    """Hide the style names: shuffle the columns under letters until a favourite is picked."""
    order = [r.key for r in run.renditions]
    random.Random(seed).shuffle(order)
    judgment = run.judgment.model_copy(update={"blind": True, "blind_order": order})
    return run.model_copy(update={"judgment": judgment})


def resolve_column(run: Comparison, name: str) -> str:
    """A column key from what the user typed: a key, a style id, or a blind letter."""
    keys = [r.key for r in run.renditions]
    if run.judgment.blind and run.judgment.blind_order:
        labels = {blind_label(i): k for i, k in enumerate(run.judgment.blind_order)}
        if name.upper() in labels:
            return labels[name.upper()]
        if not run.judgment.revealed:
            raise WorkbenchError(
                f"this run is blind: name a column by its letter ({', '.join(labels)})"
            )
    if name in keys:
        return name
    if str(ColumnKey.parse(name)) in keys:  # `rosner@default:m` is `rosner@m`
        return str(ColumnKey.parse(name))
    raise WorkbenchError(f"no column {name!r} in run {run.id} (columns: {', '.join(keys)})")


def judge(
    run: Comparison,
    *,
    favourite: str | None = None,
    notes: list[tuple[str, str]] | None = None,
) -> Comparison:
    """The run with the favourite and notes recorded; picking a favourite reveals a blind run."""
    judgment: Judgment = run.judgment.model_copy(deep=True)
    for column, text in notes or []:
        key = resolve_column(run, column)
        if text.strip():
            judgment.notes[key] = text
        else:
            judgment.notes.pop(key, None)
    if favourite is not None:
        judgment.favourite = resolve_column(run, favourite)
        judgment.revealed = True
        judgment.decided_at = datetime.now(UTC)
    return run.model_copy(update={"judgment": judgment})


HIDDEN_STYLE = "(hidden)"
"""What a blind run shows for the style of a glossary entry for one style."""
HIDDEN = "(hidden)"


def hidden_names(run: Comparison) -> list[str]:
    """What names a column's model or endpoint, which a blind run must not show, not even
    inside an error message: every model, endpoint name and endpoint URL of the run (longest
    first, so that a name inside another is replaced with it)."""
    names: set[str] = set()
    for r in run.renditions:
        names.update(n for n in (r.model, r.column_model, r.endpoint) if n)
        names.update(n for n in (r.provenance.base_url,) if n)
        if r.column_model and ":" in r.column_model:
            names.add(r.column_model.split(":", 1)[0])
    if run.model:
        names.update(part.strip() for part in run.model.split(",") if part.strip())
    return sorted((n for n in names if len(n) > 1), key=len, reverse=True)


def hide_names(text: str, names: list[str]) -> str:
    """`text` with each of `names` (from `hidden_names()`) replaced by "(hidden)"."""
    for name in names:
        if name in text:  # "(gpt-4o)" is "(hidden)", not "((hidden))"
            text = text.replace(f"({name})", HIDDEN).replace(name, HIDDEN)
    return text


_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")


def _hidden_error(error: RenditionError | None, names: list[str]) -> RenditionError | None:
    """The error without the run's model and endpoint names, and without numbers: a server's
    message may quote the request's size ("your messages resulted in 4566 tokens"), and the
    styles' prompts differ in size. The error's type and words stay."""
    if error is None:
        return None
    message = _NUMBER.sub("#", hide_names(error.message, names))
    return error.model_copy(update={"message": message})


def masked(run: Comparison) -> Comparison:
    """What may be shown of a blind run before its favourite is picked: columns under letters,
    in the shuffled order, with nothing that tells them apart but their words: no name, id,
    model, endpoint, provider, temperature, prompt hash, output mode or dropped parameters, no
    token counts, timing, cache flag or where the alignment came from (the model's segments
    or the aligner), and no model or endpoint named in an error; the similarity matrix and
    the diffs in letter order."""
    j = run.judgment
    if not j.blind or j.revealed or not j.blind_order:
        return run
    label = {key: blind_label(i) for i, key in enumerate(j.blind_order)}
    by_key = {r.key: r for r in run.renditions}
    names = hidden_names(run)
    own_terms = one_style_terms(run.glossary, {r.style for r in run.renditions})
    renditions = []
    for key in j.blind_order:
        r = by_key.get(key)
        if r is None:
            continue
        provenance = Provenance(chunks=r.provenance.chunks, provider=HIDDEN)
        trip = r.round_trip
        if trip is not None and trip.error is not None:
            trip = trip.model_copy(update={"error": _hidden_error(trip.error, names)})
        renditions.append(
            r.model_copy(
                update={
                    "style": label[key],
                    "style_name": f"Rendition {label[key]}",
                    "sample": 1,
                    "endpoint": None,
                    "column_model": None,
                    "model": None,
                    "provenance": provenance,
                    "usage": None,
                    "latency_ms": None,
                    "cached": False,
                    "alignment_origin": None,
                    "error": _hidden_error(r.error, names),
                    "round_trip": trip,
                    **_shared_glossary(r.glossary, r.flags, own_terms),
                }
            )
        )

    def rename(name: str) -> str:
        return label.get(name, name)

    def rank(name: str) -> tuple[int, str]:
        """Letters first, in letter order; other columns (the reference) after them."""
        return (j.blind_order.index(name), "") if name in label else (len(label), name)

    diffs = []
    for d in run.diffs:
        if rank(d.a) > rank(d.b):
            d = PairDiff(a=d.b, b=d.a, ops=flip_ops(d.ops), similarity=d.similarity)
        diffs.append(d)
    diffs.sort(key=lambda d: (rank(d.a), rank(d.b)))
    diffs = [d.model_copy(update={"a": rename(d.a), "b": rename(d.b)}) for d in diffs]
    similarity = None
    if run.similarity is not None:
        names = run.similarity.names
        order = sorted(range(len(names)), key=lambda i: rank(names[i]))
        similarity = SimilarityMatrix(
            names=[rename(names[i]) for i in order],
            matrix=[[run.similarity.matrix[i][k] for k in order] for i in order],
        )
    judgment = Judgment(
        blind=True,
        notes={rename(k): v for k, v in sorted(j.notes.items(), key=lambda kv: rank(kv[0]))},
    )
    return run.model_copy(
        update={
            "renditions": renditions,
            "diffs": diffs,
            "similarity": similarity,
            "variance": [],
            "judgment": judgment,
            "model": None,
            "critique": _masked_critique(run, rename),
            "run_notes": [hide_names(note, hidden_names(run)) for note in run.run_notes],
            "glossary": [  # which style an entry is for would name the style
                e.model_copy(update={"style": HIDDEN_STYLE}) if e.style else e for e in run.glossary
            ],
        }
    )


def shown_flags(run: Comparison, key: str) -> list[Flag]:
    """Column `key`'s flags as `masked` shows them: while the run is blind, its glossary flag
    names no term of an entry for one style only."""
    rendition = run.column(key)
    if rendition is None:
        return []
    j = run.judgment
    if not j.blind or j.revealed or not j.blind_order:
        return list(rendition.flags)
    own_terms = one_style_terms(run.glossary, {r.style for r in run.renditions})
    kept = _shared_glossary(rendition.glossary, rendition.flags, own_terms).get("flags")
    return list(rendition.flags) if kept is None else cast(list[Flag], kept)


def _shared_glossary(
    check: GlossaryCheck | None, flags: list[Flag], own_terms: set[str]
) -> dict[str, object]:
    """A column's glossary check (and its flag) without the terms that have an entry for one
    style: only that style's column is checked for its entry, which would tell the column."""
    if check is None or not own_terms:
        return {}
    kept = GlossaryCheck(
        hits=[t for t in check.hits if t.source.casefold() not in own_terms],
        misses=[t for t in check.misses if t.source.casefold() not in own_terms],
    )
    flag = glossary_flag(kept)
    new_flags: list[Flag] = []
    for f in flags:  # the glossary flag in its place, or gone when nothing is missing
        if f.kind != MISSING_KIND:
            new_flags.append(f)
        elif flag is not None:
            new_flags.append(flag)
    return {"glossary": kept, "flags": new_flags}


def _masked_critique(run: Comparison, rename: Callable[[str], str]) -> Critique | None:
    """The critique under the blind letters, its columns in letter order."""
    if run.critique is None:
        return None
    critique = run.critique.renamed(rename)
    critique.columns.sort(key=lambda c: c.column)
    return critique
