"""Make a run's renditions comparable: word diffs between every pair of columns (the reference
included), a similarity matrix, metrics against the reference, skepticism flags, the glossary
check (`core.compare.glossary`: the run's fixed renderings kept or missed), round-trip
diffs against the source, each column's sentences aligned to the source's (the alignment the
engine took from the model's segments is kept; every other is the aligner's), and the variance
of each style's samples.

Only body text is compared: footnotes and translator's notes are kept apart by the model's
answer format and never enter diffs or metrics. A partial rendition (ended early) is diffed
like the others, so what it has can be seen, but it is not scored against the reference, not
checked for omissions (it omits by definition: one `partial` flag says so) and left out of its
style's variance.
"""

from __future__ import annotations

from itertools import combinations
from statistics import mean

from workbench.core.align import SentencePair, align_texts
from workbench.core.columns import ColumnKey
from workbench.core.compare.collapse import collapse_note
from workbench.core.compare.diff import Differ, SimilarityMatrix, flip_ops
from workbench.core.compare.flags import Flag, flag_rendition
from workbench.core.compare.glossary import (
    GlossaryChecker,
    GlossaryEntry,
    glossary_flag,
    shared_entries,
)
from workbench.core.compare.metrics import score_against_reference
from workbench.core.compare.sentence_flags import sentence_flags
from workbench.core.text_safety import terminal as clean_text
from workbench.core.translate.models import Comparison, PairDiff, Rendition, StyleVariance

REFERENCE = "reference"
SOURCE = "source"


def columns(run: Comparison) -> dict[str, str]:
    """Column key -> body text, for every rendition with text, then the reference."""
    texts = {r.key: r.text for r in run.renditions if r.text.strip()}
    if run.reference is not None and run.reference.text.strip():
        texts[REFERENCE] = run.reference.text
    return texts


def default_baseline(run: Comparison) -> str | None:
    texts = columns(run)
    if REFERENCE in texts:
        return REFERENCE
    return next(iter(texts), None)


def analyse(run: Comparison) -> Comparison:
    """The run with diffs, similarity, metrics, flags, round-trip diffs and variance filled."""
    texts = columns(run)
    differ = Differ()
    for key, text in texts.items():
        differ.add(key, text)
    keys = list(texts)
    diffs: list[PairDiff] = []
    matrix = [[1.0] * len(keys) for _ in keys]
    for (i, a), (j, b) in combinations(enumerate(keys), 2):
        result = differ.diff(a, b)
        diffs.append(PairDiff(a=a, b=b, ops=result.ops, similarity=result.similarity))
        matrix[i][j] = matrix[j][i] = result.similarity
    glossary = glossary_checker(run)
    renditions = [
        _analyse_rendition(run, r, [t for k, t in texts.items() if k != r.key], glossary)
        for r in run.renditions
    ]
    reference = run.reference
    note = collapse_note(run, diffs)
    return run.model_copy(
        update={
            "run_notes": [note] if note else [],
            "reference_alignment": (
                _align(run, reference.text, shared_entries(run.glossary))
                if reference is not None and reference.text.strip()
                else None
            ),
            "renditions": renditions,
            "diffs": diffs,
            "similarity": SimilarityMatrix(names=keys, matrix=matrix) if keys else None,
            "variance": _variance(renditions, diffs),
        }
    )


def glossary_checker(run: Comparison) -> GlossaryChecker | None:
    """The checker of the run's glossary (None: the run has none)."""
    if not run.glossary:
        return None
    return GlossaryChecker(
        run.glossary, clean_text(run.source.text), run.source.language, run.target.language
    )


def _analyse_rendition(
    run: Comparison, r: Rendition, others: list[str], glossary: GlossaryChecker | None = None
) -> Rendition:
    if not r.text.strip():
        return r
    if r.partial is not None:
        message = f"partial: {r.partial.description}; the text is incomplete"
        return r.model_copy(update={"flags": [Flag(kind="partial", message=message)]})
    flags = flag_rendition(
        clean_text(run.source.text),
        clean_text(r.text),
        source_lang=run.source.language,
        target_lang=run.target.language,
        others=[clean_text(t) for t in others],
    )
    update: dict[str, object] = {"flags": flags}
    if glossary is not None:
        check = glossary.check(clean_text(r.text), r.style)
        update["glossary"] = check
        missing = glossary_flag(check)
        if missing is not None:
            flags.append(missing)
    alignment = r.alignment
    if r.alignment_origin != "model" or not alignment:  # the model's own, checked, is kept
        # the entries for every style only: one style's own would tell its blind column apart
        alignment = update["alignment"] = _align(run, r.text, shared_entries(run.glossary))
        update["alignment_origin"] = "aligner"
    flags += sentence_flags(alignment)
    if run.reference is not None and run.reference.text.strip():
        update["metrics"] = score_against_reference(
            r.text, run.reference.text, target_lang=run.target.language
        )
    if r.round_trip is not None and r.round_trip.text.strip():
        differ = Differ()
        differ.add(SOURCE, run.source.text)
        differ.add("round_trip", r.round_trip.text)
        trip = differ.diff(SOURCE, "round_trip")
        update["round_trip"] = r.round_trip.model_copy(
            update={"ops": trip.ops, "similarity_to_source": trip.similarity}
        )
    return r.model_copy(update=update)


def _align(run: Comparison, text: str, glossary: list[GlossaryEntry]) -> list[SentencePair]:
    """`text` aligned to the source, the `glossary` entries that hold for it anchors too."""
    return align_texts(
        run.source.text,
        text,
        run.source.language,
        run.target.language,
        terms=[(entry.source, entry.target) for entry in glossary],
    )


def _variance(renditions: list[Rendition], diffs: list[PairDiff]) -> list[StyleVariance]:
    by_style: dict[str, list[str]] = {}  # a style on one model: `rosner`, `rosner@gpt-4o`
    for r in renditions:
        if r.text.strip() and r.partial is None:
            group = str(ColumnKey(r.style, r.endpoint, r.column_model))
            by_style.setdefault(group, []).append(r.key)
    out = []
    for style, keys in by_style.items():
        if len(keys) < 2:
            continue
        members = set(keys)
        sims = [d.similarity for d in diffs if d.a in members and d.b in members]
        out.append(
            StyleVariance(
                style=style,
                samples=len(keys),
                mean_similarity=round(mean(sims), 4),
                min_similarity=round(min(sims), 4),
            )
        )
    return out


def pair(run: Comparison, a: str, b: str) -> PairDiff | None:
    """The diff of column a against column b (ops oriented a -> b), if the run has it."""
    for d in run.diffs:
        if d.a == a and d.b == b:
            return d
        if d.a == b and d.b == a:
            return PairDiff(a=a, b=b, ops=flip_ops(d.ops), similarity=d.similarity)
    return None
