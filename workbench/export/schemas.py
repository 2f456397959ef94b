"""The JSON Schema of every JSON output (`workbench schema NAME`), each with `$schema` and a
URN `$id` (`workbench.core.schema_ids`). Most are generated from the models the output is
made from; the few outputs that are plain mappings have their schema written here."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from workbench.core.schema_ids import decision_record_schema, identified


def _model(target: str, *, many: bool = False) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        from pydantic import TypeAdapter

        module_name, attr = target.split(":")
        model = getattr(importlib.import_module(module_name), attr)
        adapter: TypeAdapter[Any] = TypeAdapter(list[model] if many else model)  # type: ignore[valid-type]
        return adapter.json_schema(mode="serialization")

    return make


def _diff() -> dict[str, Any]:
    side = {"type": "object", "required": ["path"], "properties": {"path": {"type": "string"}}}
    return {
        "title": "Diff",
        "description": "`workbench diff A B --format json`: ops are [op, text] pairs, "
        "-1 only in A, 0 in both, 1 only in B; similarity is the share of words in common.",
        "type": "object",
        "required": ["a", "b", "ops", "similarity"],
        "additionalProperties": False,
        "properties": {
            "a": side,
            "b": side,
            "ops": {
                "type": "array",
                "items": {
                    "type": "array",
                    "prefixItems": [{"enum": [-1, 0, 1]}, {"type": "string"}],
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
            "similarity": {"type": "number", "minimum": 0, "maximum": 1},
        },
    }


def _styles_list() -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "title": "Styles",
        "description": "`workbench styles list --format json`",
        "type": "array",
        "items": {
            "type": "object",
            "required": ["id", "name", "summary", "origin", "path"],
            "additionalProperties": False,
            "properties": {
                "id": text,
                "name": text,
                "summary": text,
                "origin": {
                    "enum": [
                        "built-in",
                        "user",
                        "user (overrides built-in)",
                        "user (does not load)",
                    ]
                },
                "path": text,
            },
        },
    }


def _history_stats() -> dict[str, Any]:
    count = {"type": "integer", "minimum": 0}
    tally = {
        "type": "object",
        "required": ["judge", "runs", "agreed", "no_preference", "disagreed"],
        "additionalProperties": False,
        "properties": {
            "judge": {"type": "string", "description": "the judge model ('all judges': overall)"},
            "runs": {**count, "description": "runs with a critique's ranking and a favourite"},
            "agreed": {**count, "description": "the critic's best column was the favourite"},
            "no_preference": {**count, "description": "the critic had no consistent preference"},
            "disagreed": count,
        },
    }
    return {
        "title": "History stats",
        "description": "`workbench history stats --format json`: how often the critic's best "
        "column (the judge model's opinion) was your favourite, overall and per judge model.",
        "type": "object",
        "required": ["overall", "judges"],
        "additionalProperties": False,
        "properties": {"overall": tally, "judges": {"type": "array", "items": tally}},
    }


def _doctor() -> dict[str, Any]:
    nullable = {"type": ["string", "null"]}
    return {
        "title": "Doctor",
        "description": "`workbench doctor --format json`: the provider that would be used and "
        "why, the OpenAI-compatible endpoint (the key only as set / not set), the local model.",
        "type": "object",
        "required": ["config_file", "provider", "openai", "local"],
        "properties": {
            "config_file": {"type": "string"},
            "provider": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {"name": nullable, "reason": {"type": "string"}},
            },
            "openai": {
                "type": "object",
                "required": ["api_key", "base_url", "model"],
                "properties": {
                    "api_key": {"enum": ["set", "not set"]},
                    "base_url": nullable,
                    "model": nullable,
                    "reachable": {"type": ["boolean", "null"]},
                    "detail": {"type": "string"},
                },
            },
            "azure": {
                "type": "object",
                "properties": {
                    "endpoint": nullable,
                    "api_key": {"enum": ["set", "not set"]},
                    "api_version": nullable,
                    "deployment": nullable,
                    "reachable": {"type": ["boolean", "null"]},
                },
            },
            "model_parameters": {
                "type": "object",
                "description": "what the model table says about the configured model, and "
                "the parameters earlier runs saw this endpoint's models accept or refuse",
                "properties": {
                    "endpoint": nullable,
                    "table": {"type": ["object", "null"]},
                    "learned": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["model", "accepted", "rejected"],
                            "properties": {
                                "model": {"type": "string"},
                                "accepted": {"type": "array", "items": {"type": "string"}},
                                "rejected": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
            "local": {
                "type": "object",
                "properties": {
                    "path": {"type": "string"},
                    "gguf": {
                        "type": "boolean",
                        "description": "whether the file begins as every GGUF file does",
                    },
                    "problem": {
                        "type": "string",
                        "description": "why the model file cannot be loaded (missing, "
                        "unreadable, not GGUF); doctor exits 1 when the local provider is in use",
                    },
                },
            },
        },
    }


def _backstage_radar() -> dict[str, Any]:
    from workbench.export.backstage_radar import SCHEMA

    return {
        "title": "Backstage Tech Radar",
        "description": "`workbench review export --format backstage-radar`: Backstage's "
        "TechRadarLoaderResponse (@backstage-community/plugin-tech-radar-common).",
        **SCHEMA,
    }


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "backstage-radar": _backstage_radar,
    "checklist": _model("workbench.core.review.checklist:Checklist"),
    "comparison": _model("workbench.core.translate.models:Comparison"),
    "decision-record": lambda: decision_record_schema(),
    "decision-records": _model("workbench.core.review.record:DecisionRecord", many=True),
    "diff": _diff,
    "doctor": _doctor,
    "history-list": _model("workbench.io.translate.history:RunSummary", many=True),
    "history-stats": _history_stats,
    "styles-list": _styles_list,
}
"""name -> its schema (without the ids); see `schema`."""


def schema(name: str) -> dict[str, Any]:
    """The schema of output `name`, with `$schema` and `$id`."""
    return identified(name, SCHEMAS[name]())
