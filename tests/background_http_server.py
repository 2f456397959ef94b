"""An aiohttp web server run in a background thread with its own event loop, on 127.0.0.1.

The lifecycle of the fake OpenAI server (`tests/fake_openai_server.py`), apart from what it
serves: a subclass adds its routes in ``add_routes``; ``start()`` returns once the server
listens (on ``port``, a free one when 0), ``stop()`` ends it from any thread, and the instance
is a context manager. It works the same from sync and async tests, as its loop is its own.

Handlers that register their task with ``track_task`` are cancelled when the server stops
(with ``handler_cancellation`` they are also cancelled when the client goes away).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Any, ClassVar, Self

from aiohttp import web

HOST = "127.0.0.1"


class BackgroundHTTPServer:
    """An aiohttp server on 127.0.0.1, in a thread of its own; subclasses add the routes."""

    base_path: ClassVar[str] = ""
    """Appended to ``http://127.0.0.1:<port>`` to make ``base_url``."""
    thread_name: ClassVar[str] = "background-http-server"
    description: ClassVar[str] = "background HTTP server"
    """Names the server in the errors of ``start()``."""

    def __init__(self, *, port: int = 0) -> None:
        self.base_url = ""
        self.port = port
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._stopped: asyncio.Event | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def add_routes(self, app: web.Application) -> None:
        """Add the server's routes to ``app`` (called once, on the server's loop)."""
        raise NotImplementedError

    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError("server already started")
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._serve(ready))
            except BaseException as exc:  # reported to start() if startup failed
                failure.append(exc)
                ready.set()
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name=self.thread_name, daemon=True)
        self._thread.start()
        if not ready.wait(timeout=10):
            raise RuntimeError(f"{self.description} did not start within 10 s")
        if failure:
            self._thread.join(timeout=5)
            self._thread = None
            raise RuntimeError(f"{self.description} failed to start") from failure[0]
        return self

    async def _serve(self, ready: threading.Event) -> None:
        app = web.Application()
        self.add_routes(app)
        # handler_cancellation: when the client goes away (e.g. its timeout fired), the
        # handler's sleep is cancelled instead of lingering until stop().
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5
        )
        await runner.setup()
        site = web.TCPSite(runner, HOST, self.port)
        await site.start()
        self._runner = runner
        self._stopped = asyncio.Event()
        self.port = runner.addresses[0][1]
        self.base_url = f"http://{HOST}:{self.port}{self.base_path}"
        ready.set()
        try:
            await self._stopped.wait()
        finally:
            for task in list(self._tasks):
                task.cancel()
            await runner.cleanup()

    def stop(self) -> None:
        thread, loop, stopped = self._thread, self._loop, self._stopped
        if thread is None:
            return
        if loop is not None and stopped is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # loop already closed
                loop.call_soon_threadsafe(stopped.set)
        thread.join(timeout=10)
        self._thread = None
        self._loop = None
        self._stopped = None

    @contextlib.contextmanager
    def track_task(self) -> Iterator[None]:
        """Within it, the current task is cancelled if the server stops."""
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            yield
        finally:
            if task is not None:
                self._tasks.discard(task)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
