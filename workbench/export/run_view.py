"""What every run export shows, worked out once: columns in display order (masked in blind
mode), each with its label, meta line, text or diff marks against the baseline, metrics, flags,
round trip, notes and judgment. The text, Markdown and HTML renderers only format this."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.core.align import SentencePair
from workbench.core.columns import ColumnKey
from workbench.core.compare.aligned_rows import ADDED, LEFT_OUT, MERGED
from workbench.core.compare.analysis import REFERENCE, default_baseline, pair
from workbench.core.compare.flags import Flag
from workbench.core.compare.glossary import GlossaryCheck
from workbench.core.errors import WorkbenchError
from workbench.core.translate.judgment import masked
from workbench.core.translate.models import Comparison, Rendition, RoundTrip

Op = tuple[int, str]

ROUND_TRIP_LABEL = "Round trip (a diagnostic for lost or added meaning, not a quality score)"
PARTIAL_NOTE = "incomplete, only the text received before it stopped"


@dataclass
class ColumnView:
    key: str
    label: str
    meta: list[str]
    text: str
    ops: list[Op] | None = None
    is_baseline: bool = False
    similarity: float | None = None
    metrics: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    glossary: GlossaryCheck | None = None
    footnotes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    partial: str | None = None  # why a partial rendition stopped (its text is incomplete)
    round_trip: RoundTrip | None = None
    favourite: bool = False
    user_note: str | None = None


@dataclass
class RunView:
    run: Comparison
    blind: bool
    baseline: str | None
    columns: list[ColumnView]


def _meta(r: Rendition) -> list[str]:
    bits = [r.model or "?"]
    if r.endpoint:
        bits.append(f"endpoint {r.endpoint}")
    if r.latency_ms is not None:
        bits.append(f"{r.latency_ms / 1000:.2f} s")
    if r.usage and r.usage.total_tokens is not None:
        bits.append(f"{r.usage.total_tokens} tokens")
    if r.cached:
        bits.append("cached")
    if r.provenance.chunks > 1:
        bits.append(f"{r.provenance.chunks} pieces")
    return bits


def build_view(run: Comparison, baseline: str | None = None, *, marks: bool = True) -> RunView:
    """`baseline`: a column key (or 'reference'); None picks the reference, else the first
    rendition. With `marks` False no diff marks are computed for the columns."""
    shown = masked(run)
    blind = shown is not run
    keys = [r.key for r in shown.renditions] + ([REFERENCE] if shown.reference else [])
    if baseline is not None and baseline not in keys and baseline != REFERENCE and not blind:
        baseline = str(ColumnKey.parse(baseline))  # `rosner@default:m` is `rosner@m`
    if baseline is not None and baseline not in keys:
        raise WorkbenchError(f"no column {baseline!r} to diff against (columns: {', '.join(keys)})")
    base = baseline or (default_baseline(shown) if marks else None)
    columns = []
    for r in shown.renditions:
        col = ColumnView(
            key=r.key,
            label=r.style_name if blind else _label(r),
            meta=_meta(r),
            text=r.text,
            metrics=[f"{m.name} {m.score:.1f}" for m in r.metrics.all()] if r.metrics else [],
            flags=r.flags,
            glossary=r.glossary,
            footnotes=r.footnotes,
            notes=r.notes,
            error=f"{r.error.type}: {r.error.message}" if r.error else None,
            partial=r.partial.description if r.partial else None,
            round_trip=r.round_trip,
            favourite=shown.judgment.favourite == r.key,
            user_note=shown.judgment.notes.get(r.key),
        )
        _mark(col, shown, base)
        columns.append(col)
    if shown.reference is not None:
        col = ColumnView(
            key=REFERENCE,
            label=f"Reference: {shown.reference.name}",
            meta=["human translation"],
            text=shown.reference.text,
        )
        _mark(col, shown, base)
        columns.append(col)
    return RunView(run=shown, blind=blind, baseline=base, columns=columns)


def _label(r: Rendition) -> str:
    sample = f", sample {r.sample}" if r.sample > 1 else ""
    model = r.column_key.model_label
    if model is not None:  # the key names the model: it is what --baseline takes
        return f"{r.style_name} · {model} ({r.key})"
    return f"{r.style_name} ({r.style}{sample})"


def _mark(col: ColumnView, run: Comparison, base: str | None) -> None:
    if base is None or not col.text.strip():
        return
    if col.key == base:
        col.is_baseline = True
        return
    diff = pair(run, base, col.key)
    if diff is not None:
        col.ops = diff.ops
        col.similarity = diff.similarity


def similarity_rows(view: RunView) -> tuple[list[str], list[list[float]]] | None:
    sim = view.run.similarity
    if sim is None or len(sim.names) < 2:
        return None
    return sim.names, sim.matrix


@dataclass
class AlignedTable:
    """The run read sentence by sentence: one row per source sentence, and in each column the
    sentences that translate it (`MERGED` where they stand in the row above; a sentence with
    no source counterpart joins the row before it, after a '+')."""

    labels: list[str]
    rows: list[tuple[str, list[str]]]
    missing: list[str] = field(default_factory=list)
    """The columns with text that the table leaves out, each with why (`not_aligned()`)."""

    def not_aligned(self) -> str | None:
        return "Not aligned: " + "; ".join(self.missing) if self.missing else None


def aligned_table(view: RunView) -> AlignedTable | None:
    from workbench.core.sentences import split_sentences

    run = view.run
    source = split_sentences(run.source.text, run.source.language)
    labels: list[str] = []
    columns: list[list[str]] = []
    missing: list[str] = []
    for col in view.columns:
        if col.key == REFERENCE:
            alignment = run.reference_alignment
        else:
            owner = run.column(col.key)
            alignment = owner.alignment if owner is not None else None
        if not source:
            continue
        if not alignment:
            if col.text.strip():  # said, so that no reader takes the table for every column
                why = "an incomplete rendition" if col.partial else "no alignment"
                missing.append(f"{col.label} ({why})")
            continue
        if max((i for p in alignment for i in p.source), default=0) >= len(source):
            missing.append(f"{col.label} (aligned to another split of the source)")
            continue  # an older run's: not shown
        labels.append(col.label)
        columns.append(_cells(alignment, len(source)))
    if not columns:
        return None
    rows = [(text, [cells[i] for cells in columns]) for i, text in enumerate(source)]
    return AlignedTable(labels=labels, rows=rows, missing=missing)


def _cells(alignment: list[SentencePair], count: int) -> list[str]:
    cells: list[list[str]] = [[] for _ in range(count)]
    last = 0
    for bead in alignment:
        if bead.source:
            last = bead.source[0]
            if bead.target_text:
                cells[last].append(bead.target_text)
            for i in bead.source[1:]:
                cells[i].append(MERGED)
                last = i
        elif bead.target_text:
            cells[last].append(ADDED + bead.target_text)
    return [" ".join(c) if c else LEFT_OUT for c in cells]


def glossary_lines(col: ColumnView) -> list[str]:
    """The glossary terms of the source this column keeps and misses: `kept: "a" -> "b", ...`
    and `missing: ...` (none when the run has no glossary term in its source)."""
    check = col.glossary
    if check is None:
        return []
    lines = []
    for what, terms in (("kept", check.hits), ("missing", check.misses)):
        if terms:
            lines.append(f"{what}: " + ", ".join(f'"{t.source}" -> "{t.target}"' for t in terms))
    return lines


def judgment_lines(view: RunView) -> list[str]:
    j = view.run.judgment
    lines = []
    if view.blind:
        lines.append(
            "Blind: style names are hidden and columns shuffled until a favourite is picked."
        )
    if j.favourite:
        col = next((c for c in view.columns if c.key == j.favourite), None)
        lines.append(f"Favourite: {col.label if col else j.favourite}")
    return lines
