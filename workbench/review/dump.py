"""A record as the YAML text of its file (no I/O)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from workbench.review.record import DecisionRecord
from workbench.yamlio import dump_yaml


def dump_record(record: DecisionRecord) -> str:
    """The record as YAML, fields in schema order, leaving out every field that is empty (None,
    "", [], {}, or a part whose fields are all empty) and equal to its default, so loading the
    file gives the same record. Non-empty defaults (status, quadrant, false) stay."""
    return dump_yaml(record_data(record))


def record_data(model: BaseModel) -> dict[str, Any]:
    """`model.model_dump(mode="python")` without the empty fields that default to empty."""
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        raw = getattr(model, name)
        value = _plain(raw)
        if (
            _empty(value)
            and not info.is_required()
            and raw == info.get_default(call_default_factory=True)
        ):
            continue  # loading gives the default: the same empty value
        out[name] = value
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return record_data(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)
