"""The embedded local provider: llama.cpp (llama-cpp-python) running a GGUF model in-process.

Two ways of prompting:
- few-shot (the built-in Gemma 3 270M, a *base* model): the style's exemplar pairs, then the
  passage, one unit at a time; the continuation of the open target-language line is the rendition.
  Only translation works this way (`complete_translation`); other chat tasks are refused clearly.
- chat (a GGUF of your own with a chat template, `local.model_path`): the same messages the
  OpenAI-compatible provider sends, through the file's chat template, asking for JSON with a
  grammar where llama.cpp can build one, else plain text.

Every blocking call (assembling, loading, generating) runs in a worker thread; tokens come back to
the event loop as they are made, so a Textual app or the CLI's loop never blocks. All providers of
a process share one loaded model and queue on its lock. The blocking generation itself is in
`local_generate.py`; the output-mode ladder and the streamed JSON in `structured.py`.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from workbench.core.translate.models import RenditionOutput, StyleProfile, Usage
from workbench.core.translate.prompts import OutputMode, language_name
from workbench.llm import limits, local_model
from workbench.llm.errors import LLMError
from workbench.llm.fewshot import (
    FEWSHOT_VERSION,
    build_fewshot_prompt,
    candidate_exemplars,
    exemplar_pairs,
    parse_completion,
    passage_units,
    pick_exemplars,
    renumber,
    without_leaks,
)
from workbench.llm.local_generate import (
    DECODING,
    RETRY_DECODING,
    SEED,
    Cancelled,
    Decoding,
    Emit,
    generate_chat,
    generate_unit,
)
from workbench.llm.local_model import DEFAULT_MODEL_LABEL, LoadedModel, LocalModelError, Progress
from workbench.llm.provider import MessageBuilder, StructuredResult, TranslationRequest
from workbench.llm.structured import (
    AnswerStream,
    ModeFailed,
    ModeLadder,
    response_format,
    validate_answer,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

BASE_TEMPERATURE_SCALE = 0.5
"""A small base model wanders at the temperatures a large model handles: styles' temperatures
are halved for it."""


class LocalProvider:
    name = "local"

    def __init__(
        self,
        *,
        model_path: str | None = None,
        model_dir: str | None = None,
        prompt: Literal["auto", "chat", "fewshot"] = "auto",
        n_threads: int | None = None,
        n_ctx: int = 2048,
        max_tokens: int = 512,
        on_progress: Progress | None = None,
        seed: int | None = None,
        decodings: tuple[Decoding, ...] = (DECODING, RETRY_DECODING),
    ) -> None:
        self._model_path = Path(model_path).expanduser() if model_path else None
        self._model_dir = model_dir
        self._prompt = prompt
        self._n_threads = n_threads
        self._n_ctx = n_ctx
        self._max_tokens = max_tokens
        self._on_progress = on_progress
        self._seed = seed
        self._decodings = decodings
        """Each sentence is made with the first; one the loop guard or the token cap stopped
        is made again with the next, while there is one."""
        self._loaded: LoadedModel | None = None
        self._prepare_lock = asyncio.Lock()
        self._ladder = ModeLadder()

    # -- identity ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str | None:
        return None

    @property
    def builtin(self) -> bool:
        return self._model_path is None

    @property
    def model(self) -> str:
        if self._model_path is None:
            return DEFAULT_MODEL_LABEL
        return f"{self._model_path.name} (local, {self.prompt_style})"

    @property
    def prompt_style(self) -> Literal["chat", "fewshot"]:
        if self._prompt != "auto":
            return self._prompt
        if self._model_path is None:
            return "fewshot"
        if self._loaded is not None and not self._loaded.has_chat_template:
            return "fewshot"
        return "chat"

    def language_pairs(self, styles: list[StyleProfile]) -> set[tuple[str, str]] | None:
        """The pairs (base language tags) this model can translate with `styles`; None: any.
        Prompted by example, it translates only pairs its styles have exemplars for (either
        way round)."""
        if self.prompt_style == "chat":
            return None
        return exemplar_pairs(styles)

    def cache_identity(self) -> dict[str, Any]:
        identity: dict[str, Any] = {"provider": self.name, "model": self.model}
        if self._model_path is None:
            identity["file"] = local_model.MODEL_FILE
        else:
            try:
                stat = self._model_path.stat()
                identity["file"] = [str(self._model_path), stat.st_size, stat.st_mtime_ns]
            except OSError:
                identity["file"] = str(self._model_path)
        identity["prompt"] = FEWSHOT_VERSION if self.prompt_style == "fewshot" else "chat"
        if self._seed is not None:
            identity["seed"] = self._seed
        return identity

    # -- loading ----------------------------------------------------------------------------

    async def prepare(self) -> None:
        """Assemble (the first time) and load the model, in a thread; once per process."""
        async with self._prepare_lock:
            if self._loaded is not None:
                return
            loop = asyncio.get_running_loop()
            progress = None
            if self._on_progress is not None:
                report = self._on_progress

                def progress(message: str) -> None:
                    loop.call_soon_threadsafe(report, message)

            try:
                self._loaded = await asyncio.to_thread(self._load, progress)
            except LocalModelError as exc:
                raise LLMError("not_found", str(exc)) from None

    def _load(self, progress: Progress | None) -> LoadedModel:
        if self._model_path is None:
            return local_model.load_default_model(
                self._model_dir, n_ctx=self._n_ctx, n_threads=self._n_threads, on_progress=progress
            )
        return local_model.load_model(
            self._model_path, n_ctx=self._n_ctx, n_threads=self._n_threads, on_progress=progress
        )

    async def aclose(self) -> None:
        """Nothing to close: the loaded model is shared by the whole process."""

    # -- rendering --------------------------------------------------------------------------

    async def complete_translation(
        self,
        request: TranslationRequest,
        build: MessageBuilder,
        *,
        temperature: float | None,
        on_delta: Callable[[str], None],
        on_reset: Callable[[], None],
        sample: int = 1,
    ) -> StructuredResult[RenditionOutput]:
        await self.prepare()
        if self.prompt_style == "chat":
            return await self.complete(
                build,
                RenditionOutput,
                temperature=temperature,
                on_delta=on_delta,
                on_reset=on_reset,
                sample=sample,
            )
        return await self._translate_fewshot(
            request, temperature, on_delta, on_reset, self._seed_of(sample)
        )

    def _seed_of(self, sample: int) -> int:
        """Sample i (from 1) is made with seed + i - 1: the samples of a style differ."""
        return (SEED if self._seed is None else self._seed) + sample - 1

    async def complete(
        self,
        build: MessageBuilder,
        output_model: type[M],
        *,
        temperature: float | None,
        on_delta: Callable[[str], None],
        on_reset: Callable[[], None],
        text_field: str = "text",
        sample: int = 1,
    ) -> StructuredResult[M]:
        await self.prepare()
        if self.prompt_style == "fewshot":
            raise LLMError(
                "bad_request",
                "the built-in local model is a small base model that can only translate by "
                "example; for this, point local.model_path at an instruction-tuned GGUF file or "
                "use an OpenAI-compatible endpoint (OPENAI_BASE_URL / OPENAI_API_KEY)",
            )

        def attempt(mode: OutputMode) -> Awaitable[StructuredResult[M]]:
            return self._chat_in_mode(
                build, output_model, mode, temperature, on_delta, on_reset, text_field,
                self._seed_of(sample),
            )  # fmt: skip

        return await self._ladder.run(attempt)

    async def _in_thread(self, work: Callable[[Emit, threading.Event], T], emit: Emit) -> T:
        """Run `work` on the model's worker thread (its queue); what it emits reaches `emit` on the
        event loop, in order. A cancelled caller's work is dropped if it has not started, and
        stops at the next token if it has."""
        loop = asyncio.get_running_loop()
        cancel = threading.Event()

        def emit_threadsafe(text: str) -> None:
            if not cancel.is_set():
                try:
                    loop.call_soon_threadsafe(emit, text)
                except RuntimeError:  # the loop is gone
                    cancel.set()

        worker, work = self._require_loaded().worker, limits.starting_in_thread(work)  # clock
        try:
            return await loop.run_in_executor(worker, work, emit_threadsafe, cancel)
        except asyncio.CancelledError:
            cancel.set()
            raise
        except Cancelled:
            raise LLMError("cancelled", "the rendition was cancelled") from None

    async def _translate_fewshot(
        self,
        request: TranslationRequest,
        temperature: float | None,
        on_delta: Callable[[str], None],
        on_reset: Callable[[], None],
        seed: int,
    ) -> StructuredResult[RenditionOutput]:
        """Sentence by sentence, each with its nearest exemplars; a sentence the loop guard or
        the token cap stopped is made once more with stronger penalties, and if it is stopped
        again the rendition ends there, partial, and says why."""
        style = request.style
        src, tgt = request.source_language, request.target_language
        if not candidate_exemplars(style, src, tgt):
            pair = f"{language_name(src)} to {language_name(tgt)}"
            raise LLMError(
                "bad_request",
                f"style {style.id!r} has no exemplars for {pair}, and the built-in local model "
                "translates only by example: add exemplars to the style, or use an "
                "OpenAI-compatible endpoint",
            )
        temp = (temperature or 0.0) * BASE_TEMPERATURE_SCALE
        texts: list[str] = []
        footnotes: list[str] = []
        usage = Usage(prompt_tokens=0, completion_tokens=0, total_tokens=0)
        raws: list[str] = []
        paragraphs = passage_units(request.passage, language=src)
        count = sum(len(units) for units in paragraphs)
        number = 0
        for p_index, units in enumerate(paragraphs):
            paragraph: list[str] = []
            for u_index, unit in enumerate(units):
                number += 1
                gap = "" if not (p_index or u_index) else "\n\n" if u_index == 0 else " "
                shown = "\n\n".join([*texts, " ".join(paragraph)] if paragraph else texts)
                exemplars = pick_exemplars(style, src, tgt, unit)
                prompt = build_fewshot_prompt(unit, src, tgt, exemplars, footnotes=style.footnotes)
                for attempt, decoding in enumerate(self._decodings):
                    if attempt:
                        on_reset()
                        on_delta(shown)
                    on_delta(gap)
                    work = functools.partial(
                        generate_unit, self._require_loaded(), prompt.text, prompt.stop, temp,
                        unit, footnotes=style.footnotes, max_tokens=self._max_tokens,
                        n_ctx=self._n_ctx, seed=seed, decoding=decoding,
                    )  # fmt: skip
                    raw, unit_usage, finish = await self._in_thread(work, on_delta)
                    usage = usage + unit_usage
                    if finish not in ("length", "repetition"):
                        break
                raws.append(raw)
                parsed = without_leaks(
                    parse_completion(raw, footnotes=style.footnotes), request.passage, style, src
                )
                parsed = renumber(parsed, len(footnotes))
                if finish in ("length", "repetition"):
                    kept = (shown + gap + parsed.text).strip()
                    on_reset()  # what was streamed may hold the start of the loop
                    on_delta(kept)
                    raise _stopped(finish, number, count, kept)
                if not parsed.text:
                    raise LLMError(
                        "invalid_output",
                        "the local model gave an empty rendition for part of the passage",
                        partial_text=shown,
                    )
                paragraph.append(parsed.text)
                footnotes.extend(parsed.footnotes)
            texts.append(" ".join(paragraph))
        output = RenditionOutput(text="\n\n".join(texts), notes=[], footnotes=footnotes)
        return StructuredResult(output, usage, self.model, "text", "\n\n".join(raws))

    def _require_loaded(self) -> LoadedModel:
        if self._loaded is None:
            raise LLMError("not_found", "the local model is not loaded")
        return self._loaded

    async def _chat_in_mode(
        self,
        build: MessageBuilder,
        output_model: type[M],
        mode: OutputMode,
        temperature: float | None,
        on_delta: Callable[[str], None],
        on_reset: Callable[[], None],
        text_field: str,
        seed: int,
    ) -> StructuredResult[M]:
        answer = AnswerStream(mode, text_field, on_delta, on_reset)
        request: dict[str, Any] = {
            "messages": build(mode),
            "max_tokens": self._max_tokens,
            "seed": seed,
        }
        if temperature is not None:
            request["temperature"] = temperature
        fmt = response_format(mode, output_model, "llama_cpp")
        if fmt is not None:
            request["response_format"] = fmt
        work = functools.partial(generate_chat, self._require_loaded(), request)
        content, usage, finish = await self._in_thread(work, answer.feed)
        if finish == "length":
            raise LLMError(
                "length",
                "the local model stopped at its token limit (raise local.max_tokens)",
                partial_text=answer.shown,
            )
        try:
            output = validate_answer(content, mode, output_model, text_field)
        except ValidationError as exc:
            if answer.shown:
                on_reset()
            raise ModeFailed(
                LLMError("invalid_output", f"the local model's answer did not validate: {exc}"),
                unsupported=False,
            ) from None
        return StructuredResult(output, usage, self.model, mode, content)


def _stopped(finish: str, number: int, count: int, text: str) -> LLMError:
    """The error of a rendition the loop guard or the token cap stopped (it becomes partial:
    `text` is what was rendered up to there)."""
    where = f"sentence {number} of {count}"
    if finish == "repetition":
        message = (
            f"the local model began to repeat itself in {where} (the loop guard stopped it); "
            "the text up to there is kept"
        )
        return LLMError("repetition", message, partial_text=text)
    message = (
        f"the local model ran past its token cap for {where}, twice; the text up to there is kept"
    )
    return LLMError("length", message, partial_text=text)
