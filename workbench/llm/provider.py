"""The interface every LLM provider offers the services: one structured, streamed completion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel

from workbench.core.translate.models import RenditionOutput, StyleProfile, Usage
from workbench.core.translate.prompts import OutputMode

M = TypeVar("M", bound=BaseModel)

MessageBuilder = Callable[[OutputMode], list[dict[str, str]]]
"""Builds the messages for an output mode (the instructions differ between JSON and text)."""


@dataclass
class StructuredResult(Generic[M]):
    output: M
    usage: Usage
    model: str
    mode: OutputMode
    raw: str
    dropped_parameters: tuple[str, ...] = ()
    """Parameters the request would have carried that this model does not take (not sent)."""


class ChatProvider(Protocol):
    name: str

    @property
    def base_url(self) -> str | None: ...

    @property
    def model(self) -> str: ...

    async def prepare(self) -> None:
        """Resolve what must be known before the first request (e.g. the model name)."""

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
        """`sample` (from 1): with a seed set, sample i is asked with seed + i - 1."""
        ...

    def cache_identity(self) -> dict[str, Any]:
        """What distinguishes this provider's answers in the response cache (never the key)."""
        ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True)
class TranslationRequest:
    """What a rendition is about, for providers that need more than chat messages (a base model
    prompted by example needs the passage, the languages and the style's exemplars)."""

    passage: str
    source_language: str
    target_language: str
    style: StyleProfile


@runtime_checkable
class TranslatingProvider(Protocol):
    """Optional: a provider with its own way to render a passage. The engine prefers it."""

    async def complete_translation(
        self,
        request: TranslationRequest,
        build: MessageBuilder,
        *,
        temperature: float | None,
        on_delta: Callable[[str], None],
        on_reset: Callable[[], None],
        sample: int = 1,
    ) -> StructuredResult[RenditionOutput]: ...
