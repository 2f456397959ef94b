"""What the `workbench review` commands share: the folder option, today, notes on stderr."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from workbench.cli.given_path import GivenPath
from workbench.core.errors import WorkbenchError
from workbench.core.text_safety import name, one_line
from workbench.export.record_common import ExportContext
from workbench.io.review.catalog import Catalog
from workbench.services.review import store

dir_option = click.option(
    "--dir",
    "folder",
    type=GivenPath(path_type=Path, file_okay=False),
    default=None,
    help="The decisions folder (default: config `review.dir`, else ./decisions).",
)


def _today() -> dt.date:
    return dt.date.today()


def _skipped_note(folder: store.Folder) -> None:
    """Name the files skipped as not valid records, and exit 1: what was listed or exported
    lacks them (the rest is out already)."""
    if folder.skipped:
        count = len(folder.skipped)
        click.echo(
            f"workbench: skipped {count} file{'s' if count != 1 else ''} that "
            f"{'are not valid records' if count != 1 else 'is not a valid record'} in "
            f"{name(folder.root)} (`workbench review validate` names "
            f"{'them' if count != 1 else 'it'})",
            err=True,
        )
        raise click.exceptions.Exit(1)


def _context(folder: store.Folder, catalog: Catalog, link_base: str | None = None) -> ExportContext:
    from workbench.services.review.export import export_context

    checklists = {k: e.checklist for k, e in catalog.entries.items()}
    return export_context([s.record for s in folder.records], checklists, _today(), link_base)


def _not_blank(value: str | None, option: str) -> str | None:
    """The option's text on one line (control characters dropped); blank is an error."""
    if value is None:
        return None
    cleaned = one_line(value)
    if not cleaned:
        raise WorkbenchError(f"{option} is blank; give it some text")
    return cleaned
