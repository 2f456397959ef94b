"""Choose and build the LLM provider from settings and command-line overrides."""

from __future__ import annotations

from urllib.parse import urlparse

from workbench.config import LLMSettings, config_file
from workbench.errors import WorkbenchError
from workbench.llm.provider import ChatProvider

NO_ENDPOINT = (
    "no LLM endpoint configured: set OPENAI_API_KEY to use OpenAI, or OPENAI_BASE_URL "
    "(plus OPENAI_API_KEY if the server needs one) for any OpenAI-compatible server such as "
    "Ollama, vLLM, llama.cpp or LM Studio; or put base_url/api_key under [llm] in {path}"
)


def make_provider(
    settings: LLMSettings, *, model: str | None = None, provider: str | None = None
) -> ChatProvider:
    choice = provider or settings.provider
    if choice == "local":
        raise WorkbenchError(
            "the local provider is not available in this version; use an OpenAI-compatible "
            "endpoint (OPENAI_BASE_URL / OPENAI_API_KEY)"
        )
    key = settings.api_key.get_secret_value() if settings.api_key is not None else None
    base_url = settings.base_url
    if not key and not base_url:
        raise WorkbenchError(NO_ENDPOINT.format(path=config_file()))
    if base_url:
        parsed = urlparse(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise WorkbenchError(
                f"the endpoint URL {base_url!r} is not an http(s) URL (OPENAI_BASE_URL or "
                "llm.base_url), e.g. http://localhost:11434/v1"
            )
    from workbench.llm.openai_provider import OpenAIProvider

    return OpenAIProvider(
        api_key=key or "not-needed",
        base_url=base_url,
        model=model or settings.model,
        timeout=settings.timeout,
        connect_timeout=settings.connect_timeout,
        max_retries=settings.max_retries,
        validation_retries=settings.validation_retries,
        max_output_tokens=settings.max_output_tokens,
    )
