"""Backstage's Tech Radar JSON (`TechRadarLoaderResponse`: quadrants, rings, entries).

The shape is the one `@backstage-community/plugin-tech-radar-common`'s
`TechRadarLoaderResponseParser` accepts. Backstage draws an entry in the ring of the first
snapshot of its `timeline`, so the timeline is newest first; each snapshot says whether the
entry moved in (`moved: 1`, towards adopt), out (-1) or not (0) since the one before. The
descriptions are rendered as Markdown by Backstage, so record text goes in made inert.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from workbench.core.review.record import (
    QUADRANT_NAMES,
    QUADRANTS,
    RINGS,
    DecisionRecord,
    change_ring,
)
from workbench.core.text_safety import json_text, markdown_inline, one_line
from workbench.export.radar import RING_COLOURS, Blip, blips
from workbench.export.record_common import ExportContext, page_url

FILE_NAME = "tech-radar.json"
RING_DESCRIPTIONS = {
    "adopt": "We use it and recommend it.",
    "trial": "Worth pursuing where the risk can be handled.",
    "assess": "Worth exploring, to understand how it affects us.",
    "hold": "Proceed with caution: not for new work.",
}

# TechRadarLoaderResponse and the types it uses (RadarQuadrant, RadarRing, RadarEntry,
# RadarEntrySnapshot, RadarEntryLink, MovedState), from the TypeScript declarations of
# @backstage-community/plugin-tech-radar-common 1.13 (dist/index.d.ts), as JSON Schema. Stricter
# than the package's zod parser in one way: no key it does not know (zod would drop them).
SCHEMA: dict[str, Any] = {
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


def timeline(record: DecisionRecord, ring: str) -> list[dict[str, Any]]:
    """The record's ring moves, newest first, from its status history; at least one."""
    moves: list[dict[str, Any]] = []
    for change in record.history:
        now = change_ring(record, change)
        if now is not None and (not moves or moves[-1]["ringId"] != now):
            moves.append(_snapshot(change.date, now, moves, one_line(change.note) or change.status))
    if not moves or moves[-1]["ringId"] != ring:  # a ring set by hand, or no history at all
        changed = record.history[-1].date if record.history else record.date
        moves.append(_snapshot(changed, ring, moves, ""))
    return list(reversed(moves))


def _snapshot(day: dt.date, ring: str, before: list[dict[str, Any]], note: str) -> dict[str, Any]:
    moved = 0
    if before:
        moved = 1 if RINGS.index(ring) < RINGS.index(before[-1]["ringId"]) else -1
    out: dict[str, Any] = {"date": day.isoformat(), "ringId": ring, "moved": moved}
    if note:
        out["description"] = markdown_inline(note)
    return out


def entry(blip: Blip, ctx: ExportContext) -> dict[str, Any]:
    record = blip.record
    out: dict[str, Any] = {
        "key": record.id,
        "id": record.id,
        "quadrant": blip.quadrant,
        "title": one_line(record.technology.name),
        "description": markdown_inline(one_line(record.decision or record.title)),
        "timeline": timeline(record, blip.ring),
    }
    url = page_url(ctx, record.id)
    if url:
        out["url"] = url
        out["links"] = [{"url": url, "title": f"{ctx.adr(record.id)}: {one_line(record.title)}"}]
    return out


def radar_json(records: list[DecisionRecord], ctx: ExportContext) -> str:
    data = {
        "quadrants": [{"id": q, "name": QUADRANT_NAMES[q]} for q in QUADRANTS],
        "rings": [
            {
                "id": ring,
                "name": ring.upper(),
                "color": RING_COLOURS[ring],
                "description": RING_DESCRIPTIONS[ring],
            }
            for ring in RINGS
        ],
        "entries": [entry(b, ctx) for b in blips(records, ctx.today)],
    }
    return json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def files(records: list[DecisionRecord], ctx: ExportContext) -> Iterator[tuple[str, str]]:
    """(file name, text) of every file of the export."""
    yield FILE_NAME, radar_json(records, ctx)
