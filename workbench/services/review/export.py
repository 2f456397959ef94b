"""Exporting decision records in any format: one entry point for the CLI and the TUI."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.review.checklist import Checklist
from workbench.core.review.record import DecisionRecord
from workbench.export.record_common import ExportContext, export_folder
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
    """Write `records` (oldest first) to `out` in `fmt`; the files written.

    `out` is created (with any missing parents) when it does not exist. Each file is written
    atomically, only directly inside `out`, and a link where a file would go is refused."""
    if fmt not in _MODULES:
        raise WorkbenchError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    exporter = importlib.import_module(f"workbench.export.{_MODULES[fmt]}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WorkbenchError(f"--out {out}: exists and is not a folder") from None
    except OSError as exc:
        raise WorkbenchError(f"cannot create {out}: {exc.strerror or exc}") from None
    ordered = sorted(records, key=lambda r: (r.date, r.id))
    with export_folder(out):
        written: list[Path] = exporter.export(ordered, out, ctx)
    return written
