"""Render one passage in several styles at once, as a stream of events.

Every style runs concurrently (bounded by `concurrency`), each ends with text or with an error,
and one failure never takes the others down. A passage longer than `max_chars` is split at
paragraph boundaries and the pieces rejoined.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from workbench.llm.cache import ResponseCache
from workbench.llm.errors import LLMError
from workbench.llm.provider import ChatProvider, TranslatingProvider, TranslationRequest
from workbench.translate.events import (
    Event,
    RenditionFinished,
    RenditionStarted,
    RunFinished,
    TextDelta,
    TextReset,
)
from workbench.translate.models import (
    Comparison,
    Provenance,
    Rendition,
    RenditionError,
    RenditionOutput,
    SourceText,
    StyleProfile,
    TargetSpec,
    Usage,
)
from workbench.translate.prompts import OutputMode, build_messages, prompt_hash, split_passage


@dataclass
class TranslationJob:
    passage: str
    source_language: str
    target_language: str
    styles: list[StyleProfile]
    use_cache: bool = True
    max_chars: int = 12000
    extra: dict[str, Any] = field(default_factory=dict)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


class TranslationEngine:
    def __init__(
        self,
        provider: ChatProvider,
        *,
        cache: ResponseCache | None = None,
        concurrency: int = 4,
    ) -> None:
        self.provider = provider
        self.cache = cache
        self.concurrency = concurrency

    async def run(self, job: TranslationJob) -> AsyncIterator[Event]:
        """Yield events for every style, then one RunFinished with the whole comparison."""
        queue: asyncio.Queue[Event | None] = asyncio.Queue()
        limit = asyncio.Semaphore(self.concurrency)
        pieces = split_passage(job.passage, job.max_chars)
        results: dict[str, Rendition] = {}

        async def one(style: StyleProfile) -> None:
            async with limit:
                rendition = await self._render(style, job, pieces, queue)
            results[style.id] = rendition
            queue.put_nowait(RenditionFinished(style.id, rendition))

        tasks = [asyncio.create_task(one(style)) for style in job.styles]

        async def close_when_done() -> None:
            await asyncio.gather(*tasks, return_exceptions=True)
            queue.put_nowait(None)

        closer = asyncio.create_task(close_when_done())
        try:
            while (event := await queue.get()) is not None:
                yield event
        finally:
            for task in (*tasks, closer):
                task.cancel()
            for task in (*tasks, closer):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        comparison = Comparison(
            id=new_run_id(),
            source=SourceText(text=job.passage, language=job.source_language),
            target=TargetSpec(language=job.target_language),
            model=self.provider.model,
            renditions=[results[s.id] for s in job.styles if s.id in results],
            extra=dict(job.extra),
        )
        yield RunFinished(comparison)

    async def _render(
        self,
        style: StyleProfile,
        job: TranslationJob,
        pieces: list[str],
        queue: asyncio.Queue[Event | None],
    ) -> Rendition:
        key = style.id
        queue.put_nowait(RenditionStarted(key, style.id, style.name))
        started = time.perf_counter()
        texts: list[str] = []
        notes: list[str] = []
        footnotes: list[str] = []
        usage = Usage()
        all_cached = True
        mode: OutputMode | None = None
        hashes: list[str] = []
        model: str | None = None
        try:
            await self.provider.prepare()
            model = self.provider.model
            for index, piece in enumerate(pieces):
                if index:
                    queue.put_nowait(TextDelta(key, "\n\n"))

                def build(m: OutputMode, piece: str = piece) -> list[dict[str, str]]:
                    return build_messages(piece, job.source_language, job.target_language, style, m)

                hashes.append(prompt_hash(build("json_schema")))
                request = TranslationRequest(piece, job.source_language, job.target_language, style)
                output, piece_usage, piece_model, piece_mode, cached = await self._complete(
                    key, request, build, job.use_cache, queue
                )
                texts.append(output.text.strip())
                notes.extend(output.notes)
                footnotes.extend(output.footnotes)
                usage = usage + piece_usage
                model, mode = piece_model, piece_mode
                all_cached = all_cached and cached
        except LLMError as exc:
            partial = "\n\n".join([*texts, exc.partial_text]).strip()
            return Rendition(
                style=style.id,
                style_name=style.name,
                text=partial,
                notes=notes,
                footnotes=footnotes,
                model=model or self.provider.model,
                usage=usage,
                latency_ms=_elapsed_ms(started),
                error=RenditionError(type=exc.kind, message=exc.message),
                provenance=self._provenance(style, hashes, mode, len(pieces)),
            )
        return Rendition(
            style=style.id,
            style_name=style.name,
            text="\n\n".join(texts),
            notes=notes,
            footnotes=footnotes,
            model=model,
            usage=usage,
            latency_ms=_elapsed_ms(started),
            cached=all_cached,
            provenance=self._provenance(style, hashes, mode, len(pieces)),
        )

    async def _complete(
        self,
        key: str,
        request: TranslationRequest,
        build: Any,
        use_cache: bool,
        queue: asyncio.Queue[Event | None],
    ) -> tuple[RenditionOutput, Usage, str, OutputMode, bool]:
        style = request.style
        cache_key = None
        if self.cache is not None:
            cache_key = ResponseCache.make_key(
                self.provider.cache_identity(),
                build("json_schema"),
                {"temperature": style.temperature, "schema": "RenditionOutput/1"},
            )
            if use_cache:
                hit = self.cache.get(cache_key)
                if hit is not None:
                    try:
                        output = RenditionOutput.model_validate(hit["output"])
                        usage = Usage.model_validate(hit.get("usage") or {})
                        queue.put_nowait(TextDelta(key, output.text))
                        return output, usage, str(hit["model"]), hit["mode"], True
                    except (KeyError, ValueError):
                        pass  # an unreadable entry is a miss

        def on_delta(text: str) -> None:
            queue.put_nowait(TextDelta(key, text))

        def on_reset() -> None:
            queue.put_nowait(TextReset(key))

        if isinstance(self.provider, TranslatingProvider):
            result = await self.provider.complete_translation(
                request, build, temperature=style.temperature, on_delta=on_delta, on_reset=on_reset
            )
        else:
            result = await self.provider.complete(
                build,
                RenditionOutput,
                temperature=style.temperature,
                on_delta=on_delta,
                on_reset=on_reset,
            )
        if self.cache is not None and cache_key is not None:
            self.cache.put(
                cache_key,
                {
                    "output": result.output.model_dump(mode="json"),
                    "usage": result.usage.model_dump(mode="json"),
                    "model": result.model,
                    "mode": result.mode,
                },
            )
        return result.output, result.usage, result.model, result.mode, False

    def _provenance(
        self, style: StyleProfile, hashes: list[str], mode: OutputMode | None, chunks: int
    ) -> Provenance:
        return Provenance(
            provider=self.provider.name,
            base_url=self.provider.base_url,
            temperature=style.temperature,
            prompt_hash=hashes[0] if len(hashes) == 1 else (",".join(hashes) or None),
            output_mode=mode,
            chunks=chunks,
        )


def _elapsed_ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


async def collect(engine: TranslationEngine, job: TranslationJob) -> Comparison:
    """Run a job and return only the comparison (for callers that need no progress)."""
    comparison: Comparison | None = None
    async for event in engine.run(job):
        if isinstance(event, RunFinished):
            comparison = event.comparison
    assert comparison is not None
    return comparison
