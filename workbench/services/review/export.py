"""Exporting decision records in any format: one entry point for the CLI and the TUI."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import replace
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.review.checklist import Checklist
from workbench.core.review.record import DecisionRecord
from workbench.export.record_common import ExportContext
from workbench.export.sync import SyncReport, sync_files
from workbench.services.review.store import adr_numbers

FORMATS = ("markdown", "html", "json", "radar")
_MODULES = {
    "markdown": "record_markdown",
    "html": "record_html",
    "json": "record_json",
    "radar": "radar",
}


def export_context(
    everything: list[DecisionRecord],
    checklists: dict[str, Checklist],
    today: dt.date,
    link_base: str = "",
) -> ExportContext:
    """ADR numbers and titles over the whole folder, so a partial export numbers alike."""
    return ExportContext(
        numbers=adr_numbers(everything),
        titles={r.id: r.title for r in everything},
        checklists=checklists,
        today=today,
        link_base=link_base,
    )


def export_records(
    fmt: str, records: list[DecisionRecord], out: Path, ctx: ExportContext
) -> list[Path]:
    """Write `records` (oldest first) to `out` in `fmt`; the files of the export there now.

    `out` is created (with any missing parents) when it does not exist. Each file is written
    atomically, only directly inside `out`, and a link where a file would go is refused
    (`workbench.io.write_named`); see `sync_records` for what an earlier export left."""
    return sync_records(fmt, records, out, ctx).paths


def sync_records(
    fmt: str,
    records: list[DecisionRecord],
    out: Path,
    ctx: ExportContext,
    *,
    prune: bool | None = None,
) -> SyncReport:
    """Make `out` hold the `fmt` export of `records` (see export/sync.py): files added,
    updated in place, and (with `prune`) the earlier export's files it no longer has removed.
    By default it prunes only when `records` are every record of the folder (`ctx.titles`):
    exporting a few records into a folder must not remove the others' files."""
    if prune is None:
        prune = set(ctx.titles) <= {r.id for r in records}
    if fmt not in _MODULES:
        raise WorkbenchError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    exporter = importlib.import_module(f"workbench.export.{_MODULES[fmt]}")
    ordered = sorted(records, key=lambda r: (r.date, r.id))
    state = None
    if fmt == "radar":  # the status column compares with the previous export's rings
        from workbench.export.manifest import read_manifest
        from workbench.export.radar import previous_rings, rings

        ctx = replace(ctx, previous_rings=previous_rings(read_manifest(out).state))
        state = {"radar": rings(ordered, ctx.today)} if prune else None
    return sync_files(out, fmt, exporter.files(ordered, ctx), prune=prune, state=state)
