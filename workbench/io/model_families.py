"""Which request parameters a model takes: the table of known model families
(`prompts/model_families.toml`, shipped with the package), read and validated here."""

from __future__ import annotations

import fnmatch
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from workbench.core.errors import DataFileError
from workbench.io import paths
from workbench.io.toml_files import read_toml
from workbench.io.yamlio import format_loc

TokenLimit = Literal["max_tokens", "max_completion_tokens"]
OPTIONAL_PARAMETERS = frozenset({"temperature", "top_p", "seed"})
"""The parameters a family may omit (the token limit is chosen by name, not omitted)."""


class ModelFamily(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    match: list[str] = Field(min_length=1)
    omit: list[str] = Field(default_factory=list)
    token_limit: TokenLimit | None = None
    reasoning_headroom: int = Field(default=0, ge=0, le=1_000_000)

    @field_validator("omit")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - OPTIONAL_PARAMETERS)
        if unknown:
            known = ", ".join(sorted(OPTIONAL_PARAMETERS))
            raise ValueError(f"unknown parameter {unknown[0]!r} (known: {known})")
        return value


class EndpointRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    hosts: list[str] = Field(min_length=1)
    token_limit: TokenLimit


class ModelTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    family: list[ModelFamily] = Field(default_factory=list)
    endpoint: list[EndpointRule] = Field(default_factory=list)


@dataclass(frozen=True)
class ModelRules:
    """What the table says about one model behind one endpoint."""

    family: str | None = None
    omit: frozenset[str] = frozenset()
    token_limit: TokenLimit = "max_tokens"
    reasoning_headroom: int = 0


def table_file() -> Path:
    return paths.bundled_dir("prompts") / "model_families.toml"


def load_model_table(path: Path | None = None) -> ModelTable:
    """The table, validated; a broken file is a `DataFileError` naming it and the field."""
    path = path or table_file()
    data = read_toml(path)
    if data is None:
        return ModelTable()
    try:
        return ModelTable.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [p for p in first["loc"] if isinstance(p, int | str)]
        raise DataFileError(str(path), first["msg"], field=format_loc(loc)) from None


@functools.cache
def _shipped_table() -> ModelTable:
    return load_model_table()


def rules_for(model: str, base_url: str | None, table: ModelTable | None = None) -> ModelRules:
    """The rules for `model` at `base_url` (None: OpenAI's API, the SDK's default)."""
    table = table or _shipped_table()
    name = model.lower().rsplit("/", 1)[-1]
    for family in table.family:
        if any(fnmatch.fnmatchcase(name, pattern.lower()) for pattern in family.match):
            return ModelRules(
                family=family.name,
                omit=frozenset(family.omit),
                token_limit=family.token_limit or _endpoint_limit(base_url, table),
                reasoning_headroom=family.reasoning_headroom,
            )
    return ModelRules(token_limit=_endpoint_limit(base_url, table))


def _endpoint_limit(base_url: str | None, table: ModelTable) -> TokenLimit:
    try:
        host = (urlsplit(base_url).hostname or "") if base_url else "api.openai.com"
    except ValueError:
        host = ""
    for rule in table.endpoint:
        if host.lower() in (h.lower() for h in rule.hosts):
            return rule.token_limit
    return "max_tokens"
