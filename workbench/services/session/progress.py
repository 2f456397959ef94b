"""How far a run has got, for an interface to show while it works: the local model loading,
renditions done of all, characters streamed, time elapsed, and the time left where it can be
estimated (from the characters streamed against an expected length: about the passage's).

No Textual, no clock of its own: `clock` is read when asked (tests pass a fixed one)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from workbench.services.session.columns import SessionColumn

EXPECTED_RATIO = 1.0
"""A rendition is expected about as long as the passage (in characters)."""
STREAMING_CAP = 0.9
"""A column still streaming counts at most this far done, however long its text."""
MIN_FRACTION = 0.05
MIN_SECONDS = 1.0
"""Before this much of the run and this many seconds, the time left is not estimated."""
BAR_CELLS = 10


@dataclass
class RunProgress:
    """The clock of the current run and what it is waiting for (the local model)."""

    clock: Callable[[], float] = field(default=time.monotonic)
    started: float | None = None
    """When the run began (None: no run yet)."""
    streaming_since: float | None = None
    """When the renditions could start: the run's start, or the local model's load end."""
    expected_chars: int = 0
    loading: str | None = None
    """What the run waits for before any rendition can start ("loading the local model ...")."""
    loading_since: float | None = None

    def start(self, passage: str) -> None:
        now = self.clock()
        self.started = self.streaming_since = now
        self.expected_chars = max(1, round(len(passage.strip()) * EXPECTED_RATIO))
        self.loading = self.loading_since = None

    def model_loading(self, message: str) -> None:
        """The provider reports that it assembles or loads its model (once per process)."""
        self.loading = message
        if self.loading_since is None:
            self.loading_since = self.clock()

    def model_loaded(self) -> None:
        if self.loading is not None:
            self.streaming_since = self.clock()
        self.loading = self.loading_since = None

    def report(self, columns: Iterable[SessionColumn]) -> Report:
        """Where the run is now, over its rendition columns."""
        now = self.clock()
        columns = list(columns)
        done = sum(1 for c in columns if not c.in_flight)
        chars = sum(len(c.text) for c in columns)
        elapsed = now - self.started if self.started is not None else 0.0
        if self.loading is not None:
            since = self.loading_since if self.loading_since is not None else now
            return Report(done, len(columns), chars, elapsed, None, None, self.loading, now - since)
        fraction = None
        if columns:
            parts = [
                1.0 if not c.in_flight else min(len(c.text) / self.expected_chars, STREAMING_CAP)
                for c in columns
            ]
            fraction = sum(parts) / len(parts)
        left = None
        since = self.streaming_since if self.streaming_since is not None else now
        working = now - since
        if fraction is not None and fraction >= MIN_FRACTION and working >= MIN_SECONDS:
            left = working * (1 - fraction) / fraction
        return Report(done, len(columns), chars, elapsed, fraction, left)


@dataclass(frozen=True)
class Report:
    done: int
    total: int
    chars: int
    elapsed: float
    fraction: float | None
    """Of the whole run, estimated; None when it cannot be (no columns)."""
    left: float | None
    """Seconds left, estimated; None when not knowable yet."""
    loading: str | None = None
    loading_for: float = 0.0

    def line(self) -> str:
        """One line: `▕███░░░░░░░▏ 1/3 done · 412 chars · 3 s · about 5 s left`."""
        if self.loading is not None:
            return f"{self.loading} {seconds(self.loading_for)}"
        head = bar(self.fraction) + " " if self.fraction is not None else ""
        parts = [f"{head}{self.done}/{self.total} done"]
        parts.append(f"{self.chars:,} chars")
        parts.append(seconds(self.elapsed))
        if self.done == self.total and self.total:
            parts.append("finishing")
        elif self.left is not None:
            parts.append(f"about {seconds(self.left)} left")
        else:
            parts.append("time left not known yet")
        return " · ".join(parts)


def bar(fraction: float, cells: int = BAR_CELLS) -> str:
    """A bar of `cells` characters, readable without colour."""
    full = max(0, min(cells, round(fraction * cells)))
    return "▕" + "█" * full + "░" * (cells - full) + "▏"


def seconds(value: float) -> str:
    value = max(0.0, value)
    if value < 60:
        return f"{value:.0f} s"
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} min {rest:02d} s"
