"""Options that `workbench translate` and `workbench compare` share, defined once."""

from __future__ import annotations

import click

MAX_SAMPLES = 10

round_trip_option = click.option(
    "--round-trip",
    is_flag=True,
    help="Translate each rendition back and diff it against the source (a diagnostic for "
    "lost or added meaning, not a quality score).",
)
samples_option = click.option(
    "--samples",
    type=click.IntRange(1, MAX_SAMPLES),
    default=1,
    show_default=True,
    help="Ask each style N times, to see how much it varies.",
)
