"""Textual's Linux driver, made safe for a terminal that goes away (issue 16, item 1).

When the terminal closes (a tmux session killed, an ssh link dropped, a window closed), the tty
is hung up: reads return end of file and writes fail with EIO. Textual's own driver then
- loses its output thread (the write raises and the thread ends), so once its queue of 30 writes
  is full, the main thread waits forever to put the next one, or the `None` that stops it;
  the event loop is stuck there, and SIGHUP/SIGTERM handlers never get to run;
- spins its input thread on end of file (`read` returns nothing, `select` says readable again);
- joins its input thread with no timeout when input is disabled;
- restarts application mode on any SIGCONT, which a hang-up sends along with SIGHUP (a second
  pair of threads on a dead terminal).

This driver keeps every wait on the main thread bounded and ends both threads when the
terminal is gone: its writer drops output once a write has failed (or the terminal is known to
be gone), puts into its queue in short slices that give up when it is, and the input thread
ends at end of file or on a read error, after telling the app (`terminal_closed`), which saves
drafts and exits as on SIGHUP. It also ends a bracketed paste whose end never came (`_Paste`),
which would leave every key read as pasted text (issue 16, item 2).
"""

from __future__ import annotations

import contextlib
import os
import queue
import selectors
import signal
import threading
import time
from codecs import getincrementaldecoder
from collections.abc import Iterable
from typing import IO, Any

from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.events import Paste
from textual.message import Message

SLICE = 0.25
"""Seconds a put into the output queue waits before checking whether the terminal is gone."""
JOIN_WAIT = 1.0
"""Seconds the main thread waits for the input or output thread to end, at most."""
QUEUED_WRITES = 30


class TerminalWriter(threading.Thread):
    """Writes to the terminal off the main thread (as Textual's WriterThread), never blocking
    the main thread for good: once the terminal is gone, writes are dropped."""

    def __init__(self, file: IO[str], gone: threading.Event) -> None:
        super().__init__(daemon=True, name="textual-output")
        self._queue: queue.Queue[str | None] = queue.Queue(QUEUED_WRITES)
        self._file = file
        self.gone = gone

    def write(self, text: str) -> None:
        self._put(text)

    def _put(self, item: str | None) -> None:
        while not self.gone.is_set():
            try:
                self._queue.put(item, timeout=SLICE)
                return
            except queue.Full:
                continue  # a slow terminal: wait on, unless it is gone meanwhile

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._file.fileno()

    def flush(self) -> None:
        return

    def run(self) -> None:
        write, flush, qsize = self._file.write, self._file.flush, self._queue.qsize
        while True:
            text = self._queue.get()
            if text is None:
                break
            if self.gone.is_set():
                continue  # drain: nothing can be shown any more
            try:
                write(text)
                if qsize() == 0:
                    flush()
            except (OSError, ValueError):  # EIO: the terminal was closed
                self.gone.set()
        with contextlib.suppress(OSError, ValueError):
            if not self.gone.is_set():
                flush()

    def stop(self) -> None:
        """Stop the thread and wait for it, a bounded time (the end of the screen's output is
        lost if the terminal stopped reading)."""
        self._put(None)
        if self.gone.is_set():
            with contextlib.suppress(queue.Full):
                self._queue.put_nowait(None)
        self.join(JOIN_WAIT)


class TerminalDriver(LinuxDriver):
    """LinuxDriver with bounded waits and a clean end when the terminal is gone."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        self.terminal_gone = threading.Event()
        self._writer: TerminalWriter | None = None
        super().__init__(app, **kwargs)

    # LinuxDriver.start_application_mode makes its WriterThread(self._file) and starts it;
    # this property puts a TerminalWriter in its place before it starts.
    @property  # type: ignore[override]
    def _writer_thread(self) -> TerminalWriter | None:
        return self._writer

    @_writer_thread.setter
    def _writer_thread(self, writer: Any) -> None:
        if writer is not None and not isinstance(writer, TerminalWriter):
            assert self._file is not None
            writer = TerminalWriter(self._file, self.terminal_gone)
        self._writer = writer

    def _sigcont_application(self, *args: Any) -> None:
        """Resume only after a suspension of our own (ctrl+z): a hung-up terminal sends
        SIGCONT with SIGHUP, and LinuxDriver would start a second application mode on it."""
        if self.terminal_gone.is_set() or not self._must_signal_resume:
            return
        super()._sigcont_application(*args)

    def disable_input(self) -> None:
        """As LinuxDriver.disable_input, with a bounded wait for the input thread."""
        if self.exit_event.is_set():
            return
        with contextlib.suppress(Exception):
            signal.signal(signal.SIGWINCH, signal.SIG_DFL)
            self._disable_mouse_support()
        self.exit_event.set()
        if self._key_thread is not None:
            self._key_thread.join(JOIN_WAIT)
        self.exit_event.clear()
        if not self.terminal_gone.is_set():
            with contextlib.suppress(Exception):
                import termios

                termios.tcflush(self.fileno, termios.TCIFLUSH)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.stop()

    def run_input_thread(self) -> None:
        """As LinuxDriver.run_input_thread, ending at end of file or on a read error (the
        terminal closed) instead of spinning on it or taking the app down, and ending a
        bracketed paste that never ends (see `_Paste`)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        paste = _Paste()

        def send(events: Iterable[Message]) -> None:
            for event in events:
                if isinstance(event, Paste):
                    paste.ended()
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                for _key, mask in selector.select(0.1):
                    if mask & selectors.EVENT_READ:
                        try:
                            data = os.read(self.fileno, 1024 * 4)
                        except OSError:
                            data = b""
                        if not data:
                            self._lost()
                            return
                        text = decode(data)
                        paste.read(text)
                        send(parser.feed(text))
                send(parser.tick())
                if paste.stuck():
                    send(parser.feed(PASTE_END))
                    paste.ended()
        finally:
            selector.close()
            with contextlib.suppress(Exception):
                for _event in parser.feed(""):
                    pass

    def _lost(self) -> None:
        """The terminal is gone: stop writing to it, and tell the app."""
        self.terminal_gone.set()
        leave = getattr(self._app, "terminal_closed", None) or self._app.exit
        with contextlib.suppress(RuntimeError):  # the loop already closed
            self._loop.call_soon_threadsafe(leave)


PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
PASTE_QUIET = 1.0
"""Seconds of quiet after which a bracketed paste still open is ended."""


class _Paste:
    """Whether a bracketed paste is open: the terminal sent its start marker and the parser has
    not given the Paste event yet. Textual's parser waits for the end marker forever and reads
    everything until then as pasted text, keys included: if the marker was lost, or split
    from its escape by more than the escape delay (a loaded machine, a slow link), no key
    would work again. Once the input has been quiet for PASTE_QUIET with a paste open, the
    driver feeds the parser an end marker (harmless if the parser was not in a paste)."""

    def __init__(self) -> None:
        self.open = False
        self.last = 0.0
        self.tail = ""

    def read(self, text: str) -> None:
        self.last = time.monotonic()
        seen = self.tail + text
        if PASTE_START in seen:
            self.open = True
        self.tail = seen[-(len(PASTE_START) - 1) :]

    def ended(self) -> None:
        self.open = False
        self.tail = ""

    def stuck(self) -> bool:
        return self.open and time.monotonic() - self.last > PASTE_QUIET
