"""Decision records as JSON, one file per record plus `decisions.json` with them all.

Each object validates against `workbench schema decision-record`. The text is exact (JSON is
data); the characters a terminal or an editor would act on are written as `\\uXXXX` escapes
(`text_safety.json_text`).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import TypeAdapter

from workbench.core.review.record import DecisionRecord
from workbench.core.text_safety import json_text
from workbench.export.record_common import ExportContext

RECORDS = TypeAdapter(list[DecisionRecord])


def records_json(records: list[DecisionRecord]) -> str:
    return json_text(RECORDS.dump_json(records, indent=2).decode()) + "\n"


def record_json(record: DecisionRecord) -> str:
    return json_text(record.model_dump_json(indent=2)) + "\n"


def files(records: list[DecisionRecord], ctx: ExportContext) -> Iterator[tuple[str, str]]:
    """(file name, text) of every file of the export."""
    for record in records:
        yield f"{record.id}.json", record_json(record)
    yield "decisions.json", records_json(records)
