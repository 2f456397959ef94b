"""The BYOR radar CSV as Build Your Own Radar shows it (issue 12, "Radar exports").

Contract tests of BYOR's documented CSV format and of what its code does with it: every value
is trimmed (InputSanitizer.trimWhiteSpaces) and the old UI orders rings by first appearance."""

from __future__ import annotations

import csv
import datetime as dt
import io

from tests.review.conftest import record
from workbench.core.review.record import RINGS, DecisionRecord
from workbench.export import radar
from workbench.export.record_common import ExportContext
from workbench.services.review.store import adr_numbers

FORMULA_START = ("=", "+", "-", "@")


def _ctx(records: list[DecisionRecord]) -> ExportContext:
    return ExportContext(
        numbers=adr_numbers(records),
        titles={r.id: r.title for r in records},
        today=dt.date(2024, 7, 1),
    )


def _rows(records: list[DecisionRecord]) -> list[list[str]]:
    return list(csv.reader(io.StringIO(radar.radar_csv(records, _ctx(records)))))


def _byor(rows: list[list[str]]) -> list[dict[str, str]]:
    """The blips as BYOR holds them: each value trimmed."""
    header = [h.strip() for h in rows[0]]
    return [{k: v.strip() for k, v in zip(header, row, strict=True)} for row in rows[1:]]


def _tech(n: int, name: str, status: str = "accepted") -> DecisionRecord:
    return record(
        f"2024-01-{n:02d}-adopt-x-{'abcdefghjk'[n % 10] * 5}", status=status, technology=name
    )


def test_names_are_shown_as_written_and_no_cell_runs_as_a_formula() -> None:
    names = [
        "@backstage/core",
        '=HYPERLINK("http://x")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "C++",
        "-1",
        "Kafka",
    ]
    records = [_tech(n, name) for n, name in enumerate(names, start=1)]
    rows = _rows(records)
    assert sorted(b["name"] for b in _byor(rows)) == sorted(names)
    for row in rows[1:]:
        for cell in row:
            # a spreadsheet runs a cell as a formula when its first character starts one
            assert not cell.startswith(FORMULA_START) or cell in ("-1",), cell
    plain = {row[0] for row in rows[1:]}
    assert {"C++", "-1", "Kafka"} <= plain  # nothing formula-like: written exactly as is


def test_rings_come_in_canonical_order_then_names() -> None:
    records = [
        _tech(1, "Aardvark", "deprecated"),  # hold
        _tech(2, "Zebra", "accepted"),  # adopt
        _tech(3, "Mole", "proposed"),  # assess
        _tech(4, "Bee", "accepted"),  # adopt
    ]
    records[2] = records[2].model_copy(
        update={"technology": records[2].technology.model_copy(update={"ring": "trial"})}
    )
    blips = _byor(_rows(records))
    assert [(b["ring"], b["name"]) for b in blips] == [
        ("adopt", "Bee"), ("adopt", "Zebra"), ("trial", "Mole"), ("hold", "Aardvark"),
    ]  # fmt: skip
    first_seen = list(dict.fromkeys(b["ring"] for b in blips))
    assert first_seen == [r for r in RINGS if r in first_seen]
