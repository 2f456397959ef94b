"""The fake OpenAI server, exercised with the real openai client over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest

from tests import fake_openai_fixtures
from tests.fake_openai_server import (
    INVALID_JSON_CONTENT,
    REFUSAL_TEXT,
    FakeOpenAIServer,
    Fault,
    FaultKind,
)

# The fixture, as tests/conftest.py will offer it (an assignment, so it is not an unused import).
fake_openai = fake_openai_fixtures.fake_openai

MESSAGES: list[Any] = [
    {"role": "system", "content": "Translate into English."},
    {"role": "user", "content": "Bonjour tout le monde, comment allez-vous aujourd'hui ?"},
]
SCHEMA_FORMAT: Any = {
    "type": "json_schema",
    "json_schema": {
        "name": "rendition",
        "schema": {"type": "object", "properties": {"text": {"type": "string"}}},
    },
}


# Loopback only: never let a proxy from the environment see these requests.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _get_json(url: str) -> Any:
    with _OPENER.open(url, timeout=5) as r:
        return json.load(r)


def _sync_client(server: FakeOpenAIServer, **kw: Any) -> openai.OpenAI:
    kw.setdefault("max_retries", 0)
    return openai.OpenAI(
        base_url=server.base_url,
        api_key="test-key",
        http_client=openai.DefaultHttpxClient(trust_env=False),
        **kw,
    )


@pytest.fixture
async def client(fake_openai: FakeOpenAIServer) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai.AsyncOpenAI(
        base_url=fake_openai.base_url,
        api_key="test-key",
        max_retries=0,
        http_client=openai.DefaultAsyncHttpxClient(trust_env=False),
    ) as c:
        yield c


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(responder=lambda body: "one two three four five six seven") as s:
        yield s


async def test_plain_completion_default_responder(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    assert fake_openai.base_url.startswith("http://127.0.0.1:")
    assert fake_openai.base_url.endswith("/v1")
    resp = await client.chat.completions.create(model="my-model", messages=MESSAGES)
    assert resp.object == "chat.completion"
    assert resp.model == "my-model"
    assert resp.choices[0].message.content == MESSAGES[1]["content"]
    assert resp.choices[0].finish_reason == "stop"
    assert resp.usage is not None
    assert resp.usage.total_tokens == resp.usage.prompt_tokens + resp.usage.completion_tokens > 0

    [req] = fake_openai.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["body"]["messages"] == MESSAGES
    assert req["headers"]["Authorization"] == "Bearer test-key"
    assert req["headers"]["authorization"] == "Bearer test-key"
    assert req["fault"] is None
    assert req["finished_at"] >= req["started_at"]


async def test_default_responder_answers_json_when_asked(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    long_text = "x" * 150 + "y" * 150
    formats: list[Any] = [SCHEMA_FORMAT, {"type": "json_object"}]
    for fmt in formats:
        resp = await client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": long_text}], response_format=fmt
        )
        content = resp.choices[0].message.content
        assert content is not None
        assert json.loads(content) == {
            "text": "<EN> " + long_text[-200:],
            "notes": [],
            "footnotes": [],
        }


async def test_dict_responder_is_json_encoded_without_ascii_escapes(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.responder = lambda body: {"text": "Grüße, 世界"}
    resp = await client.chat.completions.create(model="m", messages=MESSAGES)
    assert resp.choices[0].message.content == '{"text": "Grüße, 世界"}'


async def test_user_content_given_as_parts(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    messages: Any = [{"role": "user", "content": [{"type": "text", "text": "Hallo"}]}]
    resp = await client.chat.completions.create(model="m", messages=messages)
    assert resp.choices[0].message.content == "Hallo"


async def test_streaming_reassembles_and_reports_usage(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    answer = {"text": "A rather long rendition, streamed in several small pieces.", "notes": []}
    fake_openai.responder = lambda body: answer
    stream = await client.chat.completions.create(
        model="m", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    chunks = [chunk async for chunk in stream]
    content_chunks = [c for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(content_chunks) > 3
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == json.dumps(answer, ensure_ascii=False)
    finish = [
        c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason
    ]
    assert finish == ["stop"]
    assert chunks[-1].choices == []
    assert chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens > 0


async def test_streaming_without_include_usage_has_no_usage_chunk(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
    chunks = [chunk async for chunk in stream]
    assert all(c.choices for c in chunks)
    assert all(c.usage is None for c in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"


@pytest.mark.parametrize(
    ("attr", "fmt"),
    [("supports_json_schema", SCHEMA_FORMAT), ("supports_json_object", {"type": "json_object"})],
)
async def test_unsupported_response_format_is_refused(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer, attr: str, fmt: Any
) -> None:
    setattr(fake_openai, attr, False)
    with pytest.raises(openai.BadRequestError) as info:
        await client.chat.completions.create(model="m", messages=MESSAGES, response_format=fmt)
    assert info.value.status_code == 400
    assert info.value.param == "response_format"
    assert f"{fmt['type']} is not supported" in info.value.message
    # Plain requests still work.
    resp = await client.chat.completions.create(model="m", messages=MESSAGES)
    assert resp.choices[0].message.content == MESSAGES[1]["content"]


async def test_reject_json_fault_applies_only_to_that_format_and_times(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fault = fake_openai.add_fault("reject_json_schema", times=2)
    # A plain request and a json_object request do not use the fault up.
    await client.chat.completions.create(model="m", messages=MESSAGES)
    await client.chat.completions.create(
        model="m", messages=MESSAGES, response_format={"type": "json_object"}
    )
    assert fault.used == 0
    for _ in range(2):
        with pytest.raises(openai.BadRequestError):
            await client.chat.completions.create(
                model="m", messages=MESSAGES, response_format=SCHEMA_FORMAT
            )
    resp = await client.chat.completions.create(
        model="m", messages=MESSAGES, response_format=SCHEMA_FORMAT
    )
    assert resp.choices[0].message.content is not None
    assert fault.used_up

    fake_openai.add_fault("reject_json_object")
    with pytest.raises(openai.BadRequestError):
        await client.chat.completions.create(
            model="m", messages=MESSAGES, response_format={"type": "json_object"}
        )


async def test_429_with_retry_after_then_success(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.add_fault("429", retry_after=0.1)
    async with openai.AsyncOpenAI(
        base_url=fake_openai.base_url,
        api_key="test-key",
        max_retries=1,
        http_client=openai.DefaultAsyncHttpxClient(trust_env=False),
    ) as c:
        resp = await c.chat.completions.create(model="m", messages=MESSAGES)
    assert resp.choices[0].message.content == MESSAGES[1]["content"]
    assert [r["fault"] for r in fake_openai.requests] == ["429", None]
    # The SDK waited (at least) the Retry-After before retrying.
    first, second = fake_openai.requests
    assert second["started_at"] - first["finished_at"] >= 0.09


async def test_429_without_retries_raises_rate_limit_error(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.add_fault("429", retry_after=7)
    with pytest.raises(openai.RateLimitError) as info:
        await client.chat.completions.create(model="m", messages=MESSAGES)
    assert info.value.response.headers["retry-after"] == "7"
    assert info.value.code == "rate_limit_exceeded"


def test_500_then_success_sync_client(server: FakeOpenAIServer) -> None:
    server.add_fault("500")
    with _sync_client(server, max_retries=1) as c:
        resp = c.chat.completions.create(model="m", messages=MESSAGES)
    assert resp.choices[0].message.content == "one two three four five six seven"
    assert [r["fault"] for r in server.requests] == ["500", None]


async def test_500_without_retries(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.add_fault("500")
    with pytest.raises(openai.InternalServerError):
        await client.chat.completions.create(model="m", messages=MESSAGES)


async def test_timeout(client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer) -> None:
    fake_openai.add_fault("timeout", delay=3.0)
    with pytest.raises(openai.APITimeoutError):
        await client.chat.completions.create(model="m", messages=MESSAGES, timeout=0.5)
    # The fault is used up: the next request is answered at once.
    resp = await client.chat.completions.create(model="m", messages=MESSAGES, timeout=5)
    assert resp.choices[0].message.content == MESSAGES[1]["content"]


async def test_break_stream_streaming_raises_connection_error(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.responder = lambda body: "word " * 40
    fake_openai.add_fault("break_stream")
    stream = await client.chat.completions.create(
        model="m", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    received: list[str] = []
    with pytest.raises(openai.APIConnectionError) as info:
        async for chunk in stream:
            if chunk.choices:
                received.append(chunk.choices[0].delta.content or "")
    assert isinstance(info.value.__cause__, httpx2.RemoteProtocolError)
    text = "".join(received)
    assert 0 < len(text) < len("word " * 40)
    assert ("word " * 40).startswith(text)
    assert fake_openai.requests[0]["finished_at"] is None  # aborted, never finished
    # The server is fine afterwards.
    resp = await client.chat.completions.create(model="m", messages=MESSAGES)
    assert resp.choices[0].message.content == "word " * 40


async def test_break_stream_non_streaming(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.add_fault("break_stream")
    with pytest.raises(openai.APIConnectionError) as info:
        await client.chat.completions.create(model="m", messages=MESSAGES)
    assert isinstance(info.value.__cause__, httpx2.RemoteProtocolError)


def test_break_stream_non_streaming_is_retried_by_the_sdk(server: FakeOpenAIServer) -> None:
    server.add_fault("break_stream")
    with _sync_client(server, max_retries=1) as c:
        resp = c.chat.completions.create(model="m", messages=MESSAGES)
    assert resp.choices[0].message.content == "one two three four five six seven"
    assert [r["fault"] for r in server.requests] == ["break_stream", None]


async def test_invalid_json(client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer) -> None:
    fake_openai.add_fault("invalid_json")
    resp = await client.chat.completions.create(
        model="m", messages=MESSAGES, response_format=SCHEMA_FORMAT
    )
    content = resp.choices[0].message.content
    assert content == INVALID_JSON_CONTENT
    with pytest.raises(json.JSONDecodeError):
        json.loads(content)
    # Streamed too.
    fake_openai.add_fault("invalid_json")
    stream = await client.chat.completions.create(
        model="m", messages=MESSAGES, response_format=SCHEMA_FORMAT, stream=True
    )
    text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
    assert text == INVALID_JSON_CONTENT


@pytest.mark.parametrize("kind", ["length", "content_filter"])
async def test_length_and_content_filter(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer, kind: FaultKind
) -> None:
    fake_openai.responder = lambda body: "0123456789" * 4
    fake_openai.add_fault(kind, times=2)
    resp = await client.chat.completions.create(model="m", messages=MESSAGES)
    assert resp.choices[0].message.content == "0123456789" * 2
    assert resp.choices[0].finish_reason == kind
    stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
    chunks = [c async for c in stream]
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "0123456789" * 2
    assert chunks[-1].choices[0].finish_reason == kind


async def test_refusal(client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer) -> None:
    fake_openai.add_fault("refusal", times=2)
    resp = await client.chat.completions.create(model="m", messages=MESSAGES)
    assert resp.choices[0].message.content is None
    assert resp.choices[0].message.refusal == REFUSAL_TEXT
    stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
    chunks = [c async for c in stream]
    assert not "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "".join(c.choices[0].delta.refusal or "" for c in chunks) == REFUSAL_TEXT


async def test_context_length(client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer) -> None:
    fake_openai.add_fault("context_length")
    with pytest.raises(openai.BadRequestError) as info:
        await client.chat.completions.create(model="m", messages=MESSAGES)
    assert info.value.code == "context_length_exceeded"
    assert "maximum context length is 4096 tokens" in info.value.message


async def test_fault_match_predicate_and_order(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.faults.append(Fault("500", match=lambda body: body["model"] == "bad"))
    fake_openai.faults.append(Fault("context_length"))
    with pytest.raises(openai.BadRequestError):  # "good" skips the 500, takes the next fault
        await client.chat.completions.create(model="good", messages=MESSAGES)
    with pytest.raises(openai.InternalServerError):
        await client.chat.completions.create(model="bad", messages=MESSAGES)
    resp = await client.chat.completions.create(model="bad", messages=MESSAGES)
    assert resp.model == "bad"
    assert [r["fault"] for r in fake_openai.requests] == ["context_length", "500", None]


async def test_responder_error_is_reported_not_retried(fake_openai: FakeOpenAIServer) -> None:
    def broken(body: dict[str, Any]) -> str:
        raise ValueError("oops")

    fake_openai.responder = broken
    async with openai.AsyncOpenAI(
        base_url=fake_openai.base_url,
        api_key="test-key",
        max_retries=2,
        http_client=openai.DefaultAsyncHttpxClient(trust_env=False),
    ) as c:
        with pytest.raises(openai.InternalServerError, match="oops"):
            await c.chat.completions.create(model="m", messages=MESSAGES)
    [req] = fake_openai.requests
    assert isinstance(req["responder_error"], ValueError)


async def test_concurrent_requests_overlap(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.latency = 0.5
    fake_openai.chunk_delay = 0.01

    async def one(i: int) -> str:
        messages: Any = [{"role": "user", "content": f"passage {i}"}]
        if i % 2:
            stream = await client.chat.completions.create(model="m", messages=messages, stream=True)
            return "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
        resp = await client.chat.completions.create(model="m", messages=messages)
        return resp.choices[0].message.content or ""

    results = await asyncio.gather(*(one(i) for i in range(4)))
    assert results == [f"passage {i}" for i in range(4)]
    assert len(fake_openai.requests) == 4
    # the server notes a request's end after its last byte went out, which the client may
    # have read first: wait for the notes, not for a time
    for _ in range(500):
        if all(r.get("finished_at") is not None for r in fake_openai.requests):
            break
        await asyncio.sleep(0.01)
    starts = [r["started_at"] for r in fake_openai.requests]
    ends = [r["finished_at"] for r in fake_openai.requests]
    # Every request arrived before any finished: all four intervals overlap.
    assert max(starts) < min(ends)


def test_models_endpoint(server: FakeOpenAIServer) -> None:
    with _sync_client(server) as c:
        models = c.models.list()
    assert [m.id for m in models.data] == ["fake-model"]
    assert server.requests == []
    assert server.other_requests[0]["path"] == "/v1/models"


def test_start_stop_and_context_manager() -> None:
    server = FakeOpenAIServer(model="other")
    server.start()
    try:
        assert _get_json(server.base_url + "/models") == {
            "object": "list",
            "data": [{"id": "other", "object": "model", "owned_by": "fake"}],
        }
    finally:
        server.stop()
    server.stop()  # idempotent
    with pytest.raises(OSError):
        _get_json(server.base_url + "/models")


def test_stop_does_not_wait_for_stalled_requests() -> None:
    server = FakeOpenAIServer().start()
    server.add_fault("timeout", delay=30)
    client = _sync_client(server)
    errors: list[BaseException] = []

    def call() -> None:
        try:
            client.chat.completions.create(model="m", messages=MESSAGES, timeout=20)
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=call)
    t.start()
    while not server.requests:
        t.join(0.01)
    server.stop()  # must not wait the 30 s stall out
    t.join(10)
    assert not t.is_alive()
    assert errors and isinstance(errors[0], openai.APIConnectionError)
    client.close()


def test_standalone_script_prints_base_url_and_stops_on_ctrl_c() -> None:
    script = Path(__file__).with_name("fake_openai_server.py")
    with subprocess.Popen(
        [sys.executable, str(script), "--port", "0", "--latency", "0"],
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            base_url = proc.stdout.readline().strip()
            assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
            assert _get_json(base_url + "/models")["data"][0]["id"] == "fake-model"
            proc.send_signal(signal.SIGINT)
            assert proc.wait(10) == 0
        finally:
            if proc.poll() is None:
                proc.kill()


def test_standalone_script_runs_beside_another_packages_tests(tmp_path: Path) -> None:
    """Some installed package ships a top-level `tests` package (CI's venv has one): the script
    must still find its own helpers."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text("", encoding="utf-8")
    script = Path(__file__).with_name("fake_openai_server.py")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    with subprocess.Popen(
        [sys.executable, str(script), "--port", "0", "--latency", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    ) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip().startswith("http://127.0.0.1:")
            proc.send_signal(signal.SIGINT)
            assert proc.wait(10) == 0
        finally:
            if proc.poll() is None:
                proc.kill()


# ---------------------------------------------------------------- servers that never finish


async def _read_for(stream: Any, seconds: float) -> str:
    """What a stream delivers in `seconds` (it never ends by itself)."""
    received: list[str] = []

    async def read() -> None:
        async for chunk in stream:
            if chunk.choices:
                received.append(chunk.choices[0].delta.content or "")

    with pytest.raises(TimeoutError):
        await asyncio.wait_for(read(), seconds)
    return "".join(received)


async def test_hang_never_answers(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.add_fault("hang")
    with pytest.raises(openai.APITimeoutError):
        await client.chat.completions.create(model="m", messages=MESSAGES, timeout=0.5)
    await asyncio.sleep(0.2)
    assert fake_openai.requests[0]["finished_at"] is None
    assert fake_openai.requests[0]["closed_at"] is not None  # it saw the client go away


async def test_keepalive_sends_only_comments(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.add_fault("keepalive", delay=0.1)
    # A read timeout below the keepalive interval's multiple never fires: bytes keep coming.
    stream = await client.chat.completions.create(
        model="m", messages=MESSAGES, stream=True, timeout=0.5
    )
    assert await _read_for(stream, 1.2) == ""


async def test_trickle_sends_one_byte_at_a_time(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    # The stream is 737 bytes: one every 2 ms takes 1.5 s at least, three times the read
    # timeout below, which never fires since bytes keep coming.
    fake_openai.add_fault("trickle", delay=0.002)
    fake_openai.responder = lambda body: "hello"
    stream = await client.chat.completions.create(
        model="m", messages=MESSAGES, stream=True, timeout=0.5
    )
    text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
    assert text == "hello"  # slowly, but whole


@pytest.mark.parametrize(
    ("kind", "start"),
    [("endless", '{"text": "word1 word2 '), ("whitespace", '{"text": "word1 " \n \n')],
)
async def test_endless_stream_never_finishes(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer, kind: FaultKind, start: str
) -> None:
    fake_openai.add_fault(kind, delay=0.01)
    stream = await client.chat.completions.create(
        model="m", messages=MESSAGES, response_format=SCHEMA_FORMAT, stream=True
    )
    text = await _read_for(stream, 0.5)
    assert text.startswith(start)


async def test_auth_echo_quotes_the_authorization_header(
    client: openai.AsyncOpenAI, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.add_fault("auth_echo")
    with pytest.raises(openai.AuthenticationError) as info:
        await client.chat.completions.create(model="m", messages=MESSAGES)
    assert "Bearer test-key" in str(info.value)
