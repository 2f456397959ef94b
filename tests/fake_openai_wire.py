"""What the fake OpenAI server (`tests/fake_openai_server.py`) reads and writes: its faults, the
text of a request's messages, the default responder, OpenAI's strict-schema rule and the shape
of an error body.

Faults
    ``faults`` is a list of :class:`Fault`; each chat request uses the first fault whose ``match``
    accepts the body and which is not used up (``fault.used < fault.times``), and counts one use.
    ``reject_json_schema`` / ``reject_json_object`` only match requests whose ``response_format``
    has that type (a plain request does not use them up).

What the openai client (3.x, on httpx2) observes, checked by tests/test_fake_openai_server.py
    * ``429`` -> the SDK retries after ``Retry-After`` seconds (for ``Retry-After: 0`` or no
      header it uses its own ~0.5 s backoff; over 120 s it does not retry at all); without
      retries left it raises ``openai.RateLimitError``.
    * ``500`` -> retried after ~0.4-0.5 s backoff, else ``openai.InternalServerError``; its
      message is the fault's ``message`` when one is given.
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
    * ``no_stream`` -> a streaming request answered as a plain one: one JSON body, as a server
      or proxy that ignores ``stream: true`` does.
    * ``gzip_bomb`` -> a 500 (``x-should-retry: false``) whose gzip body is about 128 KB and
      inflates to ``GZIP_BOMB_BYTES``: an error object, then white space (valid JSON whatever
      length of it is read). The SDK reads an error's whole body.
    * ``auth_echo`` -> a 401 whose error message quotes the request's Authorization header back
      (real servers do this); the SDK raises ``openai.AuthenticationError``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

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
    "no_stream",
    "gzip_bomb",
]

Responder = Callable[[dict[str, Any]], "str | dict[str, Any]"]

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
    message: str | None = None
    """For ``500``: the error's message instead of the usual one (a proxy's HTML page, say)."""
    used: int = 0

    @property
    def used_up(self) -> bool:
        return self.used >= self.times

    def applies_to(self, body: dict[str, Any]) -> bool:
        if self.used_up:
            return False
        if self.kind == "reject_json_schema" and response_format_type(body) != "json_schema":
            return False
        if self.kind == "reject_json_object" and response_format_type(body) != "json_object":
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


def response_format_type(body: dict[str, Any]) -> str | None:
    fmt = body.get("response_format")
    if isinstance(fmt, dict):
        kind = fmt.get("type")
        return kind if isinstance(kind, str) else None
    return None


def strict_problem(body: dict[str, Any]) -> str | None:
    json_schema = body["response_format"].get("json_schema")
    if not isinstance(json_schema, dict) or json_schema.get("strict") is not True:
        return None
    return strict_schema_problem(json_schema.get("schema"))


def text_of(content: Any) -> str:
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
            return text_of(message.get("content"))
    return ""


def default_responder(body: dict[str, Any]) -> str | dict[str, Any]:
    """Echo the last user message: as ``{"text": "<EN> ...", ...}`` when JSON is asked for."""
    text = last_user_text(body)
    if response_format_type(body) in ("json_schema", "json_object"):
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


def count_words(text: str) -> int:
    return len(text.split())


def error_body(
    message: str, type_: str, *, param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}
