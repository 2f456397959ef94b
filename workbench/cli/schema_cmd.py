"""`workbench schema NAME`: the JSON Schema of a JSON output."""

from __future__ import annotations

import json

import click

from workbench.export.schemas import SCHEMAS


@click.command()
@click.argument("name", metavar="NAME", type=click.Choice(sorted(SCHEMAS)))
def schema(name: str) -> None:
    """Print the JSON Schema of NAME's JSON output (each with `$schema` and a URN `$id`):

    \b
    backstage-radar   review export --format backstage-radar
    checklist         checklists show --format json
    comparison        translate / history show --format json
    decision-record   review show --format json; the record files
    decision-records  review list --format json; review export --format json
    diff              diff --format json
    doctor            doctor --format json
    history-list      history list --format json
    history-stats     history stats --format json
    styles-list       styles list --format json
    """
    from workbench.export.schemas import schema as make

    click.echo(json.dumps(make(name), indent=2, ensure_ascii=False))
