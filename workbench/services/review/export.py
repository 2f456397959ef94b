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

FORMATS = ("markdown", "html", "json", "radar", "backstage-radar")
_MODULES = {
    "markdown": "record_markdown",
    "html": "record_html",
    "json": "record_json",
    "radar": "radar",
    "backstage-radar": "backstage_radar",
}
SINGLE_FILE = ("json", "radar", "backstage-radar")
"""Formats that are one file, so they can go to `-o PATH` or stdout instead of a folder."""
LINKED = ("radar", "backstage-radar")
"""Formats whose blips link to the records' HTML pages (absolute URLs only)."""


def check_link_base(value: str, where: str) -> str:
    """`value` if it is an absolute http(s) URL (or empty); else one clear error naming
    `where`: a relative link on a hosted radar resolves against the radar's site, a 404."""
    from urllib.parse import urlsplit

    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in value for c in ' "<>'):
        raise WorkbenchError(
            f"{where} {value!r} is not an absolute http(s) URL (say https://example.org/adr/): "
            "a hosted radar would resolve a relative link against its own site"
        )
    return value


def configured_link_base(*, strict: bool = True) -> str:
    """`[review] link_base` from the config file, checked; not `strict`: "" when it is not
    an absolute URL (what a reader of records, which needs no link, gets)."""
    from workbench.io.config import config_file, load_settings

    value = load_settings().review.link_base
    try:
        return check_link_base(value, f"[review] link_base in {config_file()}:")
    except WorkbenchError:
        if strict:
            raise
        return ""


def export_context(
    everything: list[DecisionRecord],
    checklists: dict[str, Checklist],
    today: dt.date,
    link_base: str | None = None,
) -> ExportContext:
    """ADR numbers and titles over the whole folder, so a partial export numbers alike;
    `link_base` None: the config's `[review] link_base` if it is a good one."""
    link_base = (
        configured_link_base(strict=False)
        if link_base is None
        else check_link_base(link_base, "--link-base")
    )
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
    since: dt.date | None = None,
) -> SyncReport:
    """Make `out` hold the `fmt` export of `records` (see export/sync.py): files added,
    updated in place, and (with `prune`) the earlier export's files it no longer has removed.
    By default it prunes only when `records` are every record of the folder (`ctx.titles`):
    exporting a few records into a folder must not remove the others' files. The radar's
    `status` column compares with the rings on `since`, else with the previous export's."""
    if prune is None:
        prune = set(ctx.titles) <= {r.id for r in records}
    if fmt not in _MODULES:
        raise WorkbenchError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    exporter = importlib.import_module(f"workbench.export.{_MODULES[fmt]}")
    ordered = sorted(records, key=lambda r: (r.date, r.id))
    if fmt == "markdown":
        _refuse_shared_names(ordered, ctx)
    state = None
    if fmt == "radar":  # the status column compares with the previous export's rings
        from workbench.export.manifest import read_manifest
        from workbench.export.radar import previous_rings, rings

        if since is None:
            ctx = replace(ctx, previous_rings=previous_rings(read_manifest(out).state))
        else:
            ctx = _since(ctx, ordered, since)
        state = {"radar": rings(ordered, ctx.today)} if prune else None
    return sync_files(out, fmt, exporter.files(ordered, ctx), prune=prune, state=state)


def _refuse_shared_names(records: list[DecisionRecord], ctx: ExportContext) -> None:
    """Two records holding one ADR number (from two branches) with one title would be one
    file: refused before anything is written, with what resolves it."""
    holders: dict[str, str] = {}
    for record in records:
        name = ctx.markdown_name(record.id)
        if name in holders:
            raise WorkbenchError(
                f"{holders[name]} and {record.id} would both be exported as {name}: they hold "
                "one ADR number (`workbench review renumber` moves the later record to the next "
                "free number); nothing exported"
            )
        holders[name] = record.id


def render_single(
    fmt: str, records: list[DecisionRecord], ctx: ExportContext, *, since: dt.date | None = None
) -> str:
    """The text of a one-file format (`SINGLE_FILE`), for `-o PATH` or stdout. Without a
    folder there is no previous export: the radar's `status` compares with `since`, if given."""
    if fmt not in SINGLE_FILE:
        raise WorkbenchError(
            f"--format {fmt} writes a file per record: give --out FOLDER "
            f"(-o and stdout take {', '.join(SINGLE_FILE)})"
        )
    ordered = sorted(records, key=lambda r: (r.date, r.id))
    if since is not None:
        ctx = _since(ctx, ordered, since)
    exporter = importlib.import_module(f"workbench.export.{_MODULES[fmt]}")
    texts = list(exporter.files(ordered, ctx))
    return texts[-1][1]  # json: decisions.json, every record in one array


def _since(ctx: ExportContext, records: list[DecisionRecord], since: dt.date) -> ExportContext:
    from workbench.export.radar import rings_as_of

    return replace(ctx, previous_rings=rings_as_of(records, since))
