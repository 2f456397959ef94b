"""A real-HTTP, OpenAI-compatible test server with fault injection.

Tests of the LLM features talk real HTTP to this server (never a mocked client). It is an
aiohttp web server running in a background thread with its own event loop, bound to
127.0.0.1 on a free port, so it works the same from sync and async tests::

    with FakeOpenAIServer(responder=lambda body: {"text": "hi"}) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="test-key")
        server.add_fault("429", retry_after=0.1)
        ...
        assert server.requests[0]["headers"]["authorization"] == "Bearer test-key"

Endpoints: ``POST /v1/chat/completions`` (plain and streaming) and ``GET /v1/models``.

What the server records
    ``requests`` holds one dict per chat request, in arrival order::

        {"body": <parsed JSON>, "headers": <case-insensitive dict>, "path": "/v1/chat/completions",
         "fault": <kind or None>, "started_at": <time.monotonic()>, "finished_at": <float or None>,
         "closed_at": <float or None>}

    ``started_at`` is taken on arrival, ``finished_at`` once the whole answer was written (it
    stays None when the answer was aborted or the client went away). Tests use them to check
    that concurrent requests overlapped, without asserting on wall-clock durations.
    ``closed_at`` is when the handler ended: the answer was written, or the client went away.
    ``headers`` is a ``dict`` whose keys are lower-cased; lookups ignore case.
    If the responder raises, the answer is a 500 with ``x-should-retry: false`` (so the SDK
    does not retry it) and the exception is kept in the record under ``"responder_error"``.
    ``latency`` is slept before every chat answer, errors and faults included.
    Other requests (``/v1/models``, unknown paths) go to ``other_requests``.

Faults (``add_fault``) and the servers that never finish: ``tests/fake_openai_wire.py``.
The thread, its event loop, ``start()`` and ``stop()``: ``tests/background_http_server.py``.

Server modes (attributes)
    * ``known_models``, ``reasoning_models``, ``azure_api_key``, ``azure_deployments`` and the
      strict-schema check: the refusals they bring are in ``tests/fake_openai_refusals.py``.
      Azure OpenAI's paths (``POST /openai/deployments/{deployment}/chat/completions`` and
      ``GET /openai/models``, with ``?api-version=...``) are served as ``openai.AzureOpenAI``
      calls them; the record's ``query`` holds the query parameters.
    * ``redirect_to`` (default None; ``http://host:port``): every request is answered 307 to
      the same path and query on that origin (a redirect to another host).
    * ``model_suffix`` (default ""): appended to the requested model in each answer's ``model``,
      as OpenAI answers an alias with its dated snapshot (``gpt-4o`` -> ``gpt-4o-2024-08-06``).
    * ``imitate`` (default None; ``"ollama"``, ``"vllm"`` or ``"llamacpp"``) and
      ``imitate_old``: that server's documented differences (``tests/server_imitations.py``).
    * ``reasoning_text`` (default None): streamed before the answer as the imitated server
      streams a reasoning model's thinking: ``reasoning_content`` deltas (llama-server, vLLM,
      and without an imitation) or ``reasoning`` deltas with ``content: ""`` (Ollama).

The judge (``judge``, default None): a ``tests.fake_judge.FakeJudge`` answers the critique's
requests; every other request still goes to ``responder`` (see that module).

Standalone, for benchmarks and manual checks (serves on loopback only)::

    python tests/fake_openai_server.py --port 8765 --latency 1.5
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from aiohttp import web

if not __package__:  # run as a script: its own folder is first on sys.path, and another
    # package's `tests` (installed by some dependency) may stand where this one would be found
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import fake_judge
from tests import fake_openai_answers as answers
from tests import fake_openai_refusals as refusals
from tests import server_imitations as imitation
from tests.background_http_server import BackgroundHTTPServer
from tests.fake_openai_wire import (
    INVALID_JSON_CONTENT,
    REFUSAL_TEXT,
    CaseInsensitiveDict,
    Fault,
    FaultKind,
    Responder,
    default_responder,
    error_body,
    last_user_text,
    strict_schema_problem,
)

__all__ = [
    "INVALID_JSON_CONTENT",
    "REFUSAL_TEXT",
    "FakeOpenAIServer",
    "Fault",
    "FaultKind",
    "Responder",
    "default_responder",
    "error_body",
    "last_user_text",
    "strict_schema_problem",
]

RECORD = web.RequestKey("record", dict)


class FakeOpenAIServer(BackgroundHTTPServer):
    """An OpenAI-compatible chat server on 127.0.0.1, run in a background thread."""

    base_path = "/v1"
    thread_name = "fake-openai-server"
    description = "fake OpenAI server"

    def __init__(
        self,
        responder: Responder | None = None,
        *,
        latency: float = 0.0,
        chunk_delay: float = 0.0,
        supports_json_schema: bool = True,
        supports_json_object: bool = True,
        model: str = "fake-model",
        port: int = 0,
        chunk_size: int = 8,
    ) -> None:
        super().__init__(port=port)
        self.responder: Responder | None = responder
        self.latency = latency
        self.chunk_delay = chunk_delay
        self.supports_json_schema = supports_json_schema
        self.supports_json_object = supports_json_object
        self.model = model
        self.chunk_size = chunk_size
        self.known_models: set[str] | None = None
        self.reasoning_models: set[str] = set()
        self.azure_api_key: str | None = None
        self.azure_deployments: dict[str, str] | None = None
        self.imitate: imitation.Imitation | None = None
        """Imitate Ollama, vLLM or llama.cpp's server (see the module docstring)."""
        self.imitate_old = False
        """The imitated server's older behaviour (Ollama before structured outputs, vLLM 0.6.3)."""
        self.models_trickle: float | None = None
        """Seconds between the bytes of the `GET /v1/models` answer (None: answered at once)."""
        self.reasoning_text: str | None = None
        """Thinking streamed before the answer, as the imitated server streams it."""
        self.redirect_to: str | None = None
        """When set (``http://host:port``): every request is answered `307` to the same path and
        query there, as a load balancer or a hostile server may answer."""
        self.judge: Any = None
        self.model_suffix = ""
        """Appended to the requested model in every answer's `model`, as OpenAI answers an alias
        with its dated snapshot (`gpt-4o` -> `gpt-4o-2024-08-06`)."""
        self.hold_midway: threading.Event | None = None
        """When set to an Event: every stream stops after about half its content chunks until
        the Event is set (a test looks at what a client shows mid-answer, whatever the load)."""
        """A `tests.fake_judge.FakeJudge`: answers the critique's requests (see that module)."""
        self.requests: list[dict[str, Any]] = []
        self.other_requests: list[dict[str, Any]] = []
        self.faults: list[Fault] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    # -------------------------------------------------------------------- faults

    def add_fault(self, kind: FaultKind, **kw: Any) -> Fault:
        fault = Fault(kind, **kw)
        with self._lock:
            self.faults.append(fault)
        return fault

    def _take_fault(self, body: dict[str, Any]) -> Fault | None:
        with self._lock:
            for fault in list(self.faults):
                if fault.applies_to(body):
                    fault.used += 1
                    return fault
        return None

    # ------------------------------------------------------------------ handlers

    def add_routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/chat/completions", self._handle_chat)
        app.router.add_get("/v1/models", self._handle_models)
        app.router.add_post("/openai/deployments/{deployment}/chat/completions", self._handle_chat)
        app.router.add_get("/openai/models", self._handle_models)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)

    def served_model(self) -> str:
        """The model an imitated server serves: `model`, or the imitation's typical name."""
        if self.imitate is not None and self.model == "fake-model":
            return imitation.DEFAULT_MODELS[self.imitate]
        return self.model

    async def _handle_models(self, request: web.Request) -> web.StreamResponse:
        self.other_requests.append(self._record(request, None))
        if self.redirect_to is not None:
            raise web.HTTPTemporaryRedirect(self.redirect_to + request.path_qs)
        if self.imitate is not None:
            return web.json_response(imitation.models_listing(self.imitate, self.served_model()))
        if request.path.startswith("/openai/"):
            refused = refusals.azure_refusal(self, request)
            if refused is not None:
                return refused
        return await answers.models_listing(self, request)

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        self.other_requests.append(self._record(request, None))
        return web.json_response(
            error_body(f"Unknown request URL: {request.method} {request.path}", "not_found"),
            status=404,
        )

    def _record(self, request: web.Request, body: Any) -> dict[str, Any]:
        return {
            "body": body,
            "headers": CaseInsensitiveDict(request.headers.items()),
            "path": request.path,
            "query": dict(request.query),
            "fault": None,
            "started_at": time.monotonic(),
            "finished_at": None,
            "closed_at": None,
        }

    async def _handle_chat(self, request: web.Request) -> web.StreamResponse:
        with self.track_task():
            try:
                return await self._chat(request)
            finally:
                record = request.get(RECORD)
                if record is not None:  # the answer ended, or the client went away
                    record["closed_at"] = time.monotonic()

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        record = self._record(request, body)
        request[RECORD] = record
        self.requests.append(record)
        if self.redirect_to is not None:
            raise web.HTTPTemporaryRedirect(self.redirect_to + request.path_qs)
        if not isinstance(body, dict):
            return web.json_response(
                error_body(
                    "We could not parse the JSON body of your request.", "invalid_request_error"
                ),
                status=400,
            )

        deployment = request.match_info.get("deployment")
        if deployment is not None:
            refused = refusals.azure_refusal(self, request)
            if refused is not None:
                record["finished_at"] = time.monotonic()
                return refused

        fault = self._take_fault(body)
        record["fault"] = fault.kind if fault else None
        if self.latency > 0:
            await asyncio.sleep(self.latency)

        error = None
        if self.imitate is not None:
            error = imitation.refusal(self.imitate, body, self.served_model(), old=self.imitate_old)
        if error is None:
            error = self._error_response(body, fault, request)
        if error is None:
            error = refusals.reasoning_refusal(self, body)
        if error is not None:
            record["finished_at"] = time.monotonic()
            return error
        if fault is not None and fault.kind == "timeout":
            await asyncio.sleep(fault.delay)
        if fault is not None and fault.kind == "hang":
            await asyncio.Event().wait()  # until the client goes away (cancelled)
        if fault is not None and fault.kind in ("keepalive", "endless", "whitespace"):
            return await answers.never_ending(self, request, body, fault)

        judged = fake_judge.judge_answer(self.judge, body, record)
        if isinstance(judged, web.Response):
            record["finished_at"] = time.monotonic()
            return judged
        try:
            if judged is not None:
                answer = judged
            else:
                answer = self.responder(body) if self.responder else default_responder(body)
        except Exception as exc:  # a bug in the test's responder: make it loud, not retried
            record["responder_error"] = exc
            record["finished_at"] = time.monotonic()
            return web.json_response(
                error_body(f"fake server responder raised {exc!r}", "responder_error"),
                status=500,
                headers={"x-should-retry": "false"},
            )
        response = await answers.send(self, request, body, answer, fault)
        if fault is None or fault.kind != "break_stream":
            record["finished_at"] = time.monotonic()
        return response

    def _error_response(
        self, body: dict[str, Any], fault: Fault | None, request: web.Request
    ) -> web.Response | None:
        """The error this request gets (`fake_openai_refusals`); a subclass may answer others."""
        return refusals.error_response(self, body, fault, request)

    def new_id(self) -> str:
        return f"chatcmpl-fake{next(self._ids):06d}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a fake OpenAI-compatible API on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--chunk-delay", type=float, default=0.0, help="seconds between chunks")
    parser.add_argument("--model", default="fake-model")
    parser.add_argument("--no-json-schema", action="store_true", help="reject json_schema")
    parser.add_argument("--no-json-object", action="store_true", help="reject json_object")
    args = parser.parse_args(argv)
    server = FakeOpenAIServer(
        latency=args.latency,
        chunk_delay=args.chunk_delay,
        supports_json_schema=not args.no_json_schema,
        supports_json_object=not args.no_json_object,
        model=args.model,
        port=args.port,
    )
    done = threading.Event()
    # Explicit handlers: a shell's background job (`cmd &`) inherits SIGINT ignored, and
    # SIGTERM should stop the server cleanly too.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: done.set())
    with server:
        print(server.base_url, flush=True)
        while not done.wait(0.5):
            pass


if __name__ == "__main__":
    main()
