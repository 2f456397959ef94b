"""`workbench review ...`: decision records from the command line (a thin layer over the store)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from workbench.cli.given_path import GivenPath
from workbench.cli.review_common import (
    _context,
    _not_blank,
    _skipped_note,
    _today,
    dir_option,
)
from workbench.cli.review_export_cmd import export as export_command
from workbench.core.errors import WorkbenchError
from workbench.core.review.record import QUADRANTS, RINGS, STATUSES, Ring, Status
from workbench.core.text_safety import name, one_line
from workbench.io.review.catalog import load_catalog
from workbench.services.review import store


def _check_can_hold_records(root: Path, label: str) -> None:
    """`root` is a folder we can write in, or one we can make (it is made with the first
    record, not now): else one clear error before any screen or record."""
    import os
    import tempfile

    where = f"{label} {root}"
    probe = root
    while not probe.exists() and not probe.is_symlink() and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        raise WorkbenchError(f"{where}: {probe} is not a folder")
    if probe == root:
        if not os.access(root, os.W_OK | os.X_OK):
            raise WorkbenchError(f"{where}: cannot write in this folder")
        return
    try:  # can a folder be made there? made and removed at once, so nothing is left behind
        os.rmdir(tempfile.mkdtemp(prefix=".workbench-check-", dir=probe))
    except OSError as exc:
        raise WorkbenchError(f"{where}: cannot make this folder ({exc.strerror or exc})") from None


@click.group()
def review() -> None:
    """Tech-adoption reviews: decision records answered against a checklist."""


@review.command("new")
@click.option("--checklist", "checklist_id", default="new-technology", show_default=True)
@click.option("--title", help="What is being decided (asked on the first screen if not given).")
@click.option(
    "--answers",
    type=GivenPath(path_type=Path, dir_okay=False),
    help="A YAML mapping from question id to answer (see `workbench checklists show ID`); "
    "'-': standard input.",
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
    from workbench.cli import require_terminal, run_app
    from workbench.io.review.answers import read_answers

    title = _not_blank(title, "--title")
    technology = _not_blank(technology, "--technology")
    root = store.resolve_dir(folder)
    _check_can_hold_records(root, "--dir" if folder is not None else "the decisions folder")
    supersedes = (
        store.check_replaceable(store.load_folder(root), list(replaces)) if replaces else []
    )
    if answers is None:
        load_catalog().get(checklist_id)  # an unknown checklist is named before the terminal
        require_terminal(
            "review new",
            "give the answers in a file: `workbench review new --title T --answers FILE` "
            "(`workbench checklists show ID` lists the questions)",
        )
        from workbench.tui.review_app import make_review_app

        given = {
            "technology": technology,
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
        run_app(
            make_review_app(
                root,
                checklist_id=checklist_id,
                title=title,
                fields={name: value for name, value in given.items() if value},
            )
        )
        return
    if not title:
        raise WorkbenchError("with --answers, give --title (what is being decided)")
    checklist = load_catalog().get(checklist_id)
    spec = store.NewRecord(
        title=title,
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
    from workbench.services.review.numbering import create_numbered

    stored = create_numbered(root, record)
    click.echo(f"created {record.id} ({record.status}) in {name(stored.path)}")


@review.command("answer")
@click.argument("record_id")
@click.option(
    "--answers",
    type=GivenPath(path_type=Path, dir_okay=False),
    required=True,
    help="A YAML mapping from question id to answer; each answer given replaces the old one "
    "('-': standard input).",
)
@dir_option
def answer(record_id: str, answers: Path, folder: Path | None) -> None:
    """Add or change answers of an existing record (question 8's review, say).

    If someone changes the record meanwhile, their change is kept: answers to other questions
    are merged; a change to one of the same answers stops this one (exit 1, nothing written)."""
    from workbench.io.review.answers import read_answers

    loaded = store.load_folder(store.resolve_dir(folder))
    base = store.read_stored(loaded.find(record_id).path)  # the version this change is made to
    checklist = load_catalog().get(base.record.checklist.id)
    record = store.with_answers(base.record, read_answers(answers, checklist))
    stored = store.update(base, record)
    click.echo(f"{record.id}: answers updated ({name(stored.path)})")


@review.command("edit")
@click.argument("record_id")
@dir_option
def edit(record_id: str, folder: Path | None) -> None:
    """Reopen the guided review on a record (a draft resumes at the question you left)."""
    from workbench.cli import has_terminal, require_terminal, run_app

    root = store.resolve_dir(folder)
    if not has_terminal():
        store.load_folder(root).find(record_id)  # an unknown record is named first
        require_terminal(
            "review edit",
            "change a record with `workbench review answer ID --answers FILE` or "
            "`workbench review set-status ID STATUS`",
        )
    from workbench.tui.review_app import make_review_app

    run_app(make_review_app(root, edit=record_id))


@review.command("browse")
@dir_option
def browse(folder: Path | None) -> None:
    """The records browser: filter, read, change status, supersede, export (the TUI)."""
    from workbench.cli import has_terminal, require_terminal, run_app

    root = store.resolve_dir(folder)
    if not has_terminal():
        store.record_files(root)  # a missing folder is named first
        require_terminal(
            "review browse",
            "use `workbench review list`, `review show ID` and `review export`",
        )
    from workbench.tui.review_app import make_review_app

    run_app(make_review_app(root))


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
    from workbench.core.review import queries

    loaded = store.load_folder(store.resolve_dir(folder))
    query = queries.Query(
        statuses=frozenset(statuses), tags=frozenset(store.tag_key(t) for t in tags), due=due
    )
    records = queries.run((s.record for s in loaded.records), query, _today())
    if fmt == "json":
        from workbench.export.record_json import records_json

        click.echo(records_json(records), nl=False)
    else:
        for r in records:
            revisit = f"  revisit {r.revisit_by.isoformat()}" if r.revisit_by else ""
            click.echo(f"{name(r.id)}  {r.status:<10}  {one_line(r.title)}{revisit}")
        if not records:
            click.echo("no records", err=True)
    _skipped_note(loaded)


@review.command("show")
@click.argument("record_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "yaml", "json", "markdown"]),
    default="text",
    help="markdown: the MADR file the Markdown export writes for it.",
)
@dir_option
def show(record_id: str, fmt: str, folder: Path | None) -> None:
    """Show one record (by id, unique prefix, or its random suffix)."""
    loaded = store.load_folder(store.resolve_dir(folder))
    stored = loaded.find(record_id)
    if fmt == "json":
        from workbench.export.record_json import record_json

        click.echo(record_json(stored.record), nl=False)
    elif fmt == "yaml":
        click.echo(store.dump_record(stored.record), nl=False)
    else:
        from workbench.export.record_markdown import render

        if fmt == "text":
            click.echo(f"# file: {name(stored.path)}")
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
    """Move a record through its lifecycle: draft, proposed, accepted or rejected, and so on.

    A change someone makes to other fields meanwhile is kept (merged); if they changed the
    status too, this one stops (exit 1, nothing written)."""
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
        click.echo(f"{stored.record.id}: {stored.record.status} ({name(stored.path)})")


@review.command("validate")
@dir_option
def validate(folder: Path | None) -> None:
    """Check every record in the folder (for CI): exit 0 clean, 1 problems found, 2 usage error."""
    from workbench.services.review.lint import lint

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
    from workbench.services.review import numbering

    root = store.resolve_dir(folder)
    with numbering.assigning(root):  # no number given out meanwhile by a `review new`
        loaded = store.load_folder(root)
        changes = numbering.renumbered(loaded) if dry_run else numbering.renumber(loaded)
    for stored, old in changes:
        before = f"ADR-{old:04d}" if old is not None else "no number"
        click.echo(f"{stored.record.id}: {before} -> ADR-{stored.record.number:04d}")
    verb = "would change" if dry_run else "changed"
    click.echo(f"{verb} {len(changes)} record{'s' if len(changes) != 1 else ''}", err=True)
    _skipped_note(loaded)


@review.command("set-ring")
@click.argument("record_id")
@click.argument("ring", type=click.Choice(RINGS))
@click.option("--note", default="", help="A note for the status history.")
@dir_option
def set_ring(record_id: str, ring: str, note: str, folder: Path | None) -> None:
    """Move a record's technology to another radar ring (kept in its status history, which
    the radar's `status` column and timeline read)."""
    loaded = store.load_folder(store.resolve_dir(folder))
    target: Ring = ring  # type: ignore[assignment]
    stored = store.set_ring(loaded, record_id, target, today=_today(), note=one_line(note))
    click.echo(f"{stored.record.id}: ring {ring} ({name(stored.path)})")


review.add_command(export_command)
