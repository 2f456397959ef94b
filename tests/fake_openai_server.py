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

Faults
    ``faults`` is a list of :class:`Fault`; each chat request uses the first fault whose ``match``
    accepts the body and which is not used up (``fault.used < fault.times``), and counts one use.
    ``reject_json_schema`` / ``reject_json_object`` only match requests whose ``response_format``
    has that type (a plain request does not use them up).

What the openai client (3.x, on httpx2) observes, checked by tests/test_fake_openai_server.py
    * ``429`` -> the SDK retries after ``Retry-After`` seconds (for ``Retry-After: 0`` or no
      header it uses its own ~0.5 s backoff; over 120 s it does not retry at all); without
      retries left it raises ``openai.RateLimitError``.
    * ``500`` -> retried after ~0.4-0.5 s backoff, else ``openai.InternalServerError``.
    * ``timeout`` -> ``openai.APITimeoutError`` when the client's timeout is below ``delay``
      (retried by the SDK like any timeout, so use ``max_retries=0`` to see it at once).
    * ``break_stream``, streaming: the first chunks arrive normally, then iterating the stream
      raises ``openai.APIConnectionError`` ("Connection error."), whose ``__cause__`` is
      ``httpx2.RemoteProtocolError`` (the chunked body ends without its terminating chunk). The
      stream is never silently truncated, and the SDK does not retry mid-stream errors.
    * ``break_stream``, non-streaming: the body is cut short of its Content-Length; the SDK sees
      a connection error and retries it (``max_retries``), raising ``openai.APIConnectionError``
      once retries are exhausted.
    * ``invalid_json`` -> a well-formed answer whose content is ``{"text": "unterminated``.
    * ``length`` -> content cut to half its characters, ``finish_reason == "length"``.
    * ``content_filter`` -> content cut to half its characters, ``finish_reason ==
      "content_filter"`` (as OpenAI and Azure end an answer their filter stopped).
    * ``refusal`` -> no content; the message's ``refusal`` (streamed as ``refusal`` deltas) is
      ``REFUSAL_TEXT``, ``finish_reason == "stop"`` (OpenAI's structured-output refusal).
    * ``context_length`` -> ``openai.BadRequestError`` with ``code == "context_length_exceeded"``.
    * ``reject_json_*`` / unsupported ``response_format`` -> ``openai.BadRequestError``,
      ``param == "response_format"``.

Server modes (attributes)
    * ``known_models`` (a set, default None: any model): a chat request for another model gets
      400 ``model_not_found`` ("The model `x` does not exist or you do not have access to it.").
    * ``reasoning_models`` (a set of model names, default empty; ``"*"``: every model): such a
      model refuses sampling parameters and the old token limit as OpenAI's o-series and gpt-5
      do: 400 ``unsupported_value`` for a ``temperature`` other than 1, 400
      ``unsupported_parameter`` for ``top_p`` and for ``max_tokens`` ("Use
      'max_completion_tokens' instead."), each with ``param`` set to the parameter. The server
      stops at the first it finds, so a client learns them one at a time.
    * Azure OpenAI: ``POST /openai/deployments/{deployment}/chat/completions?api-version=...``
      and ``GET /openai/models?api-version=...``, as ``openai.AzureOpenAI`` calls them. Without
      ``api-version`` the answer is 404 ("Resource not found"); with ``azure_api_key`` set, an
      ``api-key`` header with another value (or none) is 401. ``azure_deployments`` (a dict,
      default None: any deployment) maps deployment names to the model each serves (the answer's
      ``model``); another deployment is 404 ``DeploymentNotFound``. The record's ``query`` holds
      the query parameters.
    * ``model_suffix`` (default ""): appended to the requested model in each answer's ``model``,
      as OpenAI answers an alias with its dated snapshot (``gpt-4o`` -> ``gpt-4o-2024-08-06``).
    * ``imitate`` (default None; ``"ollama"``, ``"vllm"`` or ``"llamacpp"``): the documented
      differences of that server's OpenAI-compatible ``/v1`` API (``tests/server_imitations.py``
      has the details and sources). Each serves one model, ``model`` or, left at
      ``"fake-model"``, a typical name (``qwen2.5:7b``, ``Qwen/Qwen2.5-7B-Instruct``,
      ``qwen2.5-7b-instruct-q4_k_m.gguf``), listed by ``GET /v1/models`` in that server's shape.
      None of them checks a schema against OpenAI's strict rules (below).

      - ollama: another model is 404 ``model "x" not found, try pulling it first``. With
        ``imitate_old`` (before structured outputs): a ``json_schema`` format is ignored, so the
        answer is the JSON the prompt asked for in a Markdown fence after a line of prose
        (``json_object`` is still honoured), and ``stream_options`` is ignored (no usage).
      - vllm: another model is 404; errors are vLLM's flat ``{"object": "error", "message",
        "type", "param": null, "code": <status>}``. With ``imitate_old`` (v0.6.3): any request
        field vLLM did not know (``max_completion_tokens``...) is 400 ``extra_forbidden``.
      - llamacpp: any model name is answered, by the loaded GGUF (the answer's ``model``);
        streamed chunks carry llama-server's ``timings`` and a ``content: null`` role delta.
    * ``reasoning_text`` (default None): streamed before the answer as the imitated server
      streams a reasoning model's thinking: ``reasoning_content`` deltas (llama-server, vLLM,
      and without an imitation) or ``reasoning`` deltas with ``content: ""`` (Ollama).
    * a ``json_schema`` response format with ``strict: true`` whose schema strict mode would not
      take (an object without ``additionalProperties: false`` or with a property not in
      ``required``; see ``strict_schema_problem``) -> 400, ``param == "response_format"``, as
      OpenAI answers.

The judge (``judge``, default None)
    A ``tests.fake_judge.FakeJudge`` answers the critique's requests (``workbench translate
    --critique``): annotations that quote real spans or spans not in the text, a ranking that
    is consistent or follows the order listed, invalid JSON, or a 500 the SDK does not retry.
    Every other request still goes to ``responder``. The record of a judge request carries
    ``"judge": "annotate"`` or ``"rank"``, so tests check the critique's requests on the wire.

Servers that never finish (each runs until the client goes away; ``closed_at`` in the request's
record is when it noticed, on the test's ``time.monotonic()`` clock)
    * ``hang`` -> the request is read and never answered: no status line, no headers.
    * ``keepalive`` -> a 200 SSE stream that only ever sends comment lines (``: keepalive``)
      every ``delay`` seconds: no content, no end. The SDK skips comments, so it waits forever.
    * ``trickle`` -> the whole streamed answer, one byte every ``delay`` seconds (a read timeout
      never fires, since bytes keep coming).
    * ``endless`` -> content chunks forever (``word1 word2 ...``, never repeating itself), one
      every ``delay`` seconds (0: as fast as the client reads), never a ``finish_reason``.
    * ``whitespace`` -> the start of an answer (``{"text": "word1 "`` when JSON is asked for,
      the string closed; else ``word1 ``), then white space forever, a chunk every ``delay``
      seconds: what OpenAI warns a model in JSON mode may do ("an unending stream of
      whitespace").
    * ``models_trickle`` (a server attribute, default None): ``GET /v1/models`` answers 200 at
      once, then its body one byte every ``models_trickle`` seconds, padded with white space to
      a few kilobytes (a read timeout never fires, since bytes keep coming).
    * ``auth_echo`` -> a 401 whose error message quotes the request's Authorization header back
      (real servers do this); the SDK raises ``openai.AuthenticationError``.

Standalone, for benchmarks and manual checks (serves on loopback only)::

    python tests/fake_openai_server.py --port 8765 --latency 1.5
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

from aiohttp import web

if __package__:
    from tests import server_imitations as imitation
else:  # run as a script: its own folder is first on sys.path, and another package's `tests`
    # (installed by some dependency) may stand where this one would be found
    import server_imitations as imitation  # type: ignore[import-not-found, no-redef]

FaultKind = Literal[
    "429",
    "500",
    "timeout",
    "break_stream",
    "invalid_json",
    "length",
    "content_filter",
    "refusal",
    "reject_json_schema",
    "reject_json_object",
    "context_length",
    "hang",
    "keepalive",
    "trickle",
    "endless",
    "whitespace",
    "auth_echo",
]

Responder = Callable[[dict[str, Any]], "str | dict[str, Any]"]

HOST = "127.0.0.1"
RECORD = web.RequestKey("record", dict)
INVALID_JSON_CONTENT = '{"text": "unterminated'
REFUSAL_TEXT = "I'm sorry, I cannot help with that request."
CONTEXT_LENGTH_LIMIT = 4096


@dataclass
class Fault:
    """One injected failure; applies to the next ``times`` matching chat requests."""

    kind: FaultKind
    times: int = 1
    retry_after: float | None = None
    delay: float = 5.0
    match: Callable[[dict[str, Any]], bool] | None = None
    used: int = 0

    @property
    def used_up(self) -> bool:
        return self.used >= self.times

    def applies_to(self, body: dict[str, Any]) -> bool:
        if self.used_up:
            return False
        if self.kind == "reject_json_schema" and _response_format_type(body) != "json_schema":
            return False
        if self.kind == "reject_json_object" and _response_format_type(body) != "json_object":
            return False
        return self.match is None or bool(self.match(body))


class CaseInsensitiveDict(dict[str, str]):
    """A plain ``dict`` with lower-cased keys whose lookups ignore case (for HTTP headers)."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__()
        for key, value in dict(items).items():
            self[key] = value

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


def _response_format_type(body: dict[str, Any]) -> str | None:
    fmt = body.get("response_format")
    if isinstance(fmt, dict):
        kind = fmt.get("type")
        return kind if isinstance(kind, str) else None
    return None


def _strict_problem(body: dict[str, Any]) -> str | None:
    json_schema = body["response_format"].get("json_schema")
    if not isinstance(json_schema, dict) or json_schema.get("strict") is not True:
        return None
    return strict_schema_problem(json_schema.get("schema"))


def _text_of(content: Any) -> str:
    """The text of a message's ``content``: a string, or a list of ``{"type": "text"}`` parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            elif isinstance(part, str):
                parts.append(part)
        return "".join(parts)
    return ""


def last_user_text(body: dict[str, Any]) -> str:
    for message in reversed(body.get("messages") or []):
        if isinstance(message, dict) and message.get("role") == "user":
            return _text_of(message.get("content"))
    return ""


def default_responder(body: dict[str, Any]) -> str | dict[str, Any]:
    """Echo the last user message: as ``{"text": "<EN> ...", ...}`` when JSON is asked for."""
    text = last_user_text(body)
    if _response_format_type(body) in ("json_schema", "json_object"):
        return {"text": "<EN> " + text[-200:], "notes": [], "footnotes": []}
    return text


def strict_schema_problem(schema: Any, where: str = "()") -> str | None:
    """Why OpenAI's strict mode would refuse this JSON schema (None: it would take it): every
    object must list all its properties in ``required`` and set ``additionalProperties: false``."""
    if isinstance(schema, list):
        for item in schema:
            problem = strict_schema_problem(item, where)
            if problem:
                return problem
        return None
    if not isinstance(schema, dict):
        return None
    if schema.get("type") == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        if schema.get("additionalProperties") is not False:
            return (
                f"In context={where}, 'additionalProperties' is required to be supplied "
                "and to be false."
            )
        missing = sorted(set(properties) - set(schema.get("required") or []))
        if missing:
            return (
                f"In context={where}, 'required' is required to be supplied and to be an array "
                f"including every key in properties. Missing '{missing[0]}'."
            )
    for key, value in schema.items():
        if isinstance(value, dict | list):
            problem = strict_schema_problem(value, f"{where}/{key}")
            if problem:
                return problem
    return None


def _count_words(text: str) -> int:
    return len(text.split())


def _error_body(
    message: str, type_: str, *, param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


class FakeOpenAIServer:
    """An OpenAI-compatible chat server on 127.0.0.1, run in a background thread."""

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
        self.base_url = ""
        self.port = port
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._stopped: asyncio.Event | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> FakeOpenAIServer:
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

        self._thread = threading.Thread(target=run, name="fake-openai-server", daemon=True)
        self._thread.start()
        if not ready.wait(timeout=10):
            raise RuntimeError("fake OpenAI server did not start within 10 s")
        if failure:
            self._thread.join(timeout=5)
            self._thread = None
            raise RuntimeError("fake OpenAI server failed to start") from failure[0]
        return self

    async def _serve(self, ready: threading.Event) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle_chat)
        app.router.add_get("/v1/models", self._handle_models)
        app.router.add_post("/openai/deployments/{deployment}/chat/completions", self._handle_chat)
        app.router.add_get("/openai/models", self._handle_models)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
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
        self.base_url = f"http://{HOST}:{self.port}/v1"
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

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

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

    def served_model(self) -> str:
        """The model an imitated server serves: `model`, or the imitation's typical name."""
        if self.imitate is not None and self.model == "fake-model":
            return imitation.DEFAULT_MODELS[self.imitate]
        return self.model

    async def _handle_models(self, request: web.Request) -> web.StreamResponse:
        self.other_requests.append(self._record(request, None))
        if self.imitate is not None:
            return web.json_response(imitation.models_listing(self.imitate, self.served_model()))
        if request.path.startswith("/openai/"):
            refused = self._azure_refusal(request)
            if refused is not None:
                return refused
        model = {"id": self.model, "object": "model", "owned_by": "fake"}
        listing = {"object": "list", "data": [model]}
        if self.models_trickle is not None:
            response = web.StreamResponse(headers={"Content-Type": "application/json"})
            await response.prepare(request)
            for byte in json.dumps(listing).encode().ljust(4096):
                await response.write(bytes([byte]))
                await asyncio.sleep(self.models_trickle)
            await response.write_eof()
            return response
        return web.json_response(listing)

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        self.other_requests.append(self._record(request, None))
        return web.json_response(
            _error_body(f"Unknown request URL: {request.method} {request.path}", "not_found"),
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
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            return await self._chat(request)
        finally:
            record = request.get(RECORD)
            if record is not None:  # the answer ended, or the client went away
                record["closed_at"] = time.monotonic()
            if task is not None:
                self._tasks.discard(task)

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        record = self._record(request, body)
        request[RECORD] = record
        self.requests.append(record)
        if not isinstance(body, dict):
            return web.json_response(
                _error_body(
                    "We could not parse the JSON body of your request.", "invalid_request_error"
                ),
                status=400,
            )

        deployment = request.match_info.get("deployment")
        if deployment is not None:
            refused = self._azure_refusal(request)
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
            error = self._reasoning_refusal(body)
        if error is not None:
            record["finished_at"] = time.monotonic()
            return error
        if fault is not None and fault.kind == "timeout":
            await asyncio.sleep(fault.delay)
        if fault is not None and fault.kind == "hang":
            await asyncio.Event().wait()  # until the client goes away (cancelled)
        if fault is not None and fault.kind in ("keepalive", "endless", "whitespace"):
            return await self._never_ending(request, body, fault)

        judged = self._judge(body, record)
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
                _error_body(f"fake server responder raised {exc!r}", "responder_error"),
                status=500,
                headers={"x-should-retry": "false"},
            )
        content = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
        if not imitation.sees_response_format(
            self.imitate, _response_format_type(body), old=self.imitate_old
        ):
            content = imitation.unconstrained(content)
        finish_reason = "stop"
        if fault is not None and fault.kind == "invalid_json":
            content = INVALID_JSON_CONTENT
        elif fault is not None and fault.kind in ("length", "content_filter"):
            content = content[: len(content) // 2]
            finish_reason = fault.kind
        refusal = REFUSAL_TEXT if fault is not None and fault.kind == "refusal" else None
        if refusal is not None:
            content = ""
        breaks = fault is not None and fault.kind == "break_stream"
        trickle = fault.delay if fault is not None and fault.kind == "trickle" else None

        prompt_tokens = sum(
            _count_words(_text_of(m.get("content")))
            for m in body.get("messages") or []
            if isinstance(m, dict)
        )
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": _count_words(content),
            "total_tokens": prompt_tokens + _count_words(content),
        }
        requested = body.get("model")
        model = requested if isinstance(requested, str) else self.model
        model += self.model_suffix
        if deployment is not None:
            model = (self.azure_deployments or {}).get(deployment, deployment)
        if self.imitate == "llamacpp":
            model = self.served_model()
        if body.get("stream"):
            response = await self._stream(
                request,
                body,
                model,
                content,
                finish_reason,
                usage,
                breaks=breaks,
                trickle=trickle,
                refusal=refusal,
            )
        else:
            response = await self._plain(
                request, model, content, finish_reason, usage, breaks=breaks, refusal=refusal
            )
        if not breaks:
            record["finished_at"] = time.monotonic()
        return response

    def _judge(
        self, body: dict[str, Any], record: dict[str, Any]
    ) -> web.Response | str | dict[str, Any] | None:
        """The judge's answer to a critique request (None: not one, or no judge set)."""
        if self.judge is None:
            return None
        from tests.fake_judge import judge_kind

        kind = judge_kind(body)
        if kind is None:
            return None
        record["judge"] = kind
        broken = self.judge.broken(kind)
        if broken == "fail":
            return web.json_response(
                _error_body("The judge is unavailable.", "server_error"),
                status=500,
                headers={"x-should-retry": "false"},
            )
        if broken == "invalid":
            return INVALID_JSON_CONTENT
        answer: dict[str, Any] = self.judge.answer(body, kind)
        return answer

    def _error_response(
        self, body: dict[str, Any], fault: Fault | None, request: web.Request
    ) -> web.Response | None:
        kind = fault.kind if fault else None
        fmt = _response_format_type(body)
        if kind == "auth_echo":
            header = request.headers.get("Authorization", "")
            return web.json_response(
                _error_body(
                    f"Invalid credentials in header 'Authorization: {header}' for {request.url}",
                    "invalid_request_error",
                    code="invalid_api_key",
                ),
                status=401,
            )
        if kind == "429":
            headers = {}
            if fault is not None and fault.retry_after is not None:
                headers["Retry-After"] = f"{fault.retry_after:g}"
            return web.json_response(
                _error_body(
                    "Rate limit reached for requests. Please try again later.",
                    "requests",
                    code="rate_limit_exceeded",
                ),
                status=429,
                headers=headers,
            )
        if kind == "500":
            return web.json_response(
                _error_body(
                    "The server had an error while processing your request. Sorry about that!",
                    "server_error",
                ),
                status=500,
            )
        if kind == "context_length":
            n = (
                CONTEXT_LENGTH_LIMIT
                + 1
                + sum(
                    _count_words(_text_of(m.get("content")))
                    for m in body.get("messages") or []
                    if isinstance(m, dict)
                )
            )
            return web.json_response(
                _error_body(
                    f"This model's maximum context length is {CONTEXT_LENGTH_LIMIT} tokens. "
                    f"However, your messages resulted in {n} tokens. "
                    "Please reduce the length of the messages.",
                    "invalid_request_error",
                    param="messages",
                    code="context_length_exceeded",
                ),
                status=400,
            )
        requested = body.get("model")
        if self.known_models is not None and requested not in self.known_models:
            return web.json_response(
                _error_body(
                    f"The model `{requested}` does not exist or you do not have access to it.",
                    "invalid_request_error",
                    param="model",
                    code="model_not_found",
                ),
                status=400,
            )
        # Ollama, vLLM and llama-server do not check a schema against OpenAI's strict rules
        checks_strict = self.imitate is None
        problem = _strict_problem(body) if fmt == "json_schema" and checks_strict else None
        if problem is not None:
            name = body["response_format"]["json_schema"].get("name")
            return web.json_response(
                _error_body(
                    f"Invalid schema for response_format '{name}': {problem}",
                    "invalid_request_error",
                    param="response_format",
                ),
                status=400,
            )
        if (
            fmt == "json_schema" and (kind == "reject_json_schema" or not self.supports_json_schema)
        ) or (
            fmt == "json_object" and (kind == "reject_json_object" or not self.supports_json_object)
        ):
            return web.json_response(
                _error_body(
                    f"response_format {fmt} is not supported",
                    "invalid_request_error",
                    param="response_format",
                ),
                status=400,
            )
        return None

    def _azure_refusal(self, request: web.Request) -> web.Response | None:
        """What Azure OpenAI answers a request without an api-version, with a wrong key, or
        for a deployment that does not exist (None: the request may go on)."""
        if not request.query.get("api-version"):
            return web.json_response(
                {"error": {"code": "404", "message": "Resource not found"}}, status=404
            )
        if self.azure_api_key is not None and request.headers.get("api-key") != self.azure_api_key:
            return web.json_response(
                {
                    "error": {
                        "code": "401",
                        "message": "Access denied due to invalid subscription key or wrong API "
                        "endpoint. Make sure to provide a valid key for an active subscription "
                        "and use a correct regional API endpoint for your resource.",
                    }
                },
                status=401,
            )
        deployment = request.match_info.get("deployment")
        if (
            deployment is not None
            and self.azure_deployments is not None
            and deployment not in self.azure_deployments
        ):
            return web.json_response(
                {
                    "error": {
                        "code": "DeploymentNotFound",
                        "message": "The API deployment for this resource does not exist. If you "
                        "created the deployment within the last 5 minutes, please wait a moment "
                        "and try again.",
                    }
                },
                status=404,
            )
        return None

    def _reasoning_refusal(self, body: dict[str, Any]) -> web.Response | None:
        """A reasoning model's refusal of the first parameter it does not take (see the module's
        docstring), as OpenAI words it; None: the request may go on."""
        model = body.get("model")
        if "*" not in self.reasoning_models and model not in self.reasoning_models:
            return None
        refusal: tuple[str, str, str] | None = None
        temperature = body.get("temperature")
        if temperature is not None and temperature != 1:
            refusal = (
                "temperature",
                "unsupported_value",
                f"Unsupported value: 'temperature' does not support {temperature} with this "
                "model. Only the default (1) value is supported.",
            )
        elif "top_p" in body:
            refusal = (
                "top_p",
                "unsupported_parameter",
                "Unsupported parameter: 'top_p' is not supported with this model.",
            )
        elif "max_tokens" in body:
            refusal = (
                "max_tokens",
                "unsupported_parameter",
                "Unsupported parameter: 'max_tokens' is not supported with this model. "
                "Use 'max_completion_tokens' instead.",
            )
        if refusal is None:
            return None
        param, code, message = refusal
        return web.json_response(
            _error_body(message, "invalid_request_error", param=param, code=code), status=400
        )

    def _new_id(self) -> str:
        return f"chatcmpl-fake{next(self._ids):06d}"

    async def _plain(
        self,
        request: web.Request,
        model: str,
        content: str,
        finish_reason: str,
        usage: dict[str, int],
        *,
        breaks: bool,
        refusal: str | None = None,
    ) -> web.StreamResponse:
        payload = {
            "id": self._new_id(),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "system_fingerprint": "fp_fake",
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": None if refusal else content,
                        "refusal": refusal,
                    },
                    "logprobs": None,
                    "finish_reason": finish_reason,
                }
            ],
            "usage": usage,
        }
        data = json.dumps(payload, ensure_ascii=False).encode()
        if not breaks:
            return web.Response(body=data, content_type="application/json")
        # Promise the full length, send half, then drop the connection.
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.content_length = len(data)
        await response.prepare(request)
        await response.write(data[: len(data) // 2])
        self._abort(request)
        return response

    async def _stream(
        self,
        request: web.Request,
        body: dict[str, Any],
        model: str,
        content: str,
        finish_reason: str,
        usage: dict[str, int],
        *,
        breaks: bool,
        trickle: float | None = None,
        refusal: str | None = None,
    ) -> web.StreamResponse:
        options = body.get("stream_options")
        include_usage = imitation.sends_usage(
            self.imitate,
            isinstance(options, dict) and bool(options.get("include_usage")),
            old=self.imitate_old,
        )
        completion_id, created = self._new_id(), int(time.time())

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            data: dict[str, Any] = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_fake",
                "choices": [
                    {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                ],
            }
            if include_usage:
                data["usage"] = None
            return data

        size = max(1, self.chunk_size)
        pieces = [content[i : i + size] for i in range(0, len(content), size)]
        events: list[dict[str, Any]] = [chunk({"role": "assistant", "content": ""})]
        if self.reasoning_text:
            deltas = imitation.reasoning_deltas(self.imitate, self.reasoning_text)
            events += [chunk(delta) for delta in deltas]
        events += [chunk({"content": piece}) for piece in pieces]
        for i in range(0, len(refusal or ""), size):
            events.append(chunk({"content": None, "refusal": (refusal or "")[i : i + size]}))
        events.append(chunk({}, finish_reason))
        if include_usage:
            final = chunk({})
            final["choices"] = []
            final["usage"] = usage
            events.append(final)
        for i, event in enumerate(events):
            imitation.decorate_chunk(self.imitate, event, first=i == 0)

        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        if trickle is not None:  # the whole stream, one byte at a time
            data = b"".join(
                f"data: {json.dumps(e, ensure_ascii=False)}\n\n".encode() for e in events
            )
            for byte in [*data, *b"data: [DONE]\n\n"]:
                await response.write(bytes([byte]))
                await asyncio.sleep(trickle)
            await response.write_eof()
            return response
        # break_stream: the role chunk plus about half the content chunks, then drop.
        cut = 1 + len(pieces) // 2 if breaks else len(events)
        half = 1 + len(pieces) // 2
        for i, event in enumerate(events[:cut]):
            if i and self.chunk_delay > 0:
                await asyncio.sleep(self.chunk_delay)
            hold = self.hold_midway
            while hold is not None and i == half and not hold.is_set():
                await asyncio.sleep(0.005)
            await response.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
        if breaks:
            self._abort(request)
            return response
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    async def _never_ending(
        self, request: web.Request, body: dict[str, Any], fault: Fault
    ) -> web.StreamResponse:
        """`keepalive`: SSE comments forever; `endless`: content chunks forever;
        `whitespace`: one word, then white space forever."""
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        requested = body.get("model")
        model = requested if isinstance(requested, str) else self.model
        completion_id, created = self._new_id(), int(time.time())
        json_asked = _response_format_type(body) in ("json_schema", "json_object")
        for n in itertools.count(1):
            if fault.kind == "keepalive":
                await response.write(b": keepalive\n\n")
                await asyncio.sleep(fault.delay)
                continue
            text = f"word{n} " if fault.kind == "endless" or n == 1 else " \n" * 512
            if n == 1 and json_asked:  # white space comes after the text, outside the string
                text = '{"text": "' + text + ('"' if fault.kind == "whitespace" else "")
            event = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "delta": {"content": text},
                        "logprobs": None,
                        "finish_reason": None,
                    }
                ],
            }
            await response.write(f"data: {json.dumps(event)}\n\n".encode())
            await asyncio.sleep(fault.delay)
        return response  # pragma: no cover (never reached)

    @staticmethod
    def _abort(request: web.Request) -> None:
        """Drop the connection: flush what was written, then close without ending the body."""
        transport = request.transport
        if transport is not None:
            transport.close()


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
