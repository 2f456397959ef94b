"""The columns of a `TranslationSession` and the changes it reports: what a column of the
comparison shows (its state, streamed text, rendition, round trip, judgment marks), read by
the interfaces, written only by the session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from workbench.core.columns import ColumnKey
from workbench.core.compare.analysis import REFERENCE
from workbench.core.compare.flags import Flag
from workbench.core.translate.judgment import hidden_names, hide_names, shown_flags
from workbench.core.translate.models import (
    Comparison,
    Partial,
    Rendition,
    RenditionError,
    RoundTrip,
)

if TYPE_CHECKING:
    from workbench.services.session.session import TranslationSession

State = Literal["waiting", "streaming", "done", "partial", "failed", "stopped", "reference"]
IN_FLIGHT: tuple[State, ...] = ("waiting", "streaming")

ChangeKind = Literal[
    "columns",  # the set of columns is new (a run began, or one was opened)
    "started",  # `key` began streaming
    "text",  # `text` was appended to `key`
    "reset",  # what `key` had streamed is void (a retry within the engine)
    "finished",  # `key` ended: its rendition (or error) is there
    "round_trip",  # `key`'s round trip arrived
    "stopped",  # the run was stopped: every column in flight ended
    "reference",  # the reference was added, changed or removed
    "judgment",  # favourite, notes or blind mode changed
    "run",  # the run's Comparison was (re)placed; an analysis is due
    "analysis",  # the analysis arrived (diffs, metrics, variance, round-trip diffs)
    "scores",  # chrF against a rendition baseline arrived
    "critique",  # a critique of the run arrived
]


@dataclass(frozen=True)
class Change:
    """What changed in the session: `key` names the column (its text form) when one did."""

    kind: ChangeKind
    key: str | None = None
    text: str = ""


Listener = Callable[[Change], None]


class Refused(Exception):
    """A change that cannot be made now (the message says why, for the user)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SessionColumn:
    """One rendition column of the session. Its rendition is the finished run's (the
    session's `Comparison`) unless it is in flight or no run has finished yet."""

    def __init__(self, session: TranslationSession, key: ColumnKey, name: str) -> None:
        self.session = session
        self.key = key
        self.id = str(key)
        self.name = name
        self.state: State = "waiting"
        self.text = ""
        self._reason = ""
        self._rendition: Rendition | None = None  # what the engine sent, before the Comparison
        self._round_trip: RoundTrip | None = None

    @property
    def in_flight(self) -> bool:
        return self.state in IN_FLIGHT

    @property
    def reason(self) -> str:
        """Why the column ended as it did; while the run is blind, with no model or
        endpoint named in it."""
        run = self.session.comparison
        if self._reason and run is not None and self.alias is not None:
            return hide_names(self._reason, hidden_names(run))
        return self._reason

    @reason.setter
    def reason(self, text: str) -> None:
        self._reason = text

    @property
    def rendition(self) -> Rendition | None:
        run = self.session.comparison
        if run is not None and not self.in_flight:
            kept = run.column(self.id)
            if kept is not None:
                return kept
        return self._rendition

    @property
    def round_trip(self) -> RoundTrip | None:
        rendition = self.rendition
        if rendition is not None and rendition.round_trip is not None:
            return rendition.round_trip
        return self._round_trip

    @property
    def flags(self) -> list[Flag]:
        """The analysis's flags of the finished column (none before it); while the run is
        blind, as the blind exports show them (`judgment.shown_flags`)."""
        run = self.session.comparison
        if run is None or self.in_flight:
            return []
        return shown_flags(run, self.id)

    @property
    def favourite(self) -> bool:
        return self.session.judgment.favourite == self.id

    @property
    def has_note(self) -> bool:
        return bool(self.session.judgment.notes.get(self.id))

    @property
    def alias(self) -> str | None:
        """The name shown instead of the style's while the run is blind."""
        return self.session.alias(self.id)

    def _start(self) -> None:
        self.state = "streaming"
        self.reason = ""

    def _restart(self) -> None:
        self.state = "waiting"
        self.reason = ""
        self.text = ""
        self._rendition = None
        self._round_trip = None

    def _finish(self, rendition: Rendition) -> None:
        self._rendition = rendition
        self.text = rendition.text
        self.state, self.reason = _outcome(rendition)

    def _fail(self, kind: str, message: str) -> None:
        self._finish(
            Rendition(
                style=self.key.style,
                style_name=self.name,
                sample=self.key.sample,
                endpoint=self.key.endpoint,
                column_model=self.key.model,
                error=RenditionError(type=kind, message=message),
            )
        )

    def _stop(self) -> Rendition:
        """The run was stopped: the rendition this column ends with (what had arrived, marked
        partial, when it was still in flight)."""
        if self.in_flight:
            self.state = "stopped"
            self.reason = "stopped by the user"
        rendition = self.rendition
        if rendition is None:
            error = RenditionError(type="cancelled", message="stopped by the user")
            rendition = Rendition(
                style=self.key.style,
                style_name=self.name,
                sample=self.key.sample,
                endpoint=self.key.endpoint,
                column_model=self.key.model,
                text=self.text,
                error=error,
                partial=Partial.of(error, self.text),
            )
        if self.round_trip is not None and rendition.round_trip is None:
            rendition = rendition.model_copy(update={"round_trip": self.round_trip})
        self._rendition = rendition
        return rendition


def replaced(
    run: Comparison,
    key: str,
    *,
    rendition: Rendition | None = None,
    round_trip: RoundTrip | None = None,
) -> Comparison:
    """The run with column `key`'s rendition (or its round trip) replaced (a retry's). A new
    text drops the run's critique: its quotes, score and ranking judged the old one (the
    judge is asked again for the new text)."""
    renditions = []
    critique = run.critique
    for r in run.renditions:
        if r.key == key:
            if rendition is not None:
                if rendition.text != r.text:
                    critique = None
                r = rendition
            if round_trip is not None:
                r = r.model_copy(update={"round_trip": round_trip})
        renditions.append(r)
    return run.model_copy(update={"renditions": renditions, "critique": critique})


def _outcome(rendition: Rendition) -> tuple[State, str]:
    """A finished rendition's state and the reason shown beside it."""
    if rendition.partial is not None:  # ended early: the text so far, marked as such
        reason = rendition.partial.description
        if rendition.error is not None:
            reason += f" ({rendition.error.type}: {rendition.error.message})"
        return "partial", reason
    if rendition.error is not None:
        state: State = "stopped" if rendition.error.type == "cancelled" else "failed"
        return state, f"{rendition.error.type}: {rendition.error.message}"
    return "done", ""


def column_name(rendition: Rendition) -> str:
    return rendition.column_key.label(rendition.style_name)


class ReferenceColumn:
    """The reference as a column (read-only; the session's reference is the one copy)."""

    id = REFERENCE
    state: State = "reference"
    reason = ""
    rendition: Rendition | None = None
    round_trip: RoundTrip | None = None
    favourite = False
    has_note = False
    alias: str | None = None
    in_flight = False

    def __init__(self, session: TranslationSession) -> None:
        self.session = session

    @property
    def name(self) -> str:
        reference = self.session.reference
        name = reference.name if reference is not None else REFERENCE
        return f"Reference: {'Reference' if name == REFERENCE else name}"

    @property
    def text(self) -> str:
        reference = self.session.reference
        return reference.text if reference is not None else ""

    @property
    def flags(self) -> list[Flag]:
        """None: the reference is what renditions are checked against, not flagged itself."""
        return []


AnyColumn = SessionColumn | ReferenceColumn
"""What a column widget shows: a rendition column or the reference."""
