"""What a translation run reports as it goes: the one code path the CLI and the TUI share."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.translate.models import Comparison, Rendition, RoundTrip


@dataclass(frozen=True)
class RenditionStarted:
    key: str
    style_id: str
    style_name: str


@dataclass(frozen=True)
class TextDelta:
    key: str
    text: str


@dataclass(frozen=True)
class TextReset:
    """What was shown for `key` is void (a retry began); clear it."""

    key: str


@dataclass(frozen=True)
class RenditionFinished:
    """A rendition ended, with text or with an error (`rendition.error`)."""

    key: str
    rendition: Rendition


@dataclass(frozen=True)
class RoundTripFinished:
    """The back-translation of `key`'s rendition arrived (a diagnostic, not a score)."""

    key: str
    round_trip: RoundTrip


@dataclass(frozen=True)
class RunFinished:
    comparison: Comparison


Event = (
    RenditionStarted | TextDelta | TextReset | RenditionFinished | RoundTripFinished | RunFinished
)
