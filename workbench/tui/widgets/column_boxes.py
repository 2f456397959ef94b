"""What the closed boxes under a column hold: its round trip (a diagnostic, not a score) and
its flags; titles and bodies as `Content`, the text never markup."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from workbench.core.compare.flags import Flag
from workbench.core.translate.models import RoundTrip
from workbench.tui.text import diff_content, literal

ROUND_TRIP_TITLE = "Round trip"
ROUND_TRIP_NOTE = (
    "Translated back into the source language: a diagnostic for meaning lost (struck: only "
    "in the source) or added (marked: only in the round trip), not a quality score."
)


def round_trip_box(trip: RoundTrip) -> tuple[str, Content]:
    """The round trip's title (failed, or how similar to the source) and its body: the note,
    then the text marked against the source, then its error if any."""
    title = f"{ROUND_TRIP_TITLE} (diagnostic, not a score)"
    if trip.error is not None:
        title += " · failed"
    elif trip.similarity_to_source is not None:
        title += f" · {trip.similarity_to_source:.2f} similar to the source"
    body = Content.assemble(
        literal(ROUND_TRIP_NOTE, "italic"),
        "\n\n",
        diff_content(trip.ops) if trip.ops else literal(trip.text),
    )
    if trip.error is not None:
        body = Content.assemble(
            body, "\n" if trip.text else "", literal(trip.error.message, "$text-error")
        )
    return title, body


def flags_box(flags: Sequence[Flag]) -> tuple[str, Content]:
    """The flags' title (how many) and body (one a line)."""
    return f"Flags ({len(flags)})", Content("\n").join(
        [literal(f"• {flag.message}") for flag in flags]
    )
