"""The answers of the fake OpenAI server (`tests/fake_openai_server.py`): a plain JSON answer, an
SSE stream (cut short for `break_stream`, one byte at a time for `trickle`, held midway for a
test), and the streams that never end (`keepalive`, `endless`, `whitespace`)."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import Any

from aiohttp import web

from tests import server_imitations as imitation
from tests.fake_openai_wire import (
    INVALID_JSON_CONTENT,
    REFUSAL_TEXT,
    Fault,
    count_words,
    response_format_type,
    text_of,
)


async def plain(
    server: Any,
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
        "id": server.new_id(),
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
    abort(request)
    return response


async def stream(
    server: Any,
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
        server.imitate,
        isinstance(options, dict) and bool(options.get("include_usage")),
        old=server.imitate_old,
    )
    completion_id, created = server.new_id(), int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }
        if include_usage:
            data["usage"] = None
        return data

    size = max(1, server.chunk_size)
    pieces = [content[i : i + size] for i in range(0, len(content), size)]
    events: list[dict[str, Any]] = [chunk({"role": "assistant", "content": ""})]
    if server.reasoning_text:
        deltas = imitation.reasoning_deltas(server.imitate, server.reasoning_text)
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
        imitation.decorate_chunk(server.imitate, event, first=i == 0)

    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    if trickle is not None:  # the whole stream, one byte at a time
        data = b"".join(f"data: {json.dumps(e, ensure_ascii=False)}\n\n".encode() for e in events)
        for byte in [*data, *b"data: [DONE]\n\n"]:
            await response.write(bytes([byte]))
            await asyncio.sleep(trickle)
        await response.write_eof()
        return response
    # break_stream: the role chunk plus about half the content chunks, then drop.
    cut = 1 + len(pieces) // 2 if breaks else len(events)
    half = 1 + len(pieces) // 2
    for i, event in enumerate(events[:cut]):
        if i and server.chunk_delay > 0:
            await asyncio.sleep(server.chunk_delay)
        hold = server.hold_midway
        while hold is not None and i == half and not hold.is_set():
            await asyncio.sleep(0.005)
        await response.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
    if breaks:
        abort(request)
        return response
    await response.write(b"data: [DONE]\n\n")
    await response.write_eof()
    return response


async def never_ending(
    server: Any, request: web.Request, body: dict[str, Any], fault: Fault
) -> web.StreamResponse:
    """`keepalive`: SSE comments forever; `endless`: content chunks forever;
    `whitespace`: one word, then white space forever."""
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    requested = body.get("model")
    model = requested if isinstance(requested, str) else server.model
    completion_id, created = server.new_id(), int(time.time())
    json_asked = response_format_type(body) in ("json_schema", "json_object")
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


def abort(request: web.Request) -> None:
    """Drop the connection: flush what was written, then close without ending the body."""
    transport = request.transport
    if transport is not None:
        transport.close()


async def send(
    server: Any, request: web.Request, body: dict[str, Any], answer: Any, fault: Fault | None
) -> web.StreamResponse:
    """The responder's (or the judge's) answer as the server sends it: shaped by the imitated
    server and the fault, with its usage and model, plain or streamed."""
    deployment = request.match_info.get("deployment")
    content = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
    if not imitation.sees_response_format(
        server.imitate, response_format_type(body), old=server.imitate_old
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
        count_words(text_of(m.get("content")))
        for m in body.get("messages") or []
        if isinstance(m, dict)
    )
    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": count_words(content),
        "total_tokens": prompt_tokens + count_words(content),
    }
    requested = body.get("model")
    model = requested if isinstance(requested, str) else server.model
    model += server.model_suffix
    if deployment is not None:
        model = (server.azure_deployments or {}).get(deployment, deployment)
    if server.imitate == "llamacpp":
        model = server.served_model()
    if body.get("stream") and not (fault is not None and fault.kind == "no_stream"):
        return await stream(
            server,
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
    return await plain(
        server, request, model, content, finish_reason, usage, breaks=breaks, refusal=refusal
    )


async def models_listing(server: Any, request: web.Request) -> web.StreamResponse:
    """`GET /v1/models`: the one model, at once or (`models_trickle`) a byte at a time."""
    model = {"id": server.model, "object": "model", "owned_by": "fake"}
    listing = {"object": "list", "data": [model]}
    if server.models_trickle is not None:
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(request)
        for byte in json.dumps(listing).encode().ljust(4096):
            await response.write(bytes([byte]))
            await asyncio.sleep(server.models_trickle)
        await response.write_eof()
        return response
    return web.json_response(listing)
