"""Any exception inside one style's task becomes that rendition's error (issue 11, item 1): the
run still ends with every requested column.

`Flaky` is a provider of its own (the ChatProvider protocol), not a patched copy of ours: it
hands every request to the real OpenAI provider, against the real-HTTP test server, and raises
an unexpected exception for one style, after that style's answer has started to stream.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import make_provider, style_responder
from workbench.io.translate.styles import load_catalog
from workbench.llm.provider import MessageBuilder, StructuredResult
from workbench.services.engine import TranslationEngine, TranslationJob, collect

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."


class Flaky:
    name = "flaky"

    def __init__(self, base_url: str, fails_for: str) -> None:
        self.inner = make_provider(base_url)
        self.fails_for = fails_for

    @property
    def base_url(self) -> str | None:
        return self.inner.base_url

    @property
    def model(self) -> str:
        return self.inner.model

    async def prepare(self) -> None:
        await self.inner.prepare()

    def cache_identity(self) -> dict[str, Any]:
        return self.inner.cache_identity()

    async def aclose(self) -> None:
        await self.inner.aclose()

    async def complete(
        self,
        build: MessageBuilder,
        output_model: Any,
        *,
        temperature: float | None,
        on_delta: Callable[[str], None],
        on_reset: Callable[[], None],
        text_field: str = "text",
        sample: int = 1,
    ) -> StructuredResult[Any]:
        result = await self.inner.complete(
            build,
            output_model,
            temperature=temperature,
            on_delta=on_delta,
            on_reset=on_reset,
            sample=sample,
        )
        if self.fails_for in str(build("json_schema")):
            raise RuntimeError("something nobody foresaw")
        return result


async def test_an_unexpected_exception_is_that_renditions_error(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.responder = style_responder
    provider = Flaky(fake_openai.base_url, fails_for="Hilda Rosner")
    styles = load_catalog().resolve(["rosner", "literal", "bernofsky"])
    try:
        run = await collect(
            TranslationEngine(provider), TranslationJob(PASSAGE, "de", "en", styles)
        )
    finally:
        await provider.aclose()
    assert [r.key for r in run.renditions] == ["rosner", "literal", "bernofsky"]
    rosner = run.column("rosner")
    assert rosner is not None and rosner.error is not None
    assert rosner.error.type == "internal"
    assert "RuntimeError: something nobody foresaw" in rosner.error.message
    # it had streamed its answer before the failure: kept, marked partial
    assert rosner.partial is not None and rosner.partial.reason == "failed"
    assert rosner.text == f"[Hilda Rosner] {PASSAGE}"
    assert [r.error for r in run.renditions[1:]] == [None, None]
