"""`workbench review ...`: decision records from the command line (a thin layer over the store)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from workbench.errors import WorkbenchError
from workbench.export.record_common import ExportContext, one_line
from workbench.review import store
from workbench.review.catalog import Catalog, load_catalog
from workbench.review.record import QUADRANTS, RINGS, STATUSES, Status

FORMATS = ("markdown", "html", "json", "radar")

dir_option = click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The decisions folder (default: config `review.dir`, else ./decisions).",
)


def _today() -> dt.date:
    return dt.date.today()


def _skipped_note(folder: store.Folder) -> None:
    if folder.skipped:
        count = len(folder.skipped)
        click.echo(
            f"workbench: skipped {count} file{'s' if count != 1 else ''} that "
            f"{'are' if count != 1 else 'is'} not valid records in {folder.root} "
            "(`workbench review validate` names them)",
            err=True,
        )


def _context(folder: store.Folder, catalog: Catalog, link_base: str = "") -> ExportContext:
    from workbench.export.records import export_context

    checklists = {k: e.checklist for k, e in catalog.entries.items()}
    return export_context([s.record for s in folder.records], checklists, _today(), link_base)


@click.group()
def review() -> None:
    """Tech-adoption reviews: decision records answered against a checklist."""


@review.command("new")
@click.option("--checklist", "checklist_id", default="new-technology", show_default=True)
@click.option("--title", help="What is being decided (asked on the first screen if not given).")
@click.option(
    "--answers",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A YAML mapping from question id to answer (see `workbench checklists show ID`).",
)
@click.option("--technology", help="The technology's name on the radar (default: the title).")
@click.option("--quadrant", type=click.Choice(QUADRANTS), help="Radar quadrant (default tools).")
@click.option("--ring", type=click.Choice(RINGS), help="Radar ring (default: from the status).")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--solves", multiple=True, help="A problem key this solves (repeatable).")
@click.option("--decision-maker", "decision_makers", multiple=True, help="Repeatable.")
@click.option("--consulted", multiple=True, help="Repeatable.")
@click.option("--informed", multiple=True, help="Repeatable.")
@click.option("--revisit-by", type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD.")
@click.option(
    "--supersedes",
    "replaces",
    multiple=True,
    help="An accepted record this one is to replace: marked superseded when this is accepted.",
)
@click.option("--propose", is_flag=True, help="Open it as proposed (every required answer given).")
@dir_option
def new(
    checklist_id: str,
    title: str | None,
    answers: Path | None,
    technology: str | None,
    quadrant: str | None,
    ring: str | None,
    tags: tuple[str, ...],
    solves: tuple[str, ...],
    decision_makers: tuple[str, ...],
    consulted: tuple[str, ...],
    informed: tuple[str, ...],
    revisit_by: dt.datetime | None,
    replaces: tuple[str, ...],
    propose: bool,
    folder: Path | None,
) -> None:
    """Open a review: the guided screen (a draft saved as you go), or with --answers a new
    draft decision record made from an answers file, without any screen."""
    from workbench.review.answers import read_answers

    root = store.resolve_dir(folder)
    supersedes = (
        store.check_replaceable(store.load_folder(root), list(replaces)) if replaces else []
    )
    if answers is None:
        from workbench.tui.review_app import make_review_app

        if root.exists() and not root.is_dir():
            raise WorkbenchError(f"{root} is not a folder")
        given = {
            "technology": one_line(technology) if technology else None,
            "quadrant": quadrant,
            "ring": ring,
            "tags": list(tags),
            "solves": list(solves),
            "decision_makers": list(decision_makers),
            "consulted": list(consulted),
            "informed": list(informed),
            "revisit_by": revisit_by.date() if revisit_by else None,
            "supersedes": supersedes,
        }
        make_review_app(
            root,
            checklist_id=checklist_id,
            title=one_line(title) if title else None,
            fields={name: value for name, value in given.items() if value},
        ).run()
        return
    if not title:
        raise WorkbenchError("with --answers, give --title (what is being decided)")
    checklist = load_catalog().get(checklist_id)
    spec = store.NewRecord(
        title=one_line(title),
        checklist=checklist,
        answers=read_answers(answers, checklist),
        technology=technology,
        quadrant=quadrant,
        ring=ring,
        tags=list(tags),
        solves=list(solves),
        decision_makers=list(decision_makers),
        consulted=list(consulted),
        informed=list(informed),
        revisit_by=revisit_by.date() if revisit_by else None,
        supersedes=supersedes,
    )
    today = _today()
    record = store.build_record(spec, today)
    if propose:
        store.check_gate(record, checklist, "proposed")
        record = store.with_status(record, "proposed", today, "")
    from workbench.review.numbering import create_numbered

    stored = create_numbered(root, record)
    click.echo(f"created {record.id} ({record.status}) in {stored.path}")


@review.command("answer")
@click.argument("record_id")
@click.option(
    "--answers",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="A YAML mapping from question id to answer; each answer given replaces the old one.",
)
@dir_option
def answer(record_id: str, answers: Path, folder: Path | None) -> None:
    """Add or change answers of an existing record (question 8's review, say)."""
    from workbench.review.answers import read_answers

    loaded = store.load_folder(store.resolve_dir(folder))
    stored = loaded.find(record_id)
    checklist = load_catalog().get(stored.record.checklist.id)
    record = store.with_answers(stored.record, read_answers(answers, checklist))
    store.save(store.Stored(stored.path, record))
    click.echo(f"{record.id}: answers updated ({stored.path})")


@review.command("edit")
@click.argument("record_id")
@dir_option
def edit(record_id: str, folder: Path | None) -> None:
    """Reopen the guided review on a record (a draft resumes at the question you left)."""
    from workbench.tui.review_app import make_review_app

    make_review_app(store.resolve_dir(folder), edit=record_id).run()


@review.command("browse")
@dir_option
def browse(folder: Path | None) -> None:
    """The records browser: filter, read, change status, supersede, export (the TUI)."""
    from workbench.tui.review_app import make_review_app

    make_review_app(store.resolve_dir(folder)).run()


@review.command("list")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES))
@click.option("--tag", "tags", multiple=True, help="Only records with this tag (repeatable).")
@click.option("--due", is_flag=True, help="Only records whose revisit-by date has come.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@dir_option
def list_(
    statuses: tuple[str, ...], tags: tuple[str, ...], due: bool, fmt: str, folder: Path | None
) -> None:
    """List decision records, oldest first."""
    loaded = store.load_folder(store.resolve_dir(folder))
    records = [s.record for s in loaded.records]
    today = _today()
    if statuses:
        records = [r for r in records if r.status in statuses]
    if tags:
        wanted = {store.tag_key(t) for t in tags}
        records = [r for r in records if wanted & set(r.tags)]
    if due:
        records = [
            r
            for r in records
            if r.revisit_by is not None and r.revisit_by <= today and r.status != "superseded"
        ]
    records.sort(key=lambda r: (r.date, r.id))
    if fmt == "json":
        from workbench.export.record_json import records_json

        click.echo(records_json(records), nl=False)
    else:
        for r in records:
            revisit = f"  revisit {r.revisit_by.isoformat()}" if r.revisit_by else ""
            click.echo(f"{r.id}  {r.status:<10}  {one_line(r.title)}{revisit}")
        if not records:
            click.echo("no records", err=True)
    _skipped_note(loaded)


@review.command("show")
@click.argument("record_id")
@click.option("--format", "fmt", type=click.Choice(["text", "yaml", "json"]), default="text")
@dir_option
def show(record_id: str, fmt: str, folder: Path | None) -> None:
    """Show one record (by id, unique prefix, or its random suffix)."""
    loaded = store.load_folder(store.resolve_dir(folder))
    stored = loaded.find(record_id)
    if fmt == "json":
        click.echo(stored.record.model_dump_json(indent=2))
    elif fmt == "yaml":
        click.echo(store.dump_record(stored.record), nl=False)
    else:
        from workbench.export.record_markdown import render

        click.echo(f"# file: {stored.path}")
        click.echo(render(stored.record, _context(loaded, load_catalog())), nl=False)


@review.command("set-status")
@click.argument("record_id")
@click.argument("status", type=click.Choice(STATUSES))
@click.option(
    "--supersedes",
    multiple=True,
    help="A record this one replaces (repeatable); it is marked "
    "superseded and both sides are linked.",
)
@click.option("--note", default="", help="A note for the status history.")
@click.option("--decision", default=None, help="The decision and why (replaces the old text).")
@dir_option
def set_status(
    record_id: str,
    status: str,
    supersedes: tuple[str, ...],
    note: str,
    decision: str | None,
    folder: Path | None,
) -> None:
    """Move a record through its lifecycle: draft, proposed, accepted or rejected, and so on."""
    loaded = store.load_folder(store.resolve_dir(folder))
    catalog = load_catalog()

    target: Status = status  # type: ignore[assignment]
    written = store.set_status(
        loaded,
        record_id,
        target,
        lambda r: catalog.get(r.checklist.id),
        supersedes=list(supersedes),
        today=_today(),
        note=one_line(note),
        decision=decision,
    )
    for stored in written:
        click.echo(f"{stored.record.id}: {stored.record.status} ({stored.path})")


@review.command("export")
@click.argument("record_ids", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option("--link-base", default="", help="Prefix for radar CSV links to record pages.")
@dir_option
def export(
    record_ids: tuple[str, ...], fmt: str, out: Path, link_base: str, folder: Path | None
) -> None:
    """Export records (all, or the ids given) as MADR Markdown, HTML, JSON or radar CSV.

    Exporting into the same folder again updates it in place: files of records that are gone
    (or renamed) are removed, unless edited by hand since; files the export did not write are
    never touched. With record ids given, nothing is removed."""
    from workbench.export.records import sync_records

    loaded = store.load_folder(store.resolve_dir(folder))
    if record_ids:
        records = [loaded.find(ref).record for ref in record_ids]
    else:
        records = [s.record for s in loaded.records]
    ctx = _context(loaded, load_catalog(), link_base)
    report = sync_records(fmt, records, out, ctx)
    written = report.paths
    click.echo(f"wrote {len(written)} file{'s' if len(written) != 1 else ''} to {out}")
    for line in report.details():
        click.echo(f"workbench: {line}", err=True)
    click.echo(f"workbench: export {report.summary()}", err=True)
    _skipped_note(loaded)


@review.command("validate")
@dir_option
def validate(folder: Path | None) -> None:
    """Check every record in the folder (for CI): exit 0 clean, 1 problems found, 2 usage error."""
    from workbench.review.lint import lint

    loaded = store.load_folder(store.resolve_dir(folder))
    problems = lint(loaded, load_catalog())
    for problem in problems:
        click.echo(str(problem))
    files = len({p.path for p in problems})
    checked = len(loaded.records) + len(loaded.skipped)
    if problems:
        click.echo(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''} ({checked} checked)",
            err=True,
        )
        raise click.exceptions.Exit(1)
    click.echo(f"ok: {checked} record{'s' if checked != 1 else ''} checked", err=True)


@review.command("renumber")
@click.option("--dry-run", is_flag=True, help="Only say which records would get which number.")
@dir_option
def renumber(dry_run: bool, folder: Path | None) -> None:
    """Give every record a stored ADR number and resolve clashes: of two records with one
    number, the later (by date, then id) moves to the next free number."""
    from workbench.review import numbering

    loaded = store.load_folder(store.resolve_dir(folder))
    changes = numbering.renumbered(loaded) if dry_run else numbering.renumber(loaded)
    for stored, old in changes:
        before = f"ADR-{old:04d}" if old is not None else "no number"
        click.echo(f"{stored.record.id}: {before} -> ADR-{stored.record.number:04d}")
    verb = "would change" if dry_run else "changed"
    click.echo(f"{verb} {len(changes)} record{'s' if len(changes) != 1 else ''}", err=True)
    _skipped_note(loaded)
