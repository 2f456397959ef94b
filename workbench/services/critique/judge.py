"""Which model judges a critique, and the provider that asks it.

`--judge MODEL` names the model; without it, the run's model (unless the run used the embedded
model, then the endpoint's configured model). The judge is always an OpenAI-compatible (or
Azure OpenAI) endpoint: the embedded local model cannot judge, and with only it available
`--critique` stops with a message that says how to point at a real model.

`--judge NAME:MODEL` names an endpoint as well. Named endpoints come with the endpoint
configuration of "models side by side" (issue 17): `named_endpoint()` is the hook. Until it
finds one, the whole text is a model name (Ollama's `llama3:8b` stays a model).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.io.config import LLMSettings, Settings
    from workbench.llm.provider import ChatProvider

NO_JUDGE = (
    "the embedded local model cannot judge a critique, and no other model is configured: "
    "point at a real model with OPENAI_BASE_URL (any OpenAI-compatible server, e.g. "
    "http://localhost:11434/v1 for Ollama; plus OPENAI_API_KEY if it needs one) or "
    "OPENAI_API_KEY for OpenAI, and name it with --judge MODEL"
)


def named_endpoint(settings: Settings, name: str) -> LLMSettings | None:
    """The settings of the endpoint called `name`, or None when there is none.

    Hook for issue 17 (named endpoints): return that endpoint's `LLMSettings` here and
    `--judge NAME:MODEL` asks its MODEL there. Today no endpoint has a name."""
    endpoints = getattr(settings, "endpoints", None)
    if isinstance(endpoints, dict):
        found = endpoints.get(name)
        from workbench.io.config import LLMSettings

        if isinstance(found, LLMSettings):
            return found
    return None


def parse_judge(settings: Settings, spec: str | None) -> tuple[LLMSettings, str | None]:
    """The endpoint's settings and the model `--judge` names (None: not named)."""
    if spec is not None and not spec.strip():
        raise WorkbenchError("--judge needs a model name (or NAME:MODEL)")
    if spec and ":" in spec:
        name, _, model = spec.partition(":")
        endpoint = named_endpoint(settings, name)
        if endpoint is not None:
            if not model:
                raise WorkbenchError(f"--judge {spec!r}: name the model after {name}:")
            return endpoint, model
    return settings.llm, spec


def make_judge(
    settings: Settings,
    *,
    judge: str | None = None,
    run_model: str | None = None,
    run_provider: str | None = None,
) -> ChatProvider:
    """The judge's provider (raises WorkbenchError when no real model can judge)."""
    from workbench.llm.factory import make_azure_provider, make_openai_provider

    llm, model = parse_judge(settings, judge)
    kind = _kind(llm, run_provider)
    if kind is None:
        raise WorkbenchError(NO_JUDGE)
    if model is None and run_provider != "local" and not _local_file(run_model):
        model = run_model
    if kind == "azure":
        return make_azure_provider(llm, model=model)
    return make_openai_provider(llm, model=model)


def _kind(llm: LLMSettings, run_provider: str | None) -> str | None:
    """openai or azure: the run's own when it used one, else what is configured."""
    if run_provider in ("openai", "azure"):
        return run_provider
    if llm.provider in ("openai", "azure"):
        return llm.provider
    if (llm.api_key is not None and llm.api_key.get_secret_value()) or llm.base_url:
        return "openai"
    if llm.azure_endpoint:
        return "azure"
    return None


def _local_file(model: str | None) -> bool:
    return bool(model) and str(model).lower().endswith(".gguf")
