"""Decision records as JSON, one file per record plus `decisions.json` with them all.

Each object validates against `workbench schema decision-record`. The text is exact (JSON is
data); the characters a terminal or an editor would act on are written as `\\uXXXX` escapes
(`text_safety.json_text`).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter

from workbench.core.text_safety import json_text
from workbench.export.record_common import ExportContext, write_file
from workbench.review.record import DecisionRecord

RECORDS = TypeAdapter(list[DecisionRecord])


def records_json(records: list[DecisionRecord]) -> str:
    return json_text(RECORDS.dump_json(records, indent=2).decode()) + "\n"


def record_json(record: DecisionRecord) -> str:
    return json_text(record.model_dump_json(indent=2)) + "\n"


def export(records: list[DecisionRecord], out_dir: Path, ctx: ExportContext) -> list[Path]:
    written = []
    for record in records:
        path = out_dir / f"{record.id}.json"
        write_file(path, record_json(record))
        written.append(path)
    everything = out_dir / "decisions.json"
    write_file(everything, records_json(records))
    written.append(everything)
    return written
