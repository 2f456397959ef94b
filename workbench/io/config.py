"""Settings: a TOML file in the user config dir, with the environment winning over it.

The OpenAI SDK's own variables (OPENAI_API_KEY, OPENAI_BASE_URL; for Azure OpenAI
AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, OPENAI_API_VERSION) are honoured so that every
OpenAI-compatible server works unchanged. The API keys are only ever read, never written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, get_args
from urllib.parse import urlparse

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from workbench.core.columns import DEFAULT_ENDPOINT, ENDPOINT_NAME
from workbench.core.errors import DataFileError
from workbench.io import paths
from workbench.io.toml_files import field_line, read_toml_text
from workbench.io.yamlio import format_loc


class _Section(BaseModel):
    """A table of settings: unknown keys refused, and true or false never read as a number
    (pydantic would take `concurrency = true` as 1)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_boolean_numbers(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, bool) and info.field_name is not None:
            annotation = cls.model_fields[info.field_name].annotation
            if {int, float} & {annotation, *get_args(annotation)}:
                raise ValueError(f"should be a number, not {str(value).lower()}")
        return value


class LLMSettings(_Section):
    provider: Literal["openai", "azure", "local"] | None = None
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = None
    """The model; for Azure OpenAI, the deployment's name."""
    azure_endpoint: str | None = None
    """Azure OpenAI: the resource's endpoint, e.g. https://NAME.openai.azure.com."""
    azure_api_key: SecretStr | None = None
    api_version: str | None = None
    """Azure OpenAI: the API version, e.g. 2024-10-21."""
    concurrency: int = Field(default=4, ge=1, le=64)
    timeout: float = Field(default=120.0, gt=0)
    connect_timeout: float = Field(default=10.0, gt=0)
    max_retries: int = Field(default=2, ge=0, le=10)
    validation_retries: int = Field(default=2, ge=0, le=5)
    max_output_tokens: int | None = Field(default=None, ge=1)
    max_chars_per_request: int = Field(default=12000, ge=200)
    deadline: float = Field(default=600.0, gt=0, le=86400)
    """Seconds a rendition may take from its first request: retries and streaming included."""
    max_answer_chars: int = Field(default=200_000, ge=1000)
    """The most characters of text one answer may have before it is stopped as runaway."""
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    """Sampling seed, for repeatable runs: sample i of a style (from 0) is asked with seed + i."""

    @field_validator("model")
    @classmethod
    def _a_model_name(cls, value: str | None) -> str | None:
        """A name sent as is and shown cleaned must be the same text: no control character."""
        from workbench.core.text_safety import first_control_in_name

        if value is None:
            return None
        if not value.strip():
            raise ValueError("an empty model name")
        control = first_control_in_name(value)
        if control is not None:
            raise ValueError(f"a control character (U+{ord(control):04X}) in the name")
        return value


class LocalSettings(_Section):
    """The embedded local model (the `local` extra): llama.cpp running a GGUF file in-process."""

    model_path: str | None = None
    """A GGUF file of your own; unset means the built-in Gemma 3 270M (base) model."""
    prompt: Literal["auto", "chat", "fewshot"] = "auto"
    """auto: few-shot for the built-in base model, the file's chat template for your own."""
    model_dir: str | None = None
    """Where the built-in model is assembled (default: <cache dir>/models)."""
    n_threads: int | None = Field(default=None, ge=1, le=256)
    n_ctx: int = Field(default=2048, ge=256, le=131072)
    max_tokens: int = Field(default=512, ge=16, le=32768)


ENV_NAME = r"^[A-Za-z_][A-Za-z0-9_]{0,127}$"


class EndpointSettings(_Section):
    """A named endpoint, `[endpoints.NAME]`: `-m NAME:MODEL` runs MODEL there. Each endpoint
    has its own concurrency limit and deadline within a run."""

    kind: Literal["openai", "azure", "local"]
    """openai: any OpenAI-compatible server; azure: Azure OpenAI (the model is the
    deployment); local: the embedded model (renders its columns one after another)."""
    base_url: str | None = None
    """openai: the server's URL (e.g. http://localhost:11434/v1); azure: the resource's
    endpoint (https://NAME.openai.azure.com)."""
    api_key_env: str | None = Field(default=None, pattern=ENV_NAME)
    """The NAME of the environment variable holding the key (the key itself is never put in
    the config file)."""
    api_version: str | None = None
    """azure: the API version (else OPENAI_API_VERSION / llm.api_version)."""
    concurrency: int = Field(default=4, ge=1, le=64)
    deadline: float | None = Field(default=None, gt=0, le=86400)
    """Seconds a rendition may take (else llm.deadline)."""
    timeout: float | None = Field(default=None, gt=0)
    """Seconds a request may take (else llm.timeout)."""

    @model_validator(mode="after")
    def _complete(self) -> EndpointSettings:
        if self.kind in ("openai", "azure") and not self.base_url:
            raise ValueError(f"an endpoint of kind {self.kind!r} needs base_url")
        if self.base_url:
            parsed = urlparse(self.base_url)
            plain = self.base_url.isprintable() and not any(c.isspace() for c in self.base_url)
            if parsed.scheme not in ("http", "https") or not parsed.netloc or not plain:
                raise ValueError("base_url must be an http(s) URL, e.g. http://localhost:11434/v1")
        return self


class ReviewSettings(_Section):
    dir: str = Field(default="decisions", min_length=1)
    """Empty is refused: it would name the current folder."""
    link_base: str = ""
    """The absolute URL the HTML export is published under: the radar's links to records."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    llm: LLMSettings = Field(default_factory=LLMSettings)
    local: LocalSettings = Field(default_factory=LocalSettings)
    review: ReviewSettings = Field(default_factory=ReviewSettings)
    endpoints: dict[str, EndpointSettings] = Field(default_factory=dict)
    """Named endpoints, `[endpoints.NAME]`, for `-m NAME:MODEL`."""

    @field_validator("endpoints")
    @classmethod
    def _names(cls, value: dict[str, EndpointSettings]) -> dict[str, EndpointSettings]:
        for name in value:
            if not ENDPOINT_NAME.match(name) or name == DEFAULT_ENDPOINT:
                raise ValueError(
                    f"endpoint name {name!r}: use lower-case letters, digits, '-' or '_' "
                    f"(at most 32), and not {DEFAULT_ENDPOINT!r}"
                )
        return value


def config_file() -> Path:
    return paths.config_dir() / "config.toml"


_ENV = {
    "OPENAI_BASE_URL": ("llm", "base_url"),
    "OPENAI_API_KEY": ("llm", "api_key"),
    "AZURE_OPENAI_ENDPOINT": ("llm", "azure_endpoint"),
    "AZURE_OPENAI_API_KEY": ("llm", "azure_api_key"),
    "OPENAI_API_VERSION": ("llm", "api_version"),
    "WORKBENCH_MODEL": ("llm", "model"),
    "WORKBENCH_PROVIDER": ("llm", "provider"),
    "WORKBENCH_CONCURRENCY": ("llm", "concurrency"),
    "WORKBENCH_TIMEOUT": ("llm", "timeout"),
    "WORKBENCH_DEADLINE": ("llm", "deadline"),
    "WORKBENCH_SEED": ("llm", "seed"),
    "WORKBENCH_DECISIONS_DIR": ("review", "dir"),
    "WORKBENCH_LOCAL_MODEL_PATH": ("local", "model_path"),
    "WORKBENCH_LOCAL_MODEL_DIR": ("local", "model_dir"),
    "WORKBENCH_LOCAL_THREADS": ("local", "n_threads"),
}


def environment_text(variable: str) -> str | None:
    """The variable's value, refused when it is not UTF-8 (a shell passes bytes as they are;
    Python reads them as lone surrogates, which no request, header or JSON file can carry)."""
    value = os.environ.get(variable)
    if value is not None and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise DataFileError(f"environment variable {variable}", "not valid UTF-8") from None
    return value


def load_settings(path: Path | None = None) -> Settings:
    """The file's settings with the environment laid over them. A wrong setting is a
    `DataFileError` naming the file, the line where it is written (when found) and the field."""
    path = path or config_file()
    data, text = read_toml_text(path) or ({}, "")
    merged: dict[str, dict[str, object]] = {}
    for section, values in data.items():
        if not isinstance(values, dict):
            problem = "should be a table" if section in Settings.model_fields else None
            raise DataFileError(
                str(path),
                f"{problem} ([{section}]), not a value" if problem else _unknown([section]),
                line=field_line(text, [section]),
                field=section,
            )
        merged[section] = dict(values)
    for env, (section, key) in _ENV.items():
        value = environment_text(env)
        if value:
            merged.setdefault(section, {})[key] = value
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [p for p in first["loc"] if isinstance(p, int | str)]
        env_names = [e for e, sk in _ENV.items() if list(sk) == loc and os.environ.get(e)]
        problem = _unknown(loc) if first["type"] == "extra_forbidden" else first["msg"]
        problem = problem.removeprefix("Value error, ")
        if env_names:
            source, line = f"environment variable {env_names[0]}", None
        else:
            source, line = str(path), field_line(text, loc)
        raise DataFileError(source, problem, line=line, field=format_loc(loc)) from None


_SECTIONS: dict[str, type[BaseModel]] = {
    "llm": LLMSettings,
    "local": LocalSettings,
    "review": ReviewSettings,
}


def _unknown(loc: list[int | str]) -> str:
    """'unknown setting', with the known name it is closest to (a typo)."""
    import difflib

    model: type[BaseModel] = Settings
    if loc[0] == "endpoints" and len(loc) == 3:
        model = EndpointSettings
    elif len(loc) == 2:
        model = _SECTIONS.get(str(loc[0]), Settings)
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1)
    return f"unknown setting (did you mean {close[0]!r}?)" if close else "unknown setting"
