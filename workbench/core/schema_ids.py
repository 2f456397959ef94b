"""What every JSON Schema the workbench gives out carries: its dialect and a URN as its id.

The project owns no web address, so ids are URNs: `urn:translation-workbench:schema:NAME:1`
(the last part is the schema's version: it changes when the output changes incompatibly)."""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"
URN_PREFIX = "urn:translation-workbench:schema:"


def schema_id(name: str, version: int = 1) -> str:
    return f"{URN_PREFIX}{name}:{version}"


def identified(name: str, schema: dict[str, Any], *, version: int = 1) -> dict[str, Any]:
    """`schema` with `$schema` and `$id` first (any it had are replaced)."""
    body = {k: v for k, v in schema.items() if k not in ("$schema", "$id")}
    return {"$schema": DIALECT, "$id": schema_id(name, version), **body}


def decision_record_schema() -> dict[str, Any]:
    """The schema of a decision record: its JSON output and its YAML file alike."""
    from workbench.core.review.record import DecisionRecord

    return identified("decision-record", DecisionRecord.model_json_schema(mode="serialization"))
