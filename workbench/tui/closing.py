"""SIGHUP (the terminal closed) and SIGTERM (`kill`): the app leaves as on ctrl+q, drafts saved
first, at every moment of start-up and shutdown (issue 16, item 1).

The handlers are Python signal handlers, installed before the app starts and kept until it has
returned (asyncio's `add_signal_handler` runs its callback only when the event loop gets to it,
so a loop stuck in a wait never sees the signal; a Python handler runs in the main thread even
while it waits on a lock). A signal while the app's loop runs asks the loop to leave (save, then
exit), and starts a deadline: if the process is still there `FORCE_AFTER` seconds later, the
drafts are saved from the deadline's thread and the process ends at once (`os._exit`). A signal
before the loop runs or after it ended does what it would do without the app: end the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

NAMES = ("SIGHUP", "SIGTERM")
FORCE_AFTER = 3.0
"""Seconds the app has to leave after a closing signal before the process is ended."""


class ClosingSignals:
    def __init__(self, leave: Callable[[int], None], save: Callable[[], None]) -> None:
        self._leave = leave
        self._save = save
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: dict[int, Any] = {}
        self._deadline: threading.Thread | None = None

    def install(self) -> None:
        """Catch the signals (from the main thread only; elsewhere, nothing happens)."""
        for name in NAMES:
            sig = getattr(signal, name, None)
            if sig is None:  # Windows
                continue
            try:
                self._previous[sig] = signal.signal(sig, self._handle)
            except ValueError:  # not the main thread
                return

    def restore(self) -> None:
        for sig, previous in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, previous if previous is not None else signal.SIG_DFL)
        self._previous.clear()

    def attach(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """The app's event loop runs (`loop`) or has ended (None)."""
        self._loop = loop

    def _handle(self, signum: int, _frame: object) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            # no app to leave: the signal's own action (the process ends)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        self.deadline(signum)
        with contextlib.suppress(RuntimeError):  # closed meanwhile
            loop.call_soon_threadsafe(self._leave, signum)

    def deadline(self, signum: int) -> None:
        """Start the countdown to the forced end (once)."""
        if self._deadline is None:
            self._deadline = threading.Thread(
                target=self._force, args=(signum,), name="closing-deadline", daemon=True
            )
            self._deadline.start()

    def _force(self, signum: int) -> None:
        time.sleep(FORCE_AFTER)
        with contextlib.suppress(Exception):
            self._save()
        os._exit(128 + signum)
