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
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from workbench.core.columns import ColumnKey, column_keys
from workbench.core.translate.events import (
    Event,
    RenditionFinished,
    RenditionStarted,
    RoundTripFinished,
    RunFinished,
    TextDelta,
    TextReset,
)
from workbench.core.translate.models import (
    Comparison,
    Provenance,
    Rendition,
    RenditionError,
    RenditionOutput,
    RoundTrip,
    SourceText,
    StyleProfile,
    TargetSpec,
    Usage,
)
from workbench.core.translate.prompts import (
    OutputMode,
    build_messages,
    prompt_hash,
    split_footnotes,
    split_passage,
)
from workbench.llm.cache import ResponseCache
from workbench.llm.errors import LLMError
from workbench.llm.provider import ChatProvider, TranslatingProvider, TranslationRequest


@dataclass
class TranslationJob:
    passage: str
    source_language: str
    target_language: str
    styles: list[StyleProfile]
    use_cache: bool = True
    max_chars: int = 12000
    samples: int = 1
    round_trip: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    columns: list[ColumnKey] | None = None
    """Only these columns (a retry of one sample); None: every sample of every style."""

    def column_order(self) -> list[tuple[StyleProfile, ColumnKey]]:
        by_id = {style.id: style for style in self.styles}
        keys = self.columns
        if keys is None:
            keys = column_keys(by_id, self.samples)
        return [(by_id[key.style], key) for key in keys if key.style in by_id]


ROUND_TRIP_STYLE = StyleProfile.model_construct(
    id="round-trip",
    name="Round trip",
    summary="Back into the source language, as faithfully as possible.",
    brief=(
        "Translate as faithfully and literally as the language allows while staying readable. "
        "Do not improve, correct, explain or smooth the text: keep every detail it has and add "
        "none it lacks, so that a reader can see what meaning survived the first translation."
    ),
    temperature=0.0,
)


@dataclass
class _Pieces:
    """What translating a passage piece by piece produced."""

    texts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    cached: bool = True
    mode: OutputMode | None = None
    hashes: list[str] = field(default_factory=list)
    model: str | None = None


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

    async def run(self, job: TranslationJob) -> AsyncGenerator[Event, None]:
        """Yield events for every style, then one RunFinished with the whole comparison."""
        queue: asyncio.Queue[Event | None] = asyncio.Queue()
        limit = asyncio.Semaphore(self.concurrency)
        pieces = split_passage(job.passage, job.max_chars)
        results: dict[str, Rendition] = {}

        async def one(style: StyleProfile, column: ColumnKey) -> None:
            key = str(column)
            async with limit:
                rendition = await self._render(key, style, column.sample, job, pieces, queue)
            results[key] = rendition
            queue.put_nowait(RenditionFinished(key, rendition))
            if job.round_trip and rendition.error is None and rendition.text.strip():
                async with limit:
                    trip = await self._round_trip(rendition, job)
                results[key] = rendition.model_copy(update={"round_trip": trip})
                queue.put_nowait(RoundTripFinished(key, trip))

        order = job.column_order()
        tasks = [asyncio.create_task(one(style, column)) for style, column in order]

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
            renditions=[results[str(c)] for _, c in order if str(c) in results],
            extra=dict(job.extra),
        )
        yield RunFinished(comparison)

    async def _render(
        self,
        key: str,
        style: StyleProfile,
        sample: int,
        job: TranslationJob,
        pieces: list[str],
        queue: asyncio.Queue[Event | None],
    ) -> Rendition:
        queue.put_nowait(RenditionStarted(key, style.id, style.name))
        started = time.perf_counter()
        done = _Pieces()
        error: RenditionError | None = None
        try:
            await self._translate_pieces(
                done,
                pieces,
                style,
                job.source_language,
                job.target_language,
                use_cache=job.use_cache,
                sample=sample,
                emit=lambda event: queue.put_nowait(event),
                key=key,
            )
        except LLMError as exc:
            error = RenditionError(type=exc.kind, message=exc.message)
            if exc.partial_text:
                done.texts.append(exc.partial_text)
        return Rendition(
            style=style.id,
            style_name=style.name,
            sample=sample,
            text="\n\n".join(t.strip() for t in done.texts if t.strip()),
            notes=done.notes,
            footnotes=done.footnotes,
            model=done.model or self.provider.model,
            usage=done.usage,
            latency_ms=_elapsed_ms(started),
            cached=done.cached and error is None,
            error=error,
            provenance=self._provenance(style, done.hashes, done.mode, len(pieces)),
        )

    async def _round_trip(self, rendition: Rendition, job: TranslationJob) -> RoundTrip:
        done = _Pieces()
        try:
            await self._translate_pieces(
                done,
                split_passage(rendition.text, job.max_chars),
                ROUND_TRIP_STYLE,
                job.target_language,
                job.source_language,
                use_cache=job.use_cache,
                sample=1,
                emit=None,
                key=rendition.key,
            )
        except LLMError as exc:
            return RoundTrip(
                text="\n\n".join(done.texts),
                error=RenditionError(type=exc.kind, message=exc.message),
            )
        return RoundTrip(text="\n\n".join(t.strip() for t in done.texts))

    async def _translate_pieces(
        self,
        done: _Pieces,
        pieces: list[str],
        style: StyleProfile,
        source_language: str,
        target_language: str,
        *,
        use_cache: bool,
        sample: int,
        emit: Callable[[Event], None] | None,
        key: str,
    ) -> None:
        """Translate each piece in turn into `done`; raises LLMError with the partial text."""
        await self.provider.prepare()
        done.model = self.provider.model
        for index, piece in enumerate(pieces):
            if index and emit is not None:
                emit(TextDelta(key, "\n\n"))

            def build(m: OutputMode, piece: str = piece) -> list[dict[str, str]]:
                return build_messages(piece, source_language, target_language, style, m)

            done.hashes.append(prompt_hash(build("json_schema")))
            request = TranslationRequest(piece, source_language, target_language, style)
            output, usage, model, mode, cached = await self._complete(
                key, request, build, use_cache, sample, emit
            )
            body, trailing = split_footnotes(output.text.strip())
            done.texts.append(body)
            done.notes.extend(output.notes)
            done.footnotes.extend([*output.footnotes, *trailing])
            done.usage = done.usage + usage
            done.model, done.mode = model, mode
            done.cached = done.cached and cached

    async def _complete(
        self,
        key: str,
        request: TranslationRequest,
        build: Any,
        use_cache: bool,
        sample: int,
        emit: Callable[[Event], None] | None,
    ) -> tuple[RenditionOutput, Usage, str, OutputMode, bool]:
        style = request.style

        def say(event: Event) -> None:
            if emit is not None:
                emit(event)

        cache_key = None
        if self.cache is not None:
            params: dict[str, Any] = {
                "temperature": style.temperature,
                "schema": "RenditionOutput/1",
            }
            if sample > 1:
                params["sample"] = sample
            cache_key = ResponseCache.make_key(
                self.provider.cache_identity(), build("json_schema"), params
            )
            if use_cache:
                hit = self.cache.get(cache_key)
                if hit is not None:
                    try:
                        output = RenditionOutput.model_validate(hit["output"])
                        usage = Usage.model_validate(hit.get("usage") or {})
                        say(TextDelta(key, output.text))
                        return output, usage, str(hit["model"]), hit["mode"], True
                    except (KeyError, ValueError):
                        pass  # an unreadable entry is a miss

        def on_delta(text: str) -> None:
            say(TextDelta(key, text))

        def on_reset() -> None:
            say(TextReset(key))

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
