"""The technology radar: which records are on it, a ThoughtWorks BYOR CSV, and an SVG picture."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass

from workbench.core.review.record import (
    QUADRANT_NAMES,
    QUADRANTS,
    RINGS,
    DecisionRecord,
    radar_ring,
    ring_as_of,
)
from workbench.core.text_safety import one_line, trimmed_csv_cell
from workbench.export.record_common import ExportContext, page_url

NEW_DAYS = 90


@dataclass(frozen=True)
class Blip:
    record: DecisionRecord
    ring: str
    quadrant: str
    is_new: bool


def blips(records: list[DecisionRecord], today: dt.date) -> list[Blip]:
    """One blip per technology: its latest record that belongs on the radar."""
    latest: dict[str, DecisionRecord] = {}
    for record in sorted(records, key=lambda r: (r.date, r.id)):
        if radar_ring(record) is not None:
            latest[record.technology.name.casefold()] = record
    out = []
    for record in sorted(latest.values(), key=lambda r: (r.technology.name.casefold(), r.id)):
        changed = record.history[-1].date if record.history else record.date
        ring = radar_ring(record) or "hold"
        is_new = (today - changed).days <= NEW_DAYS
        out.append(Blip(record, ring, record.technology.quadrant, is_new))
    return out


def _key(blip: Blip) -> str:
    return one_line(blip.record.technology.name).casefold()


def rings(records: list[DecisionRecord], today: dt.date) -> dict[str, str]:
    """Each blip's ring, by name key: what the next export's `status` column compares with."""
    return {_key(b): b.ring for b in blips(records, today)}


def rings_as_of(records: list[DecisionRecord], day: dt.date) -> dict[str, str]:
    """Each technology's ring on `day`, from the records' status histories (name key -> ring):
    what `--since DAY` compares with. A technology's latest record then on the radar counts."""
    latest: dict[str, tuple[DecisionRecord, str]] = {}
    for record in sorted(records, key=lambda r: (r.date, r.id)):
        ring = ring_as_of(record, day)
        if ring is not None:
            latest[one_line(record.technology.name).casefold()] = (record, ring)
    return {key: ring for key, (_record, ring) in latest.items()}


def previous_rings(state: dict[str, dict[str, str]]) -> dict[str, str] | None:
    """The rings an earlier export kept in its manifest (entries that are no ring dropped)."""
    kept = state.get("radar")
    if kept is None:
        return None
    return {name: ring for name, ring in kept.items() if ring in RINGS}


def blip_status(blip: Blip, previous: dict[str, str] | None) -> str:
    """BYOR's status: New, Moved In (towards adopt), Moved Out (towards hold), No Change;
    relative to the previous export, or without one, New for a blip changed recently."""
    if previous is None:
        return "New" if blip.is_new else "No Change"
    before = previous.get(_key(blip))
    if before is None:
        return "New"
    if RINGS.index(blip.ring) < RINGS.index(before):
        return "Moved In"
    if RINGS.index(blip.ring) > RINGS.index(before):
        return "Moved Out"
    return "No Change"


def _cell(text: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula, and that BYOR shows as written
    (`trimmed_csv_cell`: a leading space, which BYOR trims, where an apostrophe would show)."""
    return trimmed_csv_cell(text)


def radar_csv(records: list[DecisionRecord], ctx: ExportContext) -> str:
    """BYOR columns; the description is HTML (BYOR renders it), escaped, linked to the record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "ring", "quadrant", "isNew", "status", "description"])
    # BYOR's older UI orders the rings by their first appearance in the sheet
    ordered = sorted(
        blips(records, ctx.today),
        key=lambda b: (RINGS.index(b.ring), _key(b)),
    )
    for blip in ordered:
        record = blip.record
        summary = record.decision or record.title
        label = f"{html.escape(ctx.adr(record.id))}, {record.status}"
        url = page_url(ctx, record.id)
        if url:  # absolute, or none at all: a hosted radar resolves a relative link to a 404
            label = f'<a href="{html.escape(url, quote=True)}">{label}</a>'
        description = f"{html.escape(one_line(summary))} ({label})"
        writer.writerow(
            [
                _cell(record.technology.name),
                blip.ring,
                QUADRANT_NAMES[blip.quadrant],
                "TRUE" if blip.is_new else "FALSE",
                blip_status(blip, ctx.previous_rings),
                _cell(description),
            ]
        )
    return buffer.getvalue()


def files(records: list[DecisionRecord], ctx: ExportContext) -> Iterator[tuple[str, str]]:
    """(file name, text) of every file of the export."""
    yield "radar.csv", radar_csv(records, ctx)


# ---- the picture ---------------------------------------------------------------------------

SIZE = 560
_RADII = (80, 150, 215, 270)
_ANGLES = {  # quadrant -> start angle in degrees (SVG: 0 is east, clockwise)
    "techniques": 180,
    "tools": 270,
    "platforms": 90,
    "languages-and-frameworks": 0,
}
LABEL_CHARS = 22
RING_COLOURS = {"adopt": "#2e7d32", "trial": "#1565c0", "assess": "#ef6c00", "hold": "#c62828"}


def _place(record_id: str, quadrant: str, ring: str) -> tuple[float, float]:
    digest = hashlib.sha256(record_id.encode()).digest()
    index = RINGS.index(ring)
    inner = 0 if index == 0 else _RADII[index - 1]
    outer = _RADII[index]
    radius = inner + 12 + (outer - inner - 24) * digest[0] / 255
    angle = math.radians(_ANGLES[quadrant] + 8 + 74 * digest[1] / 255)
    centre = SIZE / 2
    return centre + radius * math.cos(angle), centre + radius * math.sin(angle)


def radar_svg(items: list[Blip], href_for: dict[str, str]) -> str:
    c = SIZE / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="{SIZE}" height="{SIZE}" role="img" aria-label="Technology radar">'
    ]
    for radius in reversed(_RADII):
        parts.append(f'<circle cx="{c}" cy="{c}" r="{radius}" fill="#f5f5f5" stroke="#bbb"/>')
    parts.append(f'<line x1="0" y1="{c}" x2="{SIZE}" y2="{c}" stroke="#bbb"/>')
    parts.append(f'<line x1="{c}" y1="0" x2="{c}" y2="{SIZE}" stroke="#bbb"/>')
    for ring, radius in zip(RINGS, _RADII, strict=True):
        parts.append(
            f'<text x="{c + 4}" y="{c - radius + 14}" font-size="11" fill="#555">{ring}</text>'
        )
    corners = {
        "techniques": (8, 16, "start"),
        "tools": (SIZE - 8, 16, "end"),
        "platforms": (8, SIZE - 8, "start"),
        "languages-and-frameworks": (SIZE - 8, SIZE - 8, "end"),
    }
    for quadrant in QUADRANTS:
        x, y, anchor = corners[quadrant]
        name = html.escape(QUADRANT_NAMES[quadrant])
        parts.append(
            f'<text x="{x}" y="{y}" font-size="13" font-weight="bold" '
            f'text-anchor="{anchor}">{name}</text>'
        )
    for number, blip in enumerate(items, start=1):
        bx, by = _place(blip.record.id, blip.quadrant, blip.ring)
        label = html.escape(f"{number}. {one_line(blip.record.technology.name)} ({blip.ring})")
        href = html.escape(href_for.get(blip.record.id, ""), quote=True)
        colour = RING_COLOURS[blip.ring]
        shape = (
            f'<circle cx="{bx:.1f}" cy="{by:.1f}" r="8" fill="{colour}"/>'
            if not blip.is_new
            else f'<rect x="{bx - 8:.1f}" y="{by - 8:.1f}" width="16" height="16" fill="{colour}"/>'
        )
        # the name beside the blip, towards the centre so it stays inside the picture
        leftward = bx > c
        shown = one_line(blip.record.technology.name)
        shown = shown if len(shown) <= LABEL_CHARS else shown[: LABEL_CHARS - 1] + "…"
        parts.append(
            f'<a href="{href}"><title>{label}</title>{shape}'
            f'<text x="{bx:.1f}" y="{by + 3.5:.1f}" font-size="9" fill="#fff" '
            f'text-anchor="middle">{number}</text>'
            f'<text x="{bx - 11 if leftward else bx + 11:.1f}" y="{by + 3.5:.1f}" '
            f'font-size="9" fill="#333" text-anchor="{"end" if leftward else "start"}">'
            f"{html.escape(shown)}</text></a>"
        )
    parts.append("</svg>")
    return "".join(parts)
