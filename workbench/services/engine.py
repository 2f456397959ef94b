"""Render one passage in several styles at once, as a stream of events.

Every column runs concurrently, each ends with text or with an error, and one failure never
takes the others down: any exception inside one style's task becomes that
rendition's error, so a run always ends with every requested column. Each rendition runs under
its limits (a deadline from its first request, a cap on an answer's size, a repetition guard;
see `workbench.llm.limits` and `workbench.services.limited`). One that ends early keeps the
text parsed so far, marked partial.
A passage longer than `max_chars` is split at paragraph boundaries and the pieces rejoined.

A run may put several models side by side: each column's key names its lane (endpoint and
model, `workbench.core.columns`), each lane has its provider, and each endpoint its own
concurrency limit and deadline, shared by the lanes on it. A failing endpoint fails only its
own columns. The embedded model's lane has a limit of one: it renders its columns one after
another while the other endpoints stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import AsyncGenerator, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from workbench.core.columns import ColumnKey, Lane, column_keys
from workbench.core.compare.glossary import GlossaryEntry
from workbench.core.translate.events import (
    Event,
    RenditionFinished,
    RenditionStarted,
    RoundTripFinished,
    RunFinished,
    TextDelta,
)
from workbench.core.translate.models import (
    Comparison,
    Partial,
    Rendition,
    RenditionError,
    RoundTrip,
    SourceText,
    StyleProfile,
    TargetSpec,
)
from workbench.core.translate.prompts import (
    message_builder,
    prompt_hash,
    split_footnotes,
    split_passage,
)
from workbench.core.translate.segments import passage_alignment
from workbench.llm.cache import ResponseCache
from workbench.llm.errors import LLMError
from workbench.llm.limits import DEFAULT_DEADLINE, DEFAULT_MAX_ANSWER_CHARS, RenditionLimits
from workbench.llm.provider import ChatProvider, TranslatingProvider, TranslationRequest
from workbench.services.asking import ask
from workbench.services.limited import Progress, describe, error_of, failed, provenance, watch


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
    """Only these columns (a retry of one sample); None: every sample of every style on
    every lane."""
    lanes: tuple[Lane, ...] = ((None, None),)
    """The models side by side: (endpoint, model) each; (None, None) is the run's one model."""
    glossary: list[GlossaryEntry] = field(default_factory=list)
    """Fixed renderings: in every rendition's prompt (not the round trip's), kept in the run."""

    def column_order(self) -> list[tuple[StyleProfile, ColumnKey]]:
        by_id = {style.id: style for style in self.styles}
        keys = self.columns
        if keys is None:
            keys = column_keys(by_id, self.samples, self.lanes)
        return [(by_id[key.style], key) for key in keys if key.style in by_id]


@dataclass
class ModelLane:
    """One model of a run: its provider, and the endpoint whose limits it runs under
    (`group`: lanes on the same endpoint share one concurrency limit)."""

    provider: ChatProvider
    group: str | None = None
    concurrency: int = 4
    deadline: float | None = DEFAULT_DEADLINE


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


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


class TranslationEngine:
    def __init__(
        self,
        provider: ChatProvider,
        *,
        cache: ResponseCache | None = None,
        concurrency: int = 4,
        deadline: float | None = DEFAULT_DEADLINE,
        max_answer_chars: int | None = DEFAULT_MAX_ANSWER_CHARS,
        lanes: Mapping[Lane, ModelLane] | None = None,
    ) -> None:
        """`provider` with `concurrency` and `deadline` is the run's one model; `lanes`, when
        given, are the models of a run that puts several side by side (by column lane)."""
        self.provider = provider
        self.cache = cache
        self.concurrency = concurrency
        self.deadline = deadline
        self.max_answer_chars = max_answer_chars
        self.lanes: dict[Lane, ModelLane] = dict(lanes or {})
        if not self.lanes:
            self.lanes[(None, None)] = ModelLane(provider, None, concurrency, deadline)

    async def run(self, job: TranslationJob) -> AsyncGenerator[Event, None]:
        """Yield events for every style, then one RunFinished with the whole comparison."""
        queue: asyncio.Queue[Event | None] = asyncio.Queue()
        limits: dict[str | None, asyncio.Semaphore] = {}
        for lane in self.lanes.values():  # one limit per endpoint
            limits.setdefault(lane.group, asyncio.Semaphore(lane.concurrency))
        pieces = split_passage(job.passage, job.max_chars, job.source_language)
        results: dict[str, Rendition] = {}

        async def one(style: StyleProfile, column: ColumnKey) -> None:
            key = str(column)
            lane = self.lanes.get(column.lane)
            try:
                if lane is None:
                    raise LookupError(f"no model is set up for column {key}")
                async with limits[lane.group]:
                    rendition = await self._render(lane, column, style, job, pieces, queue)
            except Exception as exc:  # a bug or an unexpected failure: this rendition's error
                rendition = failed(style, column, "internal", describe(exc))
            results[key] = rendition
            queue.put_nowait(RenditionFinished(key, rendition))
            if (
                lane is not None
                and job.round_trip
                and rendition.error is None
                and rendition.text.strip()
            ):
                try:
                    async with limits[lane.group]:
                        trip = await self._round_trip(lane, rendition, style, job)
                except Exception as exc:
                    trip = RoundTrip(error=RenditionError(type="internal", message=describe(exc)))
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
        for style, column in order:  # never a requested column missing
            key = str(column)
            if key not in results:
                results[key] = failed(style, column, "internal", "the rendition was lost")
                yield RenditionFinished(key, results[key])
        comparison = Comparison(
            id=new_run_id(),
            source=SourceText(text=job.passage, language=job.source_language),
            target=TargetSpec(language=job.target_language),
            model=self._run_model(),
            renditions=[results[str(c)] for _, c in order],
            glossary=list(job.glossary),
            extra=dict(job.extra),
        )
        yield RunFinished(comparison)

    def _run_model(self) -> str | None:
        """The run's model: its one model, or each lane's, joined."""
        if list(self.lanes) == [(None, None)]:
            return self.lanes[(None, None)].provider.model
        names = [
            ColumnKey("-", endpoint, model).model_label or str(lane.provider.model)
            for (endpoint, model), lane in self.lanes.items()
        ]
        return ", ".join(names) or None

    async def _render(
        self,
        lane: ModelLane,
        column: ColumnKey,
        style: StyleProfile,
        job: TranslationJob,
        pieces: list[str],
        queue: asyncio.Queue[Event | None],
    ) -> Rendition:
        key, sample, provider = str(column), column.sample, lane.provider
        queue.put_nowait(RenditionStarted(key, style.id, style.name))
        started = time.perf_counter()
        done = Progress()
        limits = self._limits(lane)
        error: RenditionError | None = None
        try:
            async with limits.enforce():
                await self._translate_pieces(
                    provider,
                    done,
                    pieces,
                    style,
                    job.source_language,
                    job.target_language,
                    use_cache=job.use_cache,
                    sample=sample,
                    emit=lambda event: queue.put_nowait(event),
                    key=key,
                    limits=limits,
                    # the embedded model (its own way to translate): no segments asked for,
                    # its token budget is small; its renditions go to the aligner
                    segments=not isinstance(provider, TranslatingProvider),
                    glossary=job.glossary,
                )
        except Exception as exc:  # LLMError, a limit reached, or something unforeseen
            error = error_of(exc, limits)
            if isinstance(exc, LLMError) and not done.shown.strip():
                done.shown = exc.partial_text  # a provider that parsed more than it streamed
        text = done.text()
        alignment = None
        if error is None:
            alignment = passage_alignment(
                job.passage, pieces, done.answers, text, job.source_language, job.target_language
            )
        return Rendition(
            style=style.id,
            style_name=style.name,
            sample=sample,
            endpoint=column.endpoint,
            column_model=column.model,
            text=text,
            notes=done.notes,
            footnotes=done.footnotes,
            model=done.model or provider.model,
            usage=done.usage,
            latency_ms=_elapsed_ms(started),
            cached=done.cached and error is None,
            error=error,
            partial=Partial.of(error, text),
            provenance=provenance(provider, style, done, len(pieces)),
            alignment=alignment,
            alignment_origin="model" if alignment is not None else None,
        )

    def _limits(self, lane: ModelLane) -> RenditionLimits:
        return RenditionLimits(lane.deadline, self.max_answer_chars)

    async def _round_trip(
        self, lane: ModelLane, rendition: Rendition, style: StyleProfile, job: TranslationJob
    ) -> RoundTrip:
        """Back into the source language; by example, on the forward style's exemplars."""
        back = ROUND_TRIP_STYLE
        if isinstance(lane.provider, TranslatingProvider):
            back = ROUND_TRIP_STYLE.model_copy(update={"exemplars": list(style.exemplars)})
        done = Progress()
        limits = self._limits(lane)
        try:
            async with limits.enforce():
                await self._translate_pieces(
                    lane.provider,
                    done,
                    split_passage(rendition.text, job.max_chars, job.target_language),
                    back,
                    job.target_language,
                    job.source_language,
                    use_cache=job.use_cache,
                    sample=1,
                    emit=None,
                    key=rendition.key,
                    limits=limits,
                    segments=False,
                )
        except Exception as exc:
            return RoundTrip(text=done.text(), error=error_of(exc, limits))
        return RoundTrip(text=done.text())

    async def _translate_pieces(
        self,
        provider: ChatProvider,
        done: Progress,
        pieces: list[str],
        style: StyleProfile,
        source_language: str,
        target_language: str,
        *,
        use_cache: bool,
        sample: int,
        emit: Callable[[Event], None] | None,
        key: str,
        limits: RenditionLimits,
        segments: bool = True,
        glossary: list[GlossaryEntry] | None = None,
    ) -> None:
        """Translate each piece in turn into `done`; on an error, `done.shown` holds the text
        of the unfinished piece as parsed so far."""
        await provider.prepare()
        done.model = provider.model
        show = watch(done, limits, emit)
        for index, piece in enumerate(pieces):
            if index and emit is not None:
                emit(TextDelta(key, "\n\n"))
            done.shown = ""
            limits.new_answer()

            build = message_builder(
                piece,
                source_language,
                target_language,
                style,
                segments=segments,
                glossary=glossary or (),
            )
            done.hashes.append(prompt_hash(build("json_schema")))
            request = TranslationRequest(piece, source_language, target_language, style)
            output, usage, model, mode, cached, dropped = await ask(
                provider,
                self.cache,
                key,
                request,
                build,
                use_cache=use_cache,
                sample=sample,
                say=show,
            )
            done.dropped.extend(d for d in dropped if d not in done.dropped)
            body, trailing = split_footnotes(output.text.strip())
            done.shown = ""
            done.texts.append(body)
            done.answers.append((output.segments, body))
            done.notes.extend(output.notes)
            done.footnotes.extend([*output.footnotes, *trailing])
            done.usage = done.usage + usage
            done.model, done.mode = model, mode
            done.cached = done.cached and cached


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
