"""One rendition under its limits (`workbench.llm.limits`): the text it has so far, what it
shows while it streams, and how it ends when something stops it.

`Progress` keeps the finished pieces and the piece in progress, so a rendition that ends
early keeps the text parsed so far (it becomes partial). `watch()` is what the engine passes a
provider to show its events: it feeds the text to the limits (size cap, repetition guard) and
drops whatever still arrives once they stopped the rendition. `error_of()` is the one mapping
from an exception to the rendition's (or the round trip's) error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.core.columns import ColumnKey
from workbench.core.translate.events import Event, TextDelta, TextReset
from workbench.core.translate.models import (
    Provenance,
    Rendition,
    RenditionError,
    Segment,
    StyleProfile,
    Usage,
)
from workbench.core.translate.prompts import OutputMode
from workbench.llm.errors import LLMError, clean_message
from workbench.llm.limits import RenditionLimits
from workbench.llm.provider import ChatProvider


@dataclass
class Progress:
    """What translating a passage piece by piece has produced so far."""

    texts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    cached: bool = True
    mode: OutputMode | None = None
    hashes: list[str] = field(default_factory=list)
    model: str | None = None
    dropped: list[str] = field(default_factory=list)  # parameters the model was not sent
    shown: str = ""  # the text of the piece in progress, as parsed and shown so far
    answers: list[tuple[list[Segment], str]] = field(default_factory=list)
    """Each finished piece's segments (as the model gave them) and body text."""

    def text(self) -> str:
        return "\n\n".join(t.strip() for t in [*self.texts, self.shown] if t.strip())


def watch(
    done: Progress, limits: RenditionLimits, emit: Callable[[Event], None] | None
) -> Callable[[Event], None]:
    """A provider's events, kept in `done.shown`, checked against `limits`, passed to `emit`."""

    def show(event: Event) -> None:
        if limits.stopped is not None:
            return  # stopping: what still arrives before the task is cancelled is dropped
        if isinstance(event, TextDelta):
            done.shown += event.text
            limits.check_text(done.shown)
        elif isinstance(event, TextReset):
            done.shown = ""
            limits.new_answer()
        if emit is not None:
            emit(event)

    return show


def error_of(exc: Exception, limits: RenditionLimits) -> RenditionError:
    """How a rendition (or a round trip) that raised ends: the one mapping."""
    if isinstance(exc, LLMError):
        return RenditionError(type=exc.kind, message=exc.message)
    if isinstance(exc, TimeoutError) and limits.stopped is not None:
        kind, message = limits.why_stopped()
        return RenditionError(type=kind, message=message)
    return RenditionError(type="internal", message=describe(exc))


def failed(style: StyleProfile, column: ColumnKey, kind: str, message: str) -> Rendition:
    """Column `column`'s rendition that has only an error."""
    return Rendition(
        style=style.id,
        style_name=style.name,
        sample=column.sample,
        endpoint=column.endpoint,
        column_model=column.model,
        error=RenditionError(type=kind, message=message),
    )


def describe(exc: BaseException) -> str:
    """An unexpected exception as one line (secrets redacted)."""
    return clean_message(f"unexpected error: {type(exc).__name__}: {exc}")


def provenance(
    provider: ChatProvider, style: StyleProfile, done: Progress, chunks: int
) -> Provenance:
    """Where a rendition came from: provider, endpoint (the provider's, credentials removed),
    the temperature actually sent, prompt hash, output mode, pieces, parameters dropped."""
    hashes = done.hashes
    return Provenance(
        provider=provider.name,
        base_url=provider.base_url,
        temperature=None if "temperature" in done.dropped else style.temperature,
        prompt_hash=hashes[0] if len(hashes) == 1 else (",".join(hashes) or None),
        output_mode=done.mode,
        chunks=chunks,
        dropped_parameters=list(done.dropped),
    )
