"""Choose and build the LLM provider from settings and command-line overrides.

The choice, first match wins:
1. `--provider local|openai|azure` on the command line;
2. `llm.provider` in the config file (or WORKBENCH_PROVIDER);
3. the OpenAI-compatible endpoint when OPENAI_API_KEY or OPENAI_BASE_URL (or `llm.api_key` /
   `llm.base_url` in the config file) is set;
4. Azure OpenAI when AZURE_OPENAI_ENDPOINT (or `llm.azure_endpoint`) is set;
5. the embedded local model when the `local` extra is installed;
6. else a clear message saying how to set up either (exit 2).

Named endpoints (`[endpoints.NAME]` in the config) take models too: `-m NAME:MODEL` (see
`resolve_model()` for how a value is read, so that Ollama's `qwen2.5:7b` stays a model name).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlparse

from workbench.core.columns import DEFAULT_ENDPOINT, ENDPOINT_NAME, ENDPOINT_SEPARATOR, Lane
from workbench.core.errors import WorkbenchError
from workbench.io.config import (
    EndpointSettings,
    LLMSettings,
    LocalSettings,
    config_file,
    environment_text,
)
from workbench.llm.local_model import (
    INSTALL_HINT,
    Progress,
    model_package_installed,
    runtime_installed,
)
from workbench.llm.provider import ChatProvider

ProviderName = Literal["openai", "azure", "local"]

NO_ENDPOINT = (
    "no LLM endpoint configured: set OPENAI_API_KEY to use OpenAI, or OPENAI_BASE_URL "
    "(plus OPENAI_API_KEY if the server needs one) for any OpenAI-compatible server such as "
    "Ollama, vLLM, llama.cpp or LM Studio; or put base_url/api_key under [llm] in {path}"
)
NO_PROVIDER = (
    NO_ENDPOINT
    + "; or install the embedded local model, which needs no key or server: "
    + INSTALL_HINT
)


@dataclass(frozen=True)
class ProviderChoice:
    name: ProviderName
    reason: str


def local_available(local: LocalSettings | None = None) -> bool:
    """Whether the local extra is installed (checked without importing it)."""
    if not runtime_installed():
        return False
    return bool(local is not None and local.model_path) or model_package_installed()


def _from_env(var: str) -> bool:
    return bool(os.environ.get(var))


def choose_provider(
    settings: LLMSettings,
    local: LocalSettings | None = None,
    *,
    provider: str | None = None,
) -> ProviderChoice:
    """Which provider a run would use, and why (see the module's docstring)."""
    if provider:
        return ProviderChoice(_valid(provider, "--provider"), f"--provider {provider}")
    if settings.provider:
        where = "WORKBENCH_PROVIDER" if _from_env("WORKBENCH_PROVIDER") else "llm.provider"
        return ProviderChoice(settings.provider, f"{where} = {settings.provider}")
    if settings.api_key is not None and settings.api_key.get_secret_value():
        where = "OPENAI_API_KEY" if _from_env("OPENAI_API_KEY") else "llm.api_key in the config"
        return ProviderChoice("openai", f"{where} is set")
    if settings.base_url:
        where = "OPENAI_BASE_URL" if _from_env("OPENAI_BASE_URL") else "llm.base_url in the config"
        return ProviderChoice("openai", f"{where} is set")
    if settings.azure_endpoint:
        where = (
            "AZURE_OPENAI_ENDPOINT"
            if _from_env("AZURE_OPENAI_ENDPOINT")
            else "llm.azure_endpoint in the config"
        )
        return ProviderChoice("azure", f"{where} is set")
    if local_available(local):
        return ProviderChoice(
            "local", "no OpenAI-compatible endpoint is configured and the local extra is installed"
        )
    raise WorkbenchError(NO_PROVIDER.format(path=config_file()))


def _valid(name: str, where: str) -> ProviderName:
    if name == "openai":
        return "openai"
    if name == "local":
        return "local"
    if name == "azure":
        return "azure"
    raise WorkbenchError(f"unknown provider {name!r} ({where}): choose local, openai or azure")


def make_provider(
    settings: LLMSettings,
    *,
    model: str | None = None,
    provider: str | None = None,
    local: LocalSettings | None = None,
    on_progress: Progress | None = None,
) -> ChatProvider:
    choice = choose_provider(settings, local, provider=provider)
    if choice.name == "local":
        local = local or LocalSettings()
        if model and model.lower().endswith(".gguf"):
            local = local.model_copy(update={"model_path": model})
        return make_local_provider(local, on_progress=on_progress, seed=settings.seed)
    if choice.name == "azure":
        return make_azure_provider(settings, model=model)
    return make_openai_provider(settings, model=model)


def make_local_provider(
    local: LocalSettings, *, on_progress: Progress | None = None, seed: int | None = None
) -> ChatProvider:
    if not runtime_installed():
        raise WorkbenchError(
            "the local provider needs the local extra (llama-cpp-python and the built-in model): "
            + INSTALL_HINT
        )
    if local.model_path:
        if not os.path.isfile(os.path.expanduser(local.model_path)):
            raise WorkbenchError(
                f"local.model_path {local.model_path!r} is not a file (set it to a .gguf model, "
                "or unset it to use the built-in model)"
            )
    elif not model_package_installed():
        raise WorkbenchError("the built-in local model package is not installed: " + INSTALL_HINT)
    from workbench.llm.local_provider import LocalProvider

    return LocalProvider(
        model_path=local.model_path,
        model_dir=local.model_dir,
        prompt=local.prompt,
        n_threads=local.n_threads,
        n_ctx=local.n_ctx,
        max_tokens=local.max_tokens,
        on_progress=on_progress,
        seed=seed,
    )


def _unsafe(url: str) -> bool:
    """A URL with white space or control characters in it (the HTTP library refuses it)."""
    return not url.isprintable() or any(c.isspace() for c in url)


def _shown(url: str) -> str:
    """A URL refused as malformed, named without what may be a secret: whatever comes before
    an @ (user:password) and its query (a gateway's `?api_key=`)."""
    shown = "…@" + url.rsplit("@", 1)[1] if "@" in url else url
    return shown.split("?", 1)[0].split("#", 1)[0]


def make_openai_provider(settings: LLMSettings, *, model: str | None = None) -> ChatProvider:
    key = settings.api_key.get_secret_value() if settings.api_key is not None else None
    base_url = settings.base_url
    if not key and not base_url:
        raise WorkbenchError(NO_ENDPOINT.format(path=config_file()))
    if base_url:
        parsed = urlparse(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or _unsafe(base_url):
            raise WorkbenchError(
                f"the endpoint URL {_shown(base_url)!r} is not an http(s) URL (OPENAI_BASE_URL or "
                "llm.base_url), e.g. http://localhost:11434/v1"
            )
    from workbench.llm.openai_provider import OpenAIProvider

    return OpenAIProvider(
        api_key=key or "not-needed",
        base_url=base_url,
        model=model or settings.model,
        **_common(settings),
    )


def make_azure_provider(settings: LLMSettings, *, model: str | None = None) -> ChatProvider:
    """Azure OpenAI through the SDK's own Azure client (`openai.AsyncAzureOpenAI`)."""
    endpoint = settings.azure_endpoint
    key = settings.azure_api_key.get_secret_value() if settings.azure_api_key else None
    missing = [
        name
        for name, value in (
            ("AZURE_OPENAI_ENDPOINT (or llm.azure_endpoint)", endpoint),
            ("AZURE_OPENAI_API_KEY (or llm.azure_api_key)", key),
            ("OPENAI_API_VERSION (or llm.api_version), e.g. 2024-10-21", settings.api_version),
        )
        if not value
    ]
    if missing:
        raise WorkbenchError("Azure OpenAI needs " + "; ".join(missing))
    deployment = model or settings.model
    if not deployment:
        raise WorkbenchError(
            "Azure OpenAI needs the deployment's name as the model: --model/-m, "
            "WORKBENCH_MODEL or llm.model"
        )
    assert endpoint is not None and key is not None
    parsed = urlparse(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or _unsafe(endpoint):
        raise WorkbenchError(
            f"the Azure endpoint {_shown(endpoint)!r} is not an http(s) URL "
            "(AZURE_OPENAI_ENDPOINT or llm.azure_endpoint), e.g. https://NAME.openai.azure.com"
        )
    from workbench.llm.openai_provider import OpenAIProvider

    return OpenAIProvider(
        api_key=key,
        base_url=None,
        model=deployment,
        azure_endpoint=endpoint,
        api_version=settings.api_version,
        **_common(settings),
    )


def _common(settings: LLMSettings) -> dict[str, Any]:
    return {
        "timeout": settings.timeout,
        "connect_timeout": settings.connect_timeout,
        "max_retries": settings.max_retries,
        "validation_retries": settings.validation_retries,
        "max_output_tokens": settings.max_output_tokens,
        "seed": settings.seed,
    }


def resolve_model(
    value: str,
    endpoints: Mapping[str, EndpointSettings],
    default_usable: Callable[[], bool],
    warn: Callable[[str], None] | None = None,
    option: str = "--model",
) -> Lane:
    """(endpoint, model) for one `--model` value (or a `--judge` one: `option` names it in
    messages). `NAME:MODEL` is MODEL on the endpoint NAME
    when NAME is a configured endpoint (`default:MODEL`: the default endpoint); otherwise the
    whole value is a model on the default endpoint (Ollama's `qwen2.5:7b`, `llama3:8b`).
    Only when the default endpoint cannot take a model name (none is set up, or it is the
    embedded model) is a prefix that looks like an endpoint name an error naming the
    configured endpoints; one close to a configured name is told to `warn`."""
    from workbench.core.text_safety import first_control_in_name
    from workbench.core.text_safety import name as shown

    name, colon, model = value.partition(ENDPOINT_SEPARATOR)
    if not value.strip():
        raise WorkbenchError(f"{option}: an empty model name")
    control = first_control_in_name(value)
    if control is not None:
        raise WorkbenchError(
            f"{option} {shown(value)}: a control character (U+{ord(control):04X}) in the name"
        )
    if colon and not model and (name == DEFAULT_ENDPOINT or name in endpoints):
        raise WorkbenchError(f"{option} '{value}': no model after {name!r} (give {name}:MODEL)")
    if not colon or not model:
        return (None, value)
    if name == DEFAULT_ENDPOINT:
        return (None, model)
    if name in endpoints:
        return (name, model)
    if ENDPOINT_NAME.match(name):
        known = ", ".join(sorted(endpoints)) or f"none ([endpoints.NAME] in {config_file()})"
        if not default_usable():
            raise WorkbenchError(
                f"{option} {value}: no endpoint {name!r} is configured (known: {known}), and "
                "the default endpoint takes no model names"
            )
        close = difflib.get_close_matches(name, list(endpoints), n=1, cutoff=0.88)
        if close and warn is not None:
            warn(
                f"{option} {value}: no endpoint {name!r} is configured (known: {known}), so "
                f"the default endpoint is asked for the model {value!r} (did you mean "
                f"{close[0]}:{model}?)"
            )
    return (None, value)


def default_takes_models(settings: LLMSettings, local: LocalSettings | None = None) -> bool:
    """Whether the default endpoint is one a model name can be sent to (not the embedded
    model, and configured at all)."""
    try:
        name = choose_provider(settings, local).name
    except WorkbenchError:
        return False
    if name == "openai":
        return bool(settings.base_url or (settings.api_key and settings.api_key.get_secret_value()))
    return name == "azure" and bool(settings.azure_endpoint)


def make_endpoint_provider(
    name: str,
    endpoint: EndpointSettings,
    model: str,
    settings: LLMSettings,
    *,
    local: LocalSettings | None = None,
    on_progress: Progress | None = None,
) -> ChatProvider:
    """The provider for MODEL on the named endpoint `[endpoints.NAME]`."""
    if endpoint.kind == "local":
        local = local or LocalSettings()
        if model.lower().endswith(".gguf"):
            local = local.model_copy(update={"model_path": model})
        return make_local_provider(local, on_progress=on_progress, seed=settings.seed)
    key = environment_text(endpoint.api_key_env) if endpoint.api_key_env else None
    if endpoint.timeout is not None:
        settings = settings.model_copy(update={"timeout": endpoint.timeout})
    from workbench.llm.openai_provider import OpenAIProvider

    if endpoint.kind == "azure":
        version = endpoint.api_version or settings.api_version
        if not key or not version:
            missing = [] if key else [f"the key in {endpoint.api_key_env or 'api_key_env'}"]
            missing += [] if version else ["api_version (or OPENAI_API_VERSION)"]
            raise WorkbenchError(f"endpoint {name!r} (Azure OpenAI) needs " + " and ".join(missing))
        return OpenAIProvider(
            api_key=key,
            base_url=None,
            model=model,
            azure_endpoint=endpoint.base_url,
            api_version=version,
            **_common(settings),
        )
    return OpenAIProvider(
        api_key=key or "not-needed",
        base_url=endpoint.base_url,
        model=model,
        **_common(settings),
    )
