"""The lifecycle the fake OpenAI server inherits: start, stop, a busy port, a hanging handler."""

from __future__ import annotations

import asyncio
import threading
import urllib.error
import urllib.request

import pytest
from aiohttp import web

from tests.background_http_server import BackgroundHTTPServer


class HelloServer(BackgroundHTTPServer):
    base_path = "/api"
    description = "hello server"

    def __init__(self, *, port: int = 0) -> None:
        super().__init__(port=port)
        self.entered = threading.Event()

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/api/hello", self._hello)
        app.router.add_get("/api/hang", self._hang)

    async def _hello(self, request: web.Request) -> web.Response:
        return web.Response(text="hello")

    async def _hang(self, request: web.Request) -> web.Response:
        with self.track_task():
            self.entered.set()
            await asyncio.Event().wait()
        return web.Response(text="never")


def test_serves_on_loopback_under_its_base_path_and_stops() -> None:
    with HelloServer() as server:
        assert server.base_url == f"http://127.0.0.1:{server.port}/api"
        with urllib.request.urlopen(server.base_url + "/hello", timeout=5) as answer:
            assert answer.read() == b"hello"
        url = server.base_url
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/hello", timeout=5)
    server.stop()  # a second stop does nothing


def test_started_twice_is_an_error() -> None:
    with HelloServer() as server, pytest.raises(RuntimeError, match="already started"):
        server.start()


def test_a_busy_port_is_named_with_the_server() -> None:
    with HelloServer() as first:
        second = HelloServer(port=first.port)
        with pytest.raises(RuntimeError, match="hello server failed to start"):
            second.start()
        second.stop()  # nothing to stop, no error


def test_stop_does_not_wait_for_a_handler_that_would_never_end() -> None:
    server = HelloServer().start()
    errors: list[BaseException] = []

    def call() -> None:
        try:
            urllib.request.urlopen(server.base_url + "/hang", timeout=30)
        except BaseException as exc:  # the connection closed under it
            errors.append(exc)

    caller = threading.Thread(target=call)
    caller.start()
    assert server.entered.wait(10)
    server.stop()  # must not wait for the handler (or the client's 30 s)
    caller.join(10)
    assert not caller.is_alive()
    assert errors
