"""The radar CSV's `status` column (BYOR: New, Moved In, Moved Out, No Change), relative to
the previous export into the same folder (issue 12, "Radar exports")."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.review.conftest import record, save
from workbench.core.review.record import DecisionRecord


def _tech(n: int, name: str, status: str) -> DecisionRecord:
    return record(
        f"2024-01-{n:02d}-adopt-x-{'abcdefghjk'[n % 10] * 5}", status=status, technology=name
    )


def _radar(run, decisions: Path, out: Path) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    result = run(
        "review", "export", "--format", "radar", "--out", str(out), "--dir", str(decisions)
    )
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO((out / "radar.csv").read_text())))
    return {row["name"].strip(): row for row in rows}


def test_status_column_follows_the_previous_export(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    records = {
        "Kafka": _tech(1, "Kafka", "proposed"),  # assess
        "Redis": _tech(2, "Redis", "accepted"),  # adopt
        "Mongo": _tech(3, "Mongo", "accepted"),  # adopt
    }
    for rec in records.values():
        save(decisions, rec)
    out = tmp_path / "radar"
    first = _radar(run, decisions, out)
    assert list(first["Kafka"])[:6] == [
        "name",
        "ring",
        "quadrant",
        "isNew",
        "status",
        "description",
    ]
    assert {row["status"] for row in first.values()} == {"No Change"}  # old records, no history
    save(decisions, records["Kafka"].model_copy(update={"status": "accepted"}))  # assess -> adopt
    save(decisions, records["Mongo"].model_copy(update={"status": "deprecated"}))  # adopt -> hold
    save(decisions, _tech(4, "Pulsar", "proposed"))
    second = _radar(run, decisions, out)
    assert {name: row["status"] for name, row in second.items()} == {
        "Kafka": "Moved In", "Redis": "No Change", "Mongo": "Moved Out", "Pulsar": "New",
    }  # fmt: skip
    third = _radar(run, decisions, out)
    assert {row["status"] for row in third.values()} == {"No Change"}


def test_a_hostile_manifest_state_is_ignored(run, decisions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save(decisions, _tech(1, "Kafka", "accepted"))
    out = tmp_path / "radar"
    _radar(run, decisions, out)
    manifest = out / ".workbench-export.json"
    data = json.loads(manifest.read_text())
    data["state"] = {"radar": {"kafka": "<script>", "x": ["hold"]}}
    manifest.write_text(json.dumps(data))
    assert _radar(run, decisions, out)["Kafka"]["status"] == "New"
