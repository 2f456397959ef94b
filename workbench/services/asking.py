"""One answer for one piece of a rendition: from the response cache when it has it (unless
the run asks again), else from the column's provider, then kept in the cache. The cache key
holds the provider's identity (its endpoint and model), the prompt and the sampling settings,
so each column of a run of several models has its own entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.core.text_safety import blank, terminal
from workbench.core.translate.events import Event, TextDelta, TextReset
from workbench.core.translate.models import Provenance, RenditionOutput, Usage
from workbench.core.translate.prompts import OutputMode, split_footnotes
from workbench.llm.cache import ResponseCache
from workbench.llm.errors import LLMError
from workbench.llm.provider import ChatProvider, TranslatingProvider, TranslationRequest

Answer = tuple[RenditionOutput, Usage, str, OutputMode, bool, tuple[str, ...]]
"""The output, usage, the model that answered, the output mode, whether it came from the
cache, and the parameters that were dropped."""


async def ask(
    provider: ChatProvider,
    cache: ResponseCache | None,
    key: str,
    request: TranslationRequest,
    build: Any,
    *,
    use_cache: bool,
    sample: int,
    say: Callable[[Event], None],
) -> Answer:
    style = request.style
    cache_key = None
    if cache is not None:
        params: dict[str, Any] = {"temperature": style.temperature, "schema": "RenditionOutput/2"}
        if sample > 1:
            params["sample"] = sample
        cache_key = ResponseCache.make_key(provider.cache_identity(), build("json_schema"), params)
        if use_cache:
            hit = cache.get(cache_key)
            if hit is not None:
                try:
                    output = RenditionOutput.model_validate(hit["output"])
                    usage = Usage.model_validate(hit.get("usage") or {})
                    mode = Provenance.model_validate({"output_mode": hit["mode"]}).output_mode
                    if mode is None:
                        raise ValueError("no output mode")
                    if no_text(output.text, request.passage):
                        raise ValueError("no text")
                    say(TextDelta(key, output.text))
                    dropped = tuple(str(d) for d in hit.get("dropped") or ())
                    return output, usage, str(hit["model"]), mode, True, dropped
                except (KeyError, ValueError):
                    pass  # an entry that does not fit is a miss

    def on_delta(text: str) -> None:
        say(TextDelta(key, text))

    def on_reset() -> None:
        say(TextReset(key))

    if isinstance(provider, TranslatingProvider):
        result = await provider.complete_translation(
            request,
            build,
            temperature=style.temperature,
            on_delta=on_delta,
            on_reset=on_reset,
            sample=sample,
        )
    else:
        result = await provider.complete(
            build,
            RenditionOutput,
            temperature=style.temperature,
            on_delta=on_delta,
            on_reset=on_reset,
            sample=sample,
        )
    why = no_text(result.output.text, request.passage)
    if why is not None:  # nothing to show: never a rendition, nor cached, nor partial text
        on_reset()  # what streamed (a footnote line, say) is not the translator's text
        raise LLMError("invalid_output", f"the model's answer {why}: no text to show")
    if cache is not None and cache_key is not None:
        cache.put(
            cache_key,
            {
                "output": result.output.model_dump(mode="json"),
                "usage": result.usage.model_dump(mode="json"),
                "model": result.model,
                "mode": result.mode,
                "dropped": list(result.dropped_parameters),
            },
        )
    return (
        result.output,
        result.usage,
        result.model,
        result.mode,
        False,
        result.dropped_parameters,
    )


def no_text(answer: str, piece: str) -> str | None:
    """Why an answer has no text to show for a piece of the passage (None: it has some): it is
    empty (or only control characters and characters invisible on their own: `blank`), or it
    is only footnote lines where the piece has text (a piece that is only footnotes may be
    answered with footnotes only)."""
    if blank(answer):
        return "was empty"
    text = terminal(answer)
    if blank(split_footnotes(text)[0]) and split_footnotes(piece)[0].strip():
        return "was only footnotes"
    return None
