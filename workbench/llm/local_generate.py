"""Generation on the embedded model, blocking: these run on the loaded model's worker thread
(`LocalProvider._in_thread`), hold its lock, stream what they make through `emit`, and stop at
the next token once `cancel` is set."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench.core.translate.models import Usage
from workbench.core.translate.repetition import runaway_at
from workbench.llm.errors import LLMError
from workbench.llm.local_model import LoadedModel
from workbench.llm.structured import ModeFailed

Emit = Callable[[str], None]

SEED = 1234
"""Sampling is seeded: the same prompt gives the same rendition (and the cache agrees)."""


@dataclass(frozen=True)
class Decoding:
    """Settings that discourage a small model from repeating itself (llama.cpp's penalties:
    `repeat_penalty` on the recent tokens, OpenAI-style frequency and presence penalties)."""

    repeat_penalty: float = 1.1
    frequency_penalty: float = 0.3
    presence_penalty: float = 0.2
    seed_offset: int = 0

    def arguments(self) -> dict[str, float]:
        return {
            "repeat_penalty": self.repeat_penalty,
            "frequency_penalty": self.frequency_penalty,
            "presence_penalty": self.presence_penalty,
        }


DECODING = Decoding()
RETRY_DECODING = Decoding(
    repeat_penalty=1.3, frequency_penalty=0.8, presence_penalty=0.5, seed_offset=7919
)
"""A sentence the loop guard or the token cap stopped is made once more with these."""

FOOTNOTE_TOKENS = 96
"""Room for a footnote style's `[n]` lines after the sentence."""


def unit_cap(unit_tokens: int, *, footnotes: bool, max_tokens: int) -> int:
    """The token cap of one sentence's rendition: twice its length and a little (a rendition
    is rarely much longer than its source), never more than `max_tokens`."""
    cap = 2 * unit_tokens + 16 + (FOOTNOTE_TOKENS if footnotes else 0)
    return max(1, min(max_tokens, cap))


class Cancelled(Exception):
    """The caller went away; nothing more is generated."""


def generate_unit(
    loaded: LoadedModel,
    prompt: str,
    stop: list[str],
    temperature: float,
    unit: str,
    emit: Emit,
    cancel: threading.Event,
    *,
    footnotes: bool,
    max_tokens: int,
    n_ctx: int,
    seed: int = SEED,
    decoding: Decoding = DECODING,
) -> tuple[str, Usage, str | None]:
    """Complete one unit of a few-shot prompt, streaming the rendition's first line.

    The finish is "stop", "length" (the unit's token cap) or "repetition": the loop guard
    stopped the rendition where it began to repeat a phrase more often than `unit` does
    (`core.translate.repetition`); the raw text returned then ends before that phrase."""
    llm = loaded.llm
    with loaded.lock:
        if cancel.is_set():
            raise Cancelled
        unit_tokens = len(llm.tokenize(unit.encode("utf-8"), add_bos=False))
        max_tokens = unit_cap(unit_tokens, footnotes=footnotes, max_tokens=max_tokens)
        prompt_tokens = len(llm.tokenize(prompt.encode("utf-8")))
        if prompt_tokens + max_tokens > n_ctx:
            raise LLMError(
                "context_length",
                f"the prompt ({prompt_tokens} tokens) and answer do not fit the local "
                f"model's context of {n_ctx} tokens; raise local.n_ctx",
            )
        parts: list[str] = []
        body_done = False
        started = False
        finish: str | None = None
        completion_tokens = 0
        try:
            stream = llm.create_completion(
                prompt,
                max_tokens=max_tokens,
                temperature=temperature,
                stop=stop,
                stream=True,
                seed=seed + decoding.seed_offset,
                **decoding.arguments(),
            )
            body = ""
            for chunk in stream:
                if cancel.is_set():
                    raise Cancelled
                completion_tokens += 1
                choice = chunk["choices"][0]
                text: str = choice.get("text") or ""
                finish = choice.get("finish_reason") or finish
                parts.append(text)
                if not body_done:
                    if not started:
                        text = text.lstrip(" \t")
                        started = bool(text)
                    head, newline, _ = text.partition("\n")
                    body += head
                    loop_at = runaway_at(unit, body)
                    if loop_at is not None:
                        kept = body[:loop_at].rstrip(" ,;:-")
                        shown = body[: len(body) - len(head)]
                        if len(kept) > len(shown):
                            emit(kept[len(shown) :])
                        parts = [kept]
                        finish = "repetition"
                        break
                    if head:
                        emit(head)
                    if newline:
                        body_done = True
                        if not footnotes:
                            finish = "stop"
                            break
                elif _left_footnotes("".join(parts)):
                    finish = "stop"
                    break
        except ValueError as exc:  # e.g. "Requested tokens exceed context window"
            raise LLMError("context_length", str(exc)) from None
    usage = Usage(
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        total_tokens=prompt_tokens + completion_tokens,
    )
    return "".join(parts), usage, finish


def generate_chat(
    loaded: LoadedModel,
    request: dict[str, Any],
    emit: Emit,
    cancel: threading.Event,
) -> tuple[str, Usage, str | None]:
    """One streamed chat completion (`request`: llama-cpp-python's keyword arguments). A
    request llama.cpp refuses is a `ModeFailed` (the ladder tries the next output mode)."""
    structured = "response_format" in request
    parts: list[str] = []
    finish: str | None = None
    with loaded.lock:
        if cancel.is_set():
            raise Cancelled
        try:
            stream = loaded.llm.create_chat_completion(**request, stream=True)
            for chunk in stream:
                if cancel.is_set():
                    raise Cancelled
                choice = chunk["choices"][0]
                piece = (choice.get("delta") or {}).get("content")
                if piece:
                    parts.append(piece)
                    emit(piece)
                finish = choice.get("finish_reason") or finish
        except Cancelled:
            raise
        except ValueError as exc:
            if "context window" in str(exc):
                raise LLMError("context_length", str(exc)) from None
            raise ModeFailed(
                LLMError("bad_request", f"llama.cpp refused the request: {exc}"),
                unsupported=structured,
            ) from None
        except RuntimeError as exc:  # e.g. a grammar llama.cpp cannot build
            raise ModeFailed(
                LLMError("bad_request", f"llama.cpp failed: {exc}"), unsupported=structured
            ) from None
        except Exception as exc:
            from jinja2 import TemplateError

            if not isinstance(exc, TemplateError):
                raise
            raise LLMError(  # the same in every output mode: no use trying the next
                "bad_request",
                f"the model file's chat template failed on the messages "
                f"({type(exc).__name__}: {exc}); use a file with a working template, or "
                "local.prompt = 'fewshot'",
            ) from None
    return "".join(parts), Usage(completion_tokens=len(parts)), finish


def _left_footnotes(raw: str) -> bool:
    """True once a line after the rendition has begun with something other than `[`."""
    for line in raw.split("\n")[1:]:
        stripped = line.lstrip()
        if stripped and not stripped.startswith("["):
            return True
    return False
