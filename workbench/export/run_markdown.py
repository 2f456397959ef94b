"""A translation run as a readable Markdown report."""

from __future__ import annotations

import re

from workbench.core.text_safety import one_line
from workbench.export.diff_render import ops_to_markdown
from workbench.export.run_critique import column_line, critique_view, error_line
from workbench.export.run_view import (
    PARTIAL_NOTE,
    ROUND_TRIP_LABEL,
    RunView,
    aligned_table,
    glossary_lines,
    judgment_lines,
    similarity_rows,
)
from workbench.export.sanitize import markdown_text

_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.@:#/+-]+")
_PLAIN_SIGNATURE = re.compile(r"[A-Za-z0-9_.:|+-]+")
_PLAIN_SCORES = re.compile(
    r"[A-Za-z][A-Za-z0-9+]* -?[0-9.]+(?: · [A-Za-z][A-Za-z0-9+]* -?[0-9.]+)*"
)


def _cell(text: str) -> str:
    """A table cell, heading or label: on one line, everything Markdown would read escaped
    (pipes included)."""
    return markdown_text(one_line(text))


def _key(key: str) -> str:
    """A column key as code when it is plain (`rosner`, `rosner@qwen2.5:7b#2`); a model's name
    may hold anything (a '|' or '`' would break the table or the code span): then as text."""
    return f"`{key}`" if _PLAIN_KEY.fullmatch(key) else _cell(key)


def _signature(signature: str) -> str:
    """A sacrebleu signature as code when it is plain (`nrefs:1|case:mixed|...`); a run file
    from elsewhere may hold anything there (a '`' would end the code span): then as text."""
    return f"`{signature}`" if _PLAIN_SIGNATURE.fullmatch(signature) else _cell(signature)


def _plain_or_cell(text: str) -> str:
    """Scores as they are (`chrF++ 72.0 · BLEU 39.2`: nothing Markdown reads there); a run
    file from elsewhere may name a metric anything: then escaped as text."""
    return text if _PLAIN_SCORES.fullmatch(text) else _cell(text)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def render_markdown(view: RunView) -> str:
    run = view.run
    lines = [
        f"# Translation comparison {run.id}",
        "",
        f"- Created: {run.created_at.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- From {markdown_text(run.source.language)} to {markdown_text(run.target.language)}",
        f"- Model: {markdown_text(run.model or '?')}",
    ]
    if view.baseline is not None:
        lines.append(
            f"- Diff marks against {_key(view.baseline)}: "
            "~~only in the baseline~~, **only in this column**"
        )
    lines += [f"- {_cell(line)}" for line in judgment_lines(view)]
    lines += ["", "## Source", "", _quote(markdown_text(run.source.text)), ""]
    for col in view.columns:
        star = " ★" if col.favourite else ""
        lines += [f"## {_cell(col.label)}{star}", ""]
        meta = _cell(", ".join(col.meta))
        if col.is_baseline:
            meta += "; baseline for the diff marks"
        elif col.similarity is not None:
            meta += f"; similarity to baseline {col.similarity:.2f}"
        lines += [f"*{meta}*", ""]
        if col.partial is not None:
            lines += [f"**Partial**: {markdown_text(col.partial)}; {PARTIAL_NOTE}.", ""]
        if col.error is not None:
            label = "Stopped" if col.partial is not None else "**Failed**"
            lines += [f"{label} ({markdown_text(col.error)})", ""]
        body = ops_to_markdown(col.ops) if col.ops is not None else markdown_text(col.text)
        if body.strip():
            lines += [_quote(body), ""]
        if col.footnotes:
            lines += ["Footnotes:", ""] + [f"- {markdown_text(f)}" for f in col.footnotes] + [""]
        if col.notes:
            lines += ["Translator's notes:", ""] + [f"- {markdown_text(n)}" for n in col.notes]
            lines += [""]
        if col.metrics:
            lines += [f"Against the reference: {_plain_or_cell(' · '.join(col.metrics))}", ""]
        if col.flags:
            lines += ["Worth a second look:", ""]
            lines += [f"- {markdown_text(f.message)}" for f in col.flags] + [""]
        if glossary_lines(col):
            lines += ["Glossary:", ""]
            lines += [f"- {markdown_text(line)}" for line in glossary_lines(col)] + [""]
        if col.round_trip is not None:
            trip = col.round_trip
            lines += [f"{ROUND_TRIP_LABEL}:", ""]
            if trip.error is not None:
                lines += [
                    f"- failed ({markdown_text(trip.error.type)}): "
                    f"{markdown_text(trip.error.message)}",
                    "",
                ]
            else:
                if trip.similarity_to_source is not None:
                    lines += [f"Similarity to the source: {trip.similarity_to_source:.2f}", ""]
                body = ops_to_markdown(trip.ops) if trip.ops else markdown_text(trip.text)
                lines += [_quote(body), ""]
        if col.user_note:
            lines += [f"Your note: {markdown_text(col.user_note)}", ""]
    table = aligned_table(view)
    if table is not None:
        lines += ["## Sentence by sentence", ""]
        lines.append("| # | Source | " + " | ".join(_cell(label) for label in table.labels) + " |")
        lines.append("|---" * (len(table.labels) + 2) + "|")
        for n, (source, cells) in enumerate(table.rows, start=1):
            shown = [str(n), _cell(source), *(_cell(c) for c in cells)]
            lines.append("| " + " | ".join(shown) + " |")
        lines.append("")
        if table.not_aligned() is not None:
            lines += [markdown_text(str(table.not_aligned())), ""]
    critique = critique_view(view)
    if critique is not None:
        lines += [f"## {_cell(critique.title)}", ""]
        lines += [f"- {markdown_text(line)}" for line in critique.summary] + [""]
        for column in critique.columns:
            lines += [f"### {_cell(column_line(column))}", ""]
            for error in column.errors:
                what, span, reason = error_line(error)
                lines.append(
                    f"- {markdown_text(what)}: “{markdown_text(one_line(span))}”: "
                    f"{markdown_text(reason)}"
                )
            lines += [""] if column.errors else []
    rows = similarity_rows(view)
    if rows is not None:
        names, matrix = rows
        lines += ["## Similarity (share of words in common)", ""]
        lines.append("| | " + " | ".join(_key(n) for n in names) + " |")
        lines.append("|---" * (len(names) + 1) + "|")
        for name, row in zip(names, matrix, strict=True):
            lines.append(f"| {_key(name)} | " + " | ".join(f"{v:.2f}" for v in row) + " |")
        lines.append("")
    if run.variance:
        lines += ["## Variance between samples", ""]
        for v in run.variance:
            lines.append(
                f"- {_key(v.style)}: {v.samples} samples, similarity mean "
                f"{v.mean_similarity:.2f}, lowest {v.min_similarity:.2f}"
            )
        lines.append("")
    signatures = sorted({m.signature for c in run.renditions if c.metrics for m in c.metrics.all()})
    if signatures:
        lines += ["## sacrebleu signatures", ""] + [f"- {_signature(s)}" for s in signatures] + [""]
    return "\n".join(lines).rstrip() + "\n"
