"""Decision records as self-contained HTML: one page per record and an index with a radar.

Every piece of record text goes through `_esc` (control characters removed, then html.escape);
no page loads anything from outside (inline CSS, inline SVG, no scripts).
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from workbench.core.review.record import QUADRANT_NAMES, DecisionRecord, radar_ring
from workbench.core.text_safety import one_line
from workbench.core.text_safety import terminal as clean
from workbench.export.radar import RING_COLOURS, blips, radar_svg
from workbench.export.record_common import (
    NO_DISLIKES_NOTE,
    ExportContext,
    answered_questions,
    chosen_option,
    no_dislikes,
    said_before_dislikes,
)

CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#222}
h1{margin-bottom:.2rem}.meta{color:#555}.status{display:inline-block;padding:0 .5rem;
border-radius:.3rem;background:#eee;font-weight:bold}.guidance{color:#666;font-style:italic}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
.answer{margin-left:1rem}.depth1{margin-left:1.5rem}.depth2{margin-left:3rem}
"""


def _esc(text: str) -> str:
    return html.escape(one_line(text), quote=True)


def _block(text: str) -> str:
    paragraphs = [p.strip() for p in clean(text).split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def page_name(record_id: str) -> str:
    return f"{record_id}.html"


def _link(record_id: str, ctx: ExportContext) -> str:
    title = ctx.titles.get(record_id)
    if title is None:
        return f"{_esc(record_id)} (not found)"
    href = html.escape(page_name(record_id), quote=True)
    return f'<a href="{href}">{_esc(ctx.adr(record_id))}: {_esc(title)}</a>'


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>" if items else ""


def render(record: DecisionRecord, ctx: ExportContext) -> str:
    body = [
        '<p><a href="index.html">All decisions</a></p>',
        f"<h1>{_esc(ctx.adr(record.id))}: {_esc(record.title)}</h1>",
        f'<p class="meta"><span class="status">{_esc(record.status)}</span> '
        f"opened {record.date.isoformat()}"
        + (f", decided {record.decided.isoformat()}" if record.decided else "")
        + (f", revisit by {record.revisit_by.isoformat()}" if record.revisit_by else "")
        + "</p>",
    ]
    people = [
        ("Decision makers", record.decision_makers),
        ("Consulted", record.consulted),
        ("Informed", record.informed),
        ("Tags", record.tags),
        ("Solves", record.solves),
    ]
    rows = "".join(
        f"<tr><th>{label}</th><td>{', '.join(_esc(v) for v in values)}</td></tr>"
        for label, values in people
        if values
    )
    tech = record.technology
    ring = radar_ring(record)
    rows += (
        f"<tr><th>Technology</th><td>{_esc(tech.name)} ({_esc(QUADRANT_NAMES[tech.quadrant])}"
        + (f", {_esc(ring)}" if ring else "")
        + ")</td></tr>"
    )
    body.append(f"<table>{rows}</table>")
    body += ["<h2>Considered options</h2>"]
    for option in record.options:
        suffix = (
            " (the current stack)"
            if option.current_stack and option.name.casefold() != "current stack"
            else ""
        )
        body.append(f"<h3>{_esc(option.name)}{suffix}</h3>{_block(option.description)}")
        body.append(
            _list(
                [f"Good, because {_esc(p)}" for p in option.pros]
                + [f"Bad, because {_esc(c)}" for c in option.cons]
            )
        )
    body.append("<h2>Decision outcome</h2>")
    chosen = chosen_option(record)
    body.append(
        f"<p>Chosen option: <strong>{_esc(chosen)}</strong></p>"
        if chosen
        else f"<p>No option chosen yet: the record is {_esc(record.status)}.</p>"
    )
    body.append(_block(record.decision))
    if record.consequences:
        body += ["<h3>Consequences</h3>", _list([_esc(c) for c in record.consequences])]
    if record.confirmation:
        body += ["<h3>Confirmation</h3>", _block(record.confirmation)]
    body += _answers(record, ctx)
    if record.links.supersedes or record.links.superseded_by:
        body.append("<h2>Links</h2>")
        body.append(
            _list(
                [f"Supersedes {_link(i, ctx)}" for i in record.links.supersedes]
                + [f"Superseded by {_link(i, ctx)}" for i in record.links.superseded_by]
            )
        )
    body.append("<h2>History</h2>")
    body.append(
        _list(
            [
                f"{c.date.isoformat()} {_esc(c.status)}" + (f": {_esc(c.note)}" if c.note else "")
                for c in record.history
            ]
        )
    )
    body.append(f'<p class="meta">Record id: <code>{_esc(record.id)}</code></p>')
    return _page(f"{ctx.adr(record.id)}: {record.title}", body)


def _answers(record: DecisionRecord, ctx: ExportContext) -> list[str]:
    checklist = ctx.checklists.get(record.checklist.id)
    name = checklist.title if checklist else record.checklist.id
    body = [f"<h2>Checklist: {_esc(name)} (version {record.checklist.version})</h2>"]
    for number, question, guidance, answer in answered_questions(record, checklist):
        depth = number.count(".") if number else 0
        label = f"{_esc(number)}. " if number else ""
        body.append(f'<div class="depth{min(depth, 2)}"><h3>{label}{_esc(question)}</h3>')
        if guidance:
            body.append(f'<p class="guidance">{_esc(guidance)}</p>')
        body.append(f'<div class="answer">{_block(answer)}</div></div>')
    if record.references:
        body.append("<h3>Trusted references</h3>")
        body.append(
            _list(
                [
                    f"<strong>{_esc(r.name)}</strong>"
                    + (f": {_esc(said_before_dislikes(r.said, r.dislikes))}" if r.said else "")
                    + (f" <em>Dislikes:</em> {_esc(r.dislikes)}" if r.dislikes else "")
                    for r in record.references
                ]
            )
        )
        if no_dislikes(record):
            body.append(f'<p class="guidance">{_esc(NO_DISLIKES_NOTE)}</p>')
    if record.review is not None:
        review = record.review
        body.append("<h3>Mixed-discipline review</h3>")
        body.append(
            _list(
                [
                    "Who: " + ", ".join(_esc(w) for w in review.who),
                    "Disciplines: " + ", ".join(_esc(d) for d in review.disciplines),
                    "Documented at: " + _esc(review.where),
                ]
                + ([f"Date: {review.date.isoformat()}"] if review.date else [])
            )
        )
    return body


def render_index(records: list[DecisionRecord], ctx: ExportContext) -> str:
    items = blips(records, ctx.today)
    hrefs = {r.id: page_name(r.id) for r in records}
    numbers = {b.record.id: n for n, b in enumerate(items, start=1)}
    legend = " ".join(
        f'<span style="color:{colour}">&#9679; {ring}</span>'
        for ring, colour in RING_COLOURS.items()
    )
    body = [
        "<h1>Decision records</h1>",
        f"<figure>{radar_svg(items, hrefs)}<figcaption>{legend}; a square marks a blip that "
        "is new or moved recently.</figcaption></figure>",
        "<table><tr><th>ADR</th><th>Title</th><th>Status</th><th>Technology</th>"
        "<th>Radar</th><th>Date</th></tr>",
    ]
    ordered = sorted(records, key=lambda r: (ctx.numbers.get(r.id, 0), r.id))
    for record in ordered:
        blip = numbers.get(record.id)
        href = html.escape(page_name(record.id), quote=True)
        body.append(
            f"<tr><td>{_esc(ctx.adr(record.id))}</td>"
            f'<td><a href="{href}">{_esc(record.title)}</a></td>'
            f"<td>{_esc(record.status)}</td><td>{_esc(record.technology.name)}</td>"
            f"<td>{blip if blip is not None else ''}</td><td>{record.date.isoformat()}</td></tr>"
        )
    body.append("</table>")
    return _page("Decision records", body)


def files(records: list[DecisionRecord], ctx: ExportContext) -> Iterator[tuple[str, str]]:
    """(file name, text) of every file of the export."""
    for record in records:
        yield page_name(record.id), render(record, ctx)
    yield "index.html", render_index(records, ctx)
