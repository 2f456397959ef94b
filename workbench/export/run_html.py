"""A translation run as one self-contained HTML page: renditions side by side, insertions and
deletions coloured, the similarity matrix as a heatmap. Every piece of text is escaped."""

from __future__ import annotations

from workbench.export.diff_render import DIFF_CSS, html_page, ops_to_html, similarity_heatmap_html
from workbench.export.run_critique import column_line, critique_view, error_line
from workbench.export.run_view import (
    PARTIAL_NOTE,
    ROUND_TRIP_LABEL,
    ColumnView,
    RunView,
    aligned_table,
    glossary_lines,
    judgment_lines,
    similarity_rows,
)
from workbench.export.sanitize import html_text

_CSS = """
body{max-width:none}
.source{background:#f5f5f7;padding:1rem;border-radius:6px;white-space:pre-wrap}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem;margin:1rem 0}
.col{border:1px solid #ddd;border-radius:6px;padding:1rem}
.col.fav{border:2px solid #c9a400}
.col h2{font-size:1rem;margin:0 0 .3rem}
.text,.wb-diff{white-space:pre-wrap;line-height:1.5;font-family:inherit}
ul.fn{list-style:none;padding-left:0}
.error{color:#b00020;font-weight:600}
.partial{color:#8a4b00;font-weight:600}
.col.part .text,.col.part .wb-diff{border-left:3px dashed #c97a00;padding-left:.5rem}
.flags{color:#8a4b00}
.small{font-size:.9rem;color:#333}
del{background:#ffd7d5;color:#8b0000}ins{background:#d4f7d4;text-decoration:none}
table.wb-heatmap,table.wb-aligned{border-collapse:collapse}
table.wb-aligned td,table.wb-aligned th{padding:.3rem .6rem;border:1px solid #ddd}
table.wb-aligned td{vertical-align:top}
.source,.text,table.wb-aligned td{unicode-bidi:plaintext}
table.wb-heatmap td,table.wb-heatmap th{padding:.3rem .6rem;border:1px solid #ccc}
"""


def _list(items: list[str], cls: str) -> str:
    if not items:
        return ""
    inner = "".join(f"<li>{html_text(i)}</li>" for i in items)
    return f'<ul class="{cls}">{inner}</ul>'


def _column(col: ColumnView, baseline: str | None) -> str:
    meta = " · ".join(html_text(m) for m in col.meta)
    if col.is_baseline:
        meta += " · <strong>baseline</strong>"
    elif col.similarity is not None:
        meta += f" · similarity to {html_text(baseline or '')} {col.similarity:.2f}"
    classes = "col" + (" fav" if col.favourite else "") + (" part" if col.partial else "")
    parts = [
        f'<section class="{classes}">',
        f"<h2>{html_text(col.label)}{' ★' if col.favourite else ''}</h2>",
        f'<div class="wb-meta small">{meta}</div>',
    ]
    if col.partial is not None:
        parts.append(
            f'<p class="partial">Partial: {html_text(col.partial)}; {html_text(PARTIAL_NOTE)}</p>'
        )
    if col.error is not None:
        label = "Stopped" if col.partial is not None else "Failed"
        parts.append(f'<p class="error">{label} ({html_text(col.error)})</p>')
    if col.ops is not None:
        parts.append(ops_to_html(col.ops))
    elif col.text:
        parts.append(f'<div class="text">{html_text(col.text)}</div>')
    parts.append(_list(col.footnotes, "fn small"))
    parts.append(_list(col.notes, "small"))
    if col.metrics:
        parts.append(f'<p class="small">vs reference: {html_text(" · ".join(col.metrics))}</p>')
    parts.append(_list([f.message for f in col.flags], "flags small"))
    parts.append(_list([f"Glossary {line}" for line in glossary_lines(col)], "glossary small"))
    if col.round_trip is not None:
        trip = col.round_trip
        parts.append(f'<details><summary class="small">{html_text(ROUND_TRIP_LABEL)}</summary>')
        if trip.error is not None:
            parts.append(
                f'<p class="error">{html_text(trip.error.type)}: '
                f"{html_text(trip.error.message)}</p>"
            )
        else:
            if trip.similarity_to_source is not None:
                parts.append(
                    f'<p class="small">similarity to the source {trip.similarity_to_source:.2f}</p>'
                )
            parts.append(
                ops_to_html(trip.ops)
                if trip.ops
                else f'<div class="text">{html_text(trip.text)}</div>'
            )
        parts.append("</details>")
    if col.user_note:
        parts.append(f'<p class="small"><em>Your note:</em> {html_text(col.user_note)}</p>')
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _aligned(view: RunView) -> list[str]:
    table = aligned_table(view)
    if table is None:
        return []
    head = "".join(f"<th>{html_text(label)}</th>" for label in table.labels)
    missing = table.not_aligned()
    rows = [
        f'<tr><td class="small">{n}</td><td>{html_text(source)}</td>'
        + "".join(f"<td>{html_text(c)}</td>" for c in cells)
        + "</tr>"
        for n, (source, cells) in enumerate(table.rows, start=1)
    ]
    return [
        "<h2>Sentence by sentence</h2>",
        f'<table class="wb-aligned"><thead><tr><th>#</th><th>Source</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>",
    ] + ([f'<p class="small">{html_text(missing)}</p>'] if missing is not None else [])


def _critique(view: RunView) -> list[str]:
    critique = critique_view(view)
    if critique is None:
        return []
    out = [f'<section class="wb-critique"><h2>{html_text(critique.title)}</h2>']
    out.append(_list(critique.summary, "small"))
    for column in critique.columns:
        out.append(f"<h3>{html_text(column_line(column))}</h3>")
        items = []
        for error in column.errors:
            what, span, reason = error_line(error)
            items.append(
                f"<li>{html_text(what)}: <mark>{html_text(span)}</mark>: {html_text(reason)}</li>"
            )
        if items:
            out.append(f'<ul class="small">{"".join(items)}</ul>')
    out.append("</section>")
    return out


def render_html(view: RunView) -> str:
    run = view.run
    head = (
        f'<p class="wb-meta">Run {html_text(run.id)} · '
        f"{run.created_at.strftime('%Y-%m-%d %H:%M UTC')} · "
        f"{html_text(run.source.language)} → {html_text(run.target.language)} · "
        f"model {html_text(run.model or '?')}</p>"
    )
    notes = "".join(f'<p class="wb-meta">{html_text(line)}</p>' for line in judgment_lines(view))
    legend = ""
    if view.baseline is not None:
        legend = (
            f'<p class="wb-meta">Marks against <code>{html_text(view.baseline)}</code>: '
            "<del>only in the baseline</del> <ins>only in this column</ins></p>"
        )
    columns = "\n".join(_column(c, view.baseline) for c in view.columns)
    body = [
        "<h1>Translation comparison</h1>",
        head,
        notes,
        "<h2>Source</h2>",
        f'<div class="source">{html_text(run.source.text)}</div>',
        legend,
        f'<div class="grid">\n{columns}\n</div>',
    ]
    body += _aligned(view)
    body += _critique(view)
    rows = similarity_rows(view)
    if rows is not None:
        body += ["<h2>Similarity (share of words in common)</h2>", similarity_heatmap_html(*rows)]
    if run.variance:
        items = [
            f"{v.style}: {v.samples} samples, similarity mean {v.mean_similarity:.2f}, "
            f"lowest {v.min_similarity:.2f}"
            for v in run.variance
        ]
        body += ["<h2>Variance between samples</h2>", _list(items, "small")]
    return html_page(f"Translation comparison {run.id}", "\n".join(body), css=DIFF_CSS + _CSS)
