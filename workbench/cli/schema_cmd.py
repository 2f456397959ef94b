"""`workbench schema NAME`: the JSON Schema of an output object, generated from its model."""

from __future__ import annotations

import importlib
import json

import click

# name -> "module:Model"; the schema is generated from the pydantic model itself.
SCHEMAS: dict[str, str] = {
    "comparison": "workbench.core.translate.models:Comparison",
    "decision-record": "workbench.core.review.record:DecisionRecord",
}


@click.command()
@click.argument("name", type=click.Choice(sorted(SCHEMAS)))
def schema(name: str) -> None:
    """Print the JSON Schema of NAME's JSON output."""
    module_name, attr = SCHEMAS[name].split(":")
    model = getattr(importlib.import_module(module_name), attr)
    click.echo(json.dumps(model.model_json_schema(mode="serialization"), indent=2))
