"""`workbench review export`: records as MADR Markdown, HTML, JSON, radar CSV or Backstage
Tech Radar JSON, into a folder kept in step (a sync) or, for one-file formats, to `-o`/stdout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from workbench.cli.given_path import GivenPath
from workbench.cli.review_common import _context, _skipped_note, dir_option
from workbench.core.errors import WorkbenchError
from workbench.core.review.record import DecisionRecord
from workbench.core.text_safety import name
from workbench.io.review.catalog import load_catalog
from workbench.services.review import store
from workbench.services.review.export import FORMATS


@click.command("export")
@click.argument("record_ids", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option(
    "--out",
    type=GivenPath(path_type=Path, file_okay=False),
    help="The folder to keep in step with the records (files added, updated, removed).",
)
@click.option(
    "-o",
    "--output",
    help="json, radar, backstage-radar: write the one file here ('-': standard output, "
    "the default without --out).",
)
@click.option(
    "--link-base",
    default=None,
    help="Absolute URL the HTML export is published under: the radar links blips to the "
    "record pages there (default: config `[review] link_base`; without one, no links).",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Radar `status` column: compare with the rings on this date (YYYY-MM-DD), from the "
    "records' status history (default: the previous radar export into --out).",
)
@dir_option
def export(
    record_ids: tuple[str, ...],
    fmt: str,
    out: Path | None,
    output: str | None,
    link_base: str | None,
    since: dt.datetime | None,
    folder: Path | None,
) -> None:
    """Export records (all, or the ids given) as MADR Markdown, HTML, JSON, radar CSV
    (ThoughtWorks BYOR) or Backstage Tech Radar JSON.

    Exporting into the same folder again updates it in place: files of records that are gone
    (or renamed) are removed, unless edited by hand since; files the export did not write are
    never touched. With record ids given, nothing is removed. The one-file formats go to
    -o PATH or standard output when no --out is given."""
    from workbench.services.review.export import (
        LINKED,
        check_link_base,
        configured_link_base,
        render_single,
        sync_records,
    )

    if out is not None and output is not None:
        raise WorkbenchError("give --out FOLDER or -o FILE, not both")
    loaded = store.load_folder(store.resolve_dir(folder))
    if record_ids:
        records = [loaded.find(ref).record for ref in record_ids]
    else:
        records = [s.record for s in loaded.records]
    loaded.refuse_shared_ids(records, "exported")
    base = (
        configured_link_base() if link_base is None else check_link_base(link_base, "--link-base")
    )
    ctx = _context(loaded, load_catalog(), base)
    day = since.date() if since else None
    if out is None:
        from workbench.io.inputs import write_output

        write_output(render_single(fmt, records, ctx, since=day), output)
    else:
        report = sync_records(fmt, records, out, ctx, since=day)
        count, written = len(report.paths), len(report.added) + len(report.updated)
        click.echo(
            f"exported {count} file{'s' if count != 1 else ''} to {name(out)}: "
            f"{written} written, {len(report.unchanged)} unchanged"
        )
        for line in report.details():
            click.echo(f"workbench: {line}", err=True)
        click.echo(f"workbench: export {report.summary()}", err=True)
    if fmt in LINKED and not ctx.link_base:
        click.echo(
            "workbench: the radar links to no record page: give --link-base URL "
            "or `link_base` under [review] in the config",
            err=True,
        )
    _unnumbered_note(records)
    _skipped_note(loaded)


def _unnumbered_note(records: list[DecisionRecord]) -> None:
    """Records exported under a number they do not store: it can move on a later export."""
    ids = [r.id for r in records if r.number is None]
    if ids:
        shown = ", ".join(name(i) for i in ids[:5]) + (
            f" and {len(ids) - 5} more" if len(ids) > 5 else ""
        )
        click.echo(
            f"workbench: {shown}: no stored ADR number, so the number this export gave "
            f"{'it' if len(ids) == 1 else 'them'} can move when records are added; "
            "`workbench review renumber` stores one in each",
            err=True,
        )
