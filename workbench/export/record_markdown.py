"""Decision records as MADR 4 Markdown: `NNNN-title-with-dashes.md`, front matter, its sections.

Record text is Markdown the team wrote, so it is kept as Markdown, made safe by
`workbench.core.text_safety`: control characters and escape sequences go, `<` is escaped (no raw
HTML), headings and code fences in an answer cannot change the record's structure, links keep
only web or relative targets and images only relative ones. A title inside a link's text is
escaped whole. The TUI reader renders this same text.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.core.review.record import QUADRANT_NAMES, DecisionRecord, radar_ring
from workbench.core.text_safety import markdown_block, markdown_inline, markdown_text, yaml_scalar
from workbench.export import madr
from workbench.export.record_common import (
    NO_DISLIKES_NOTE,
    ExportContext,
    answered_questions,
    chosen_option,
    no_dislikes,
    said_before_dislikes,
)


def _text(text: str) -> str:
    return markdown_block(text).strip()


def _inline(text: str) -> str:
    """One line of text, made safe by `markdown_inline`: a `<` that could open HTML or an
    autolink gets a Markdown backslash escape, so it shows as `<`, never as `&lt;`."""
    return markdown_inline(text)


def _quoted(value: str) -> str:
    return yaml_scalar(value)


def _front_matter(record: DecisionRecord, ctx: ExportContext) -> list[str]:
    status: str = record.status
    if status == "superseded" and record.links.superseded_by:
        status = "superseded by " + ", ".join(ctx.adr(i) for i in record.links.superseded_by)
    day = record.decided or record.date

    def people(values: list[str]) -> str:
        return "[" + ", ".join(_quoted(v) for v in values) + "]"

    return [
        "---",
        f"status: {_quoted(status)}",
        f"date: {day.isoformat()}",
        f"decision-makers: {people(record.decision_makers)}",
        f"consulted: {people(record.consulted)}",
        f"informed: {people(record.informed)}",
        "",  # see export/madr.py: markdown-it (log4brains) must not read this as a heading
        "---",
    ]


def _reader_lines(record: DecisionRecord, ctx: ExportContext) -> list[str]:
    """The lines log4brains and adr-tools viewers read (see export/madr.py)."""
    day = record.decided or record.date
    status: str = record.status
    by = [i for i in record.links.superseded_by if i in ctx.numbers]
    if status == "superseded" and by:  # log4brains reads the link's text as the file's slug
        slug = ctx.markdown_name(by[-1]).removesuffix(".md")
        status = f"superseded by [{slug}]({slug}.md)"
    out = [f"* Status: {status}", f"* Date: {day.isoformat()}"]
    if record.decision_makers:
        out.append(f"* Deciders: {_inline(madr.deciders(record))}")
    out += ["", "## Status", ""]
    if record.status == "superseded" and record.links.superseded_by:
        out.append("Superseded by " + ", ".join(_link(i, ctx) for i in record.links.superseded_by))
    else:
        out.append(madr.status_word(record))
    out += ["", *(f"Supersedes {_link(i, ctx)}\n" for i in record.links.supersedes)]
    return out


def _link(record_id: str, ctx: ExportContext) -> str:
    if record_id in ctx.numbers:
        title = markdown_text(" ".join(ctx.titles.get(record_id, record_id).split()))
        return f"[{ctx.adr(record_id)}: {title}]({ctx.markdown_name(record_id)})"
    return f"{markdown_text(record_id)} (not found)"  # text: a code span could end early


def render(record: DecisionRecord, ctx: ExportContext) -> str:
    out = _front_matter(record, ctx)
    out += ["", f"# {_inline(record.title)}", ""]
    out += _reader_lines(record, ctx)
    checklist = ctx.checklists.get(record.checklist.id)
    problem = record.answers.get("problem", "")
    if not problem and checklist is not None:
        first = next(iter(checklist.answerable()), None)
        problem = record.answers.get(first.id, "") if first else ""
    out += ["## Context and Problem Statement", "", _text(problem) or "_Not answered yet._", ""]
    if record.solves or record.tags:
        out += ["## Decision Drivers", ""]
        out += [f"* Solves: {_inline(key)}" for key in record.solves]
        out += [f"* Tag: {_inline(tag)}" for tag in record.tags]
        out.append("")
    out += ["## Considered Options", ""]
    out += [f"* {_inline(option.name)}" for option in record.options]
    out += ["", "## Decision Outcome", ""]
    chosen = chosen_option(record)
    if chosen is None:
        out.append(f"No option chosen yet: the record is {record.status}.")
    else:
        out.append(
            f'Chosen option: "{_inline(chosen)}", because {_inline(madr.because(record) or "")}.'
        )
    if madr.decision_rest(record):
        out += ["", _text(madr.decision_rest(record))]
    out.append("")
    if madr.consequences(record):
        out += ["### Consequences", ""]
        out += [f"* {_inline(c)}" for c in madr.consequences(record)]
        out.append("")
    if madr.confirmation(record):
        out += ["### Confirmation", "", _text(madr.confirmation(record)), ""]
    described = [o for o in record.options if o.description or o.pros or o.cons]
    if described:
        out += ["## Pros and Cons of the Options", ""]
    for option in described:
        suffix = (
            " (the current stack)"
            if option.current_stack and option.name.casefold() != "current stack"
            else ""
        )
        out += [f"### {_inline(option.name)}{suffix}", ""]
        if option.description:
            out += [_text(option.description), ""]
        lines = [f"* Good, because {_inline(p)}" for p in option.pros]
        lines += [f"* Bad, because {_inline(c)}" for c in option.cons]
        if lines:
            out += [*lines, ""]
    out += _more_information(record, ctx)
    return "\n".join(out).rstrip() + "\n"


def _more_information(record: DecisionRecord, ctx: ExportContext) -> list[str]:
    out = ["## More Information", ""]
    checklist = ctx.checklists.get(record.checklist.id)
    name = _inline(checklist.title) if checklist else _inline(record.checklist.id)
    out += [f"### Checklist: {name} (version {record.checklist.version})", ""]
    for number, question, guidance, answer in answered_questions(record, checklist):
        label = f"{_inline(number)}. " if number else ""
        out.append(f"**{label}{_inline(question)}**")
        if guidance:
            out += ["", f"_{_inline(guidance)}_"]
        if answer:
            out += ["", _text(answer)]
        out.append("")
    if record.references:
        out += ["### Trusted references", ""]
        for ref in record.references:
            line = f"* **{_inline(ref.name)}**"
            if ref.said:
                line += f": {_inline(said_before_dislikes(ref.said, ref.dislikes))}"
            if ref.dislikes:
                line += f" Dislikes: {_inline(ref.dislikes)}"
            out.append(line)
        if no_dislikes(record):
            out += ["", f"_{NO_DISLIKES_NOTE}_"]
        out.append("")
    if record.review is not None:
        review = record.review
        out += ["### Mixed-discipline review", ""]
        out.append(f"* Who: {', '.join(_inline(w) for w in review.who) or '-'}")
        out.append(f"* Disciplines: {', '.join(_inline(d) for d in review.disciplines) or '-'}")
        out.append(f"* Documented at: {_inline(review.where) or '-'}")
        if review.date:
            out.append(f"* Date: {review.date.isoformat()}")
        out.append("")
    if record.links.supersedes or record.links.superseded_by:
        out += ["### Links", ""]
        out += [f"* Supersedes {_link(i, ctx)}" for i in record.links.supersedes]
        out += [f"* Superseded by {_link(i, ctx)}" for i in record.links.superseded_by]
        out.append("")
    tech = record.technology
    ring = radar_ring(record)
    out += ["### Record", ""]
    out.append(f"* Id: `{record.id}`")
    out.append(
        f"* Technology: {_inline(tech.name)} ({QUADRANT_NAMES[tech.quadrant]}"
        + (f", {ring}" if ring else "")
        + ")"
    )
    if record.revisit_by:
        out.append(f"* Revisit by: {record.revisit_by.isoformat()}")
    out += ["", "### Status history", ""]
    for change in record.history:
        note = f": {_inline(change.note)}" if change.note else ""
        out.append(f"* {change.date.isoformat()} {change.status}{note}")
    return out


def files(records: list[DecisionRecord], ctx: ExportContext) -> Iterator[tuple[str, str]]:
    """(file name, text) of every file of the export."""
    for record in records:
        yield ctx.markdown_name(record.id), render(record, ctx)
