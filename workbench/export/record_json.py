"""Decision records as JSON, one file per record plus `decisions.json` with them all.

Each object validates against `workbench schema decision-record`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import TypeAdapter

from workbench.export.record_common import ExportContext, write_file
from workbench.review.record import DecisionRecord

RECORDS = TypeAdapter(list[DecisionRecord])


def records_json(records: list[DecisionRecord]) -> str:
    return RECORDS.dump_json(records, indent=2).decode() + "\n"


def files(records: list[DecisionRecord], ctx: ExportContext) -> Iterator[tuple[str, str]]:
    """(file name, text) of every file of the export."""
    for record in records:
        yield f"{record.id}.json", record.model_dump_json(indent=2) + "\n"
    yield "decisions.json", records_json(records)


def export(records: list[DecisionRecord], out_dir: Path, ctx: ExportContext) -> list[Path]:
    written = []
    for record in records:
        path = out_dir / f"{record.id}.json"
        write_file(path, record.model_dump_json(indent=2) + "\n")
        written.append(path)
    everything = out_dir / "decisions.json"
    write_file(everything, records_json(records))
    written.append(everything)
    return written
