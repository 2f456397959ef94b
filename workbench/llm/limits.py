"""What bounds one rendition: a wall-clock deadline counted from its first request, a cap on
the size of an answer, and a guard against an answer that only repeats itself.

The engine runs each rendition inside `RenditionLimits.enforce()`. The clock starts when a
provider calls `request_starting()` (just before it sends a request, or when the embedded
model's worker picks the job up), so time spent queued for a concurrency slot or for the local
model does not count; from then on it covers every retry, every piece and all streaming. The
engine feeds the text it shows to `check_text`; past the cap, or when the text loops, the
rendition is stopped the same way the deadline stops it (its task is cancelled at once). The
raw answer is capped too (`answer_growing()`, called by providers as it arrives), at a multiple
of the text's cap: a JSON answer may grow without its text growing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar
from typing import Literal, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

StopReason = Literal["deadline", "size_limit", "repetition"]

DEFAULT_DEADLINE = 600.0
"""Seconds per rendition: generous, since a slow reasoning model may think for minutes."""
DEFAULT_MAX_ANSWER_CHARS = 200_000
"""Characters of one answer's text (a passage piece is at most 12,000 by default)."""

RAW_PER_TEXT_CHAR = 8
"""How many times the text's cap the raw answer (JSON and all) may reach before it is stopped
as well: JSON escapes and the other fields cost a few characters per character of text, but a
model in JSON mode may write white space (or notes) without end while its text stands still."""

REPEAT_WINDOW = 1200
"""The tail that must be one short unit over and over for the guard to stop an answer."""
REPEAT_MAX_UNIT = 80

_starting: ContextVar[Callable[[], None] | None] = ContextVar("request_starting", default=None)
_growing: ContextVar[Callable[[int], None] | None] = ContextVar("answer_growing", default=None)


def request_starting() -> None:
    """Providers call this right before a request (starts the rendition's clock once)."""
    hook = _starting.get()
    if hook is not None:
        hook()


def answer_growing(size: int) -> None:
    """Providers call this with the size of the raw answer so far (its JSON, not its text)."""
    hook = _growing.get()
    if hook is not None:
        hook(size)


def starting_in_thread(work: Callable[P, T]) -> Callable[P, T]:
    """`work` for a worker thread that starts the caller's clock when it begins to run."""
    hook = _starting.get()
    loop = asyncio.get_running_loop()

    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        if hook is not None:
            loop.call_soon_threadsafe(hook)
        return work(*args, **kwargs)

    return run


def repeating(text: str) -> bool:
    """Whether the last REPEAT_WINDOW characters are one unit of at most REPEAT_MAX_UNIT
    characters over and over (a model caught in a loop); real prose never is."""
    if len(text) < REPEAT_WINDOW + REPEAT_MAX_UNIT:
        return False
    tail = text[-REPEAT_WINDOW - REPEAT_MAX_UNIT :]
    window = tail[REPEAT_MAX_UNIT:]
    for unit in range(1, REPEAT_MAX_UNIT + 1):
        if window == tail[REPEAT_MAX_UNIT - unit : len(tail) - unit]:
            return True
    return False


class RenditionLimits:
    """The limits of one rendition (one instance per rendition, not shared)."""

    def __init__(self, deadline: float | None, max_answer_chars: int | None) -> None:
        self.deadline = deadline
        self.max_answer_chars = max_answer_chars
        self.stopped: StopReason | None = None
        self.raw_too_big = False
        self._timeout: asyncio.Timeout | None = None
        self._checked = 0

    def _start_clock(self) -> None:
        timeout = self._timeout
        if timeout is not None and timeout.when() is None and self.deadline is not None:
            timeout.reschedule(asyncio.get_running_loop().time() + self.deadline)

    def stop(self, reason: StopReason) -> None:
        """Stop the rendition now (from a callback while it runs)."""
        if self._timeout is not None and self.stopped is None:
            self.stopped = reason
            self._timeout.reschedule(asyncio.get_running_loop().time())

    def check_text(self, text: str) -> None:
        """The text of the answer so far (a piece of the rendition): stop it when too big or
        looping. The loop check runs every few hundred characters, so the cost stays linear."""
        if self.max_answer_chars is not None and len(text) > self.max_answer_chars:
            self.stop("size_limit")
        elif len(text) - self._checked >= 256 or len(text) < self._checked:
            self._checked = len(text)
            if repeating(text):
                self.stop("repetition")

    def check_raw(self, size: int) -> None:
        """The raw answer's size so far: stop it when it is far past the text's cap."""
        cap = self.max_answer_chars
        if cap is not None and size > RAW_PER_TEXT_CHAR * cap and self.stopped is None:
            self.raw_too_big = True
            self.stop("size_limit")

    def why_stopped(self) -> tuple[str, str]:
        """The error (kind, message) of a rendition these limits stopped."""
        if self.stopped == "size_limit" and self.raw_too_big:
            return "too_long", (
                f"the answer passed {RAW_PER_TEXT_CHAR * (self.max_answer_chars or 0)} "
                f"characters ({RAW_PER_TEXT_CHAR} times llm.max_answer_chars) with little of "
                "it text (white space or other fields without end); stopped"
            )
        if self.stopped == "size_limit":
            return "too_long", (
                f"the answer passed the size cap of {self.max_answer_chars} characters "
                "(llm.max_answer_chars); stopped"
            )
        if self.stopped == "repetition":
            return "repetition", "the answer kept repeating the same words; stopped"
        return "timeout", (
            f"no complete answer within the deadline of {self.deadline or 0:g} s from the "
            "rendition's first request (llm.deadline, WORKBENCH_DEADLINE)"
        )

    def new_answer(self) -> None:
        self._checked = 0

    @contextlib.asynccontextmanager
    async def enforce(self) -> AsyncIterator[None]:
        """Run the body under the limits. On a stop, TimeoutError leaves it and `stopped` says
        why ("deadline" when the clock ran out)."""
        token = _starting.set(self._start_clock)
        growing = _growing.set(self.check_raw)
        timeout = asyncio.timeout(None)
        try:
            async with timeout:
                self._timeout = timeout
                try:
                    yield
                finally:
                    self._timeout = None
        except TimeoutError:
            if timeout.expired() and self.stopped is None:
                self.stopped = "deadline"
            raise
        finally:
            _growing.reset(growing)
            _starting.reset(token)
