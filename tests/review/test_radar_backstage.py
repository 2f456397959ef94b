"""The Backstage Tech Radar JSON export (`--format backstage-radar`, issue 12).

Checked two ways: against a JSON Schema written from the TypeScript types of
`@backstage-community/plugin-tech-radar-common` (`TechRadarLoaderResponse`, a contract test
that always runs; the same schema `workbench schema backstage-radar` prints), and with that
package's own runtime parser, `TechRadarLoaderResponseParser` (zod), installed from npm once
per machine (tests/review/registry_installs.py); skipped with the reason when node/npm or the
registry are missing."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.review.conftest import record, save
from tests.review.registry_installs import npm_modules
from workbench.core.review.record import DecisionRecord

PACKAGES = ["@backstage-community/plugin-tech-radar-common@1.13.0"]

# TechRadarLoaderResponse, RadarQuadrant, RadarRing, RadarEntry, RadarEntrySnapshot,
# RadarEntryLink and MovedState, from the package's dist/index.d.ts, as JSON Schema.
BACKSTAGE_TYPES: dict[str, Any] = {
    "type": "object",
    "required": ["quadrants", "rings", "entries"],
    "properties": {
        "quadrants": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                "additionalProperties": False,
            },
        },
        "rings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name", "color"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "color": {"type": "string"},
                    "description": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
        "entries": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "id", "quadrant", "title", "timeline"],
                "properties": {
                    "key": {"type": "string"},
                    "id": {"type": "string"},
                    "quadrant": {"type": "string"},
                    "title": {"type": "string"},
                    "url": {"type": "string"},
                    "description": {"type": "string"},
                    "timeline": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["date", "ringId"],
                            "properties": {
                                "date": {"type": "string", "format": "date"},
                                "ringId": {"type": "string"},
                                "description": {"type": "string"},
                                "moved": {"enum": [-1, 0, 1]},
                            },
                            "additionalProperties": False,
                        },
                    },
                    "links": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["url", "title"],
                            "properties": {"url": {"type": "string"}, "title": {"type": "string"}},
                            "additionalProperties": False,
                        },
                    },
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}


def _history(n: int, name: str, *changes: tuple[str, str, str | None]) -> DecisionRecord:
    rec = record(f"2024-01-{n:02d}-adopt-x-{'abcdefghjk'[n % 10] * 5}", technology=name)
    history = [
        {"status": s, "date": dt.date.fromisoformat(d), **({"ring": r} if r else {})}
        for s, d, r in changes
    ]
    return DecisionRecord.model_validate(
        {**rec.model_dump(), "status": changes[-1][0], "history": history}
    )


@pytest.fixture
def radar(run, decisions, tmp_path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    kafka = [
        ("draft", "2024-01-01", None),
        ("proposed", "2024-01-05", None),  # recorded before rings were: from the status
        ("accepted", "2024-03-01", None),
    ]
    mongo = [
        ("accepted", "2024-01-03", "adopt"),
        ("accepted", "2024-02-03", "trial"),  # `review set-ring`
        ("deprecated", "2024-04-10", "hold"),
    ]
    save(decisions, _history(1, "Kafka", *kafka))
    save(decisions, _history(2, "Mongo", *mongo))
    save(decisions, _history(3, "@scope/pkg <b>", ("proposed", "2024-01-03", "assess")))
    save(decisions, _history(4, "Drafty", ("draft", "2024-01-04", None)))
    result = run(
        "review", "export", "--format", "backstage-radar", "--dir", str(decisions),
        "--link-base", "https://adr.example.org/",
    )  # fmt: skip
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def test_backstage_radar_has_quadrants_rings_and_entries_with_timelines(radar) -> None:  # type: ignore[no-untyped-def]
    jsonschema.validate(radar, BACKSTAGE_TYPES, format_checker=jsonschema.FormatChecker())
    assert [q["id"] for q in radar["quadrants"]] == [
        "techniques", "platforms", "tools", "languages-and-frameworks",
    ]  # fmt: skip
    assert [r["id"] for r in radar["rings"]] == ["adopt", "trial", "assess", "hold"]
    entries = {e["title"]: e for e in radar["entries"]}
    assert set(entries) == {"Kafka", "Mongo", "@scope/pkg <b>"}  # no draft
    kafka = entries["Kafka"]
    assert kafka["quadrant"] == "platforms"
    assert kafka["url"] == f"https://adr.example.org/{kafka['id']}.html"
    # newest first: Backstage draws the entry in timeline[0]'s ring
    assert [(t["date"], t["ringId"], t["moved"]) for t in kafka["timeline"]] == [
        ("2024-03-01", "adopt", 1), ("2024-01-05", "assess", 0),
    ]  # fmt: skip
    assert [(t["ringId"], t["moved"]) for t in entries["Mongo"]["timeline"]] == [
        ("hold", -1), ("trial", -1), ("adopt", 0),
    ]  # fmt: skip


def test_the_schema_command_prints_the_backstage_contract(run, radar) -> None:  # type: ignore[no-untyped-def]
    printed = json.loads(run("schema", "backstage-radar").out)
    assert printed["$id"].startswith("urn:translation-workbench:schema:")
    jsonschema.validate(radar, printed)
    body = {k: v for k, v in printed.items() if not k.startswith("$") and k != "title"}
    body.pop("description", None)
    assert body == BACKSTAGE_TYPES


@pytest.fixture(scope="module")
def node_modules() -> Path:
    return npm_modules("tech-radar-common", PACKAGES)


PARSE = """
const { TechRadarLoaderResponseParser } = require("@backstage-community/plugin-tech-radar-common");
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const parsed = TechRadarLoaderResponseParser.parse(input);  // throws on a mismatch
// zod drops keys it does not know: every key we wrote must survive the parse
const lost = [];
input.entries.forEach((e, i) => Object.keys(e).forEach(k => {
  if (!(k in parsed.entries[i])) lost.push(k);
}));
console.log(JSON.stringify({
  lost,
  entries: parsed.entries.map(e => ({ title: e.title, ring: e.timeline[0].ringId,
    first: e.timeline[0].date.toISOString().slice(0, 10) })),
}));
"""


def test_backstage_s_own_parser_accepts_it(node_modules: Path, radar, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run(
        ["node", "-e", PARSE], input=json.dumps(radar),
        capture_output=True, text=True, timeout=120, check=False,
        env={"NODE_PATH": str(node_modules), "PATH": "/usr/bin:/bin:/usr/local/bin",
             "HOME": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["lost"] == []
    assert {e["title"]: (e["ring"], e["first"]) for e in seen["entries"]} == {
        "Kafka": ("adopt", "2024-03-01"),
        "Mongo": ("hold", "2024-04-10"),
        "@scope/pkg <b>": ("assess", "2024-01-03"),
    }
