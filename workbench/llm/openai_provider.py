"""The OpenAI-compatible provider: `openai.AsyncOpenAI` against any base URL.

Structured output follows the ladder of `structured.py`: a strict JSON schema where the server
accepts one, else `json_object`, else plain text. Only a refusal of the response format steps
down (and is remembered for the rest of the process, so the other styles of a run do not ask
again); any other refusal is the rendition's error at once, in the server's words. An answer
that fails validation is sent back with the error, a bounded number of times. The SDK's own
retries handle 429 (honouring Retry-After), 5xx and timeouts; a stream that breaks off is
retried here. The rendition's deadline (`workbench.llm.limits`) starts at the first request and
bounds all of that.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from workbench.core.translate.models import Usage
from workbench.core.translate.prompts import OutputMode
from workbench.io.learned_params import record_learned
from workbench.io.model_families import rules_for
from workbench.llm.errors import (
    LLMError,
    register_secret,
    split_query,
    url_credentials,
    url_without_credentials,
)
from workbench.llm.http_client import http_client
from workbench.llm.limits import request_starting
from workbench.llm.openai_errors import refuses_format_error as _refuses_format
from workbench.llm.openai_errors import server_message, to_llm_error, unfinished_answer
from workbench.llm.parameters import ParameterPolicy
from workbench.llm.provider import MessageBuilder, StructuredResult
from workbench.llm.structured import (
    AnswerStream,
    ModeFailed,
    ModeLadder,
    response_format,
    validate_answer,
)

M = TypeVar("M", bound=BaseModel)

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


class OpenAIProvider:
    name = "openai"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None,
        model: str | None,
        timeout: float = 120.0,
        connect_timeout: float = 10.0,
        max_retries: int = 2,
        validation_retries: int = 2,
        stream_retries: int = 1,
        max_output_tokens: int | None = None,
        seed: int | None = None,
        azure_endpoint: str | None = None,
        api_version: str | None = None,
    ) -> None:
        """With `azure_endpoint`: Azure OpenAI through the SDK's Azure client; `model` is the
        deployment, `api_key` goes in the `api-key` header."""
        import openai

        register_secret(api_key)
        for url in (base_url, azure_endpoint):
            if url:
                for secret in url_credentials(url):
                    register_secret(secret)
        # a query in the URL (a gateway's `?api_key=`) is sent as the client's default query
        base_url, query = split_query(base_url) if base_url else (base_url, {})
        if azure_endpoint:
            azure_endpoint, query = split_query(azure_endpoint)
        self._client: openai.AsyncOpenAI
        if azure_endpoint:
            self.name = "azure"
            self._client = openai.AsyncAzureOpenAI(
                api_key=api_key,
                azure_endpoint=azure_endpoint,
                api_version=api_version,
                default_query=query or None,
                timeout=openai.Timeout(timeout, connect=connect_timeout),
                max_retries=max_retries,
                http_client=http_client(timeout, connect_timeout),
            )
        else:
            self._client = openai.AsyncOpenAI(
                api_key=api_key,
                base_url=base_url,
                default_query=query or None,
                timeout=openai.Timeout(timeout, connect=connect_timeout),
                max_retries=max_retries,
                http_client=http_client(timeout, connect_timeout),
            )
        self._model = model
        self._validation_retries = validation_retries
        self._stream_retries = stream_retries
        self._max_output_tokens = max_output_tokens
        self._seed = seed
        self._ladder = ModeLadder()
        self._prepare_lock = asyncio.Lock()
        self._params: ParameterPolicy | None = None

    def for_model(self, model: str) -> OpenAIProvider:
        """The same endpoint asked for another model: one client (one connection pool, one
        TLS set-up) shared, the model's own output-mode ladder and parameter policy."""
        other = copy.copy(self)
        other._model = model
        other._ladder = ModeLadder()
        other._prepare_lock = asyncio.Lock()
        other._params = None
        return other

    @property
    def base_url(self) -> str | None:
        """The endpoint as shown and stored: any user:password@ (and query) removed."""
        return url_without_credentials(str(self._client.base_url))

    @property
    def model(self) -> str:
        return self._model or DEFAULT_OPENAI_MODEL

    def cache_identity(self) -> dict[str, Any]:
        identity: dict[str, Any] = {
            "provider": self.name,
            "base_url": self.base_url,
            "model": self.model,
        }
        if self._seed is not None:
            identity["seed"] = self._seed
        return identity

    async def prepare(self) -> None:
        """With no model configured, a non-OpenAI server is asked which models it serves."""
        async with self._prepare_lock:
            if self._model is None:
                await self._pick_model()
            if self._params is None:
                self._params = ParameterPolicy(
                    rules_for(self.model, self._endpoint_for_rules()),
                    max_output_tokens=self._max_output_tokens,
                    seed=self._seed,
                )

    def _endpoint_for_rules(self) -> str | None:
        return self.base_url

    async def _pick_model(self) -> None:
        if "api.openai.com" in (self.base_url or ""):
            self._model = DEFAULT_OPENAI_MODEL
            return
        try:
            request_starting()
            page = await self._client.models.list()
            ids = [m.id for m in page.data]
        except Exception as exc:
            raise to_llm_error(exc) from None
        if not ids:
            raise LLMError("not_found", "the server lists no models; set --model")
        self._model = ids[0]

    async def aclose(self) -> None:
        await self._client.close()

    async def complete(
        self,
        build: MessageBuilder,
        output_model: type[M],
        *,
        temperature: float | None,
        on_delta: Callable[[str], None],
        on_reset: Callable[[], None],
        text_field: str = "text",
        sample: int = 1,
    ) -> StructuredResult[M]:
        await self.prepare()
        sampling = (temperature, sample)
        dropped: list[str] = []

        def attempt(mode: OutputMode) -> Awaitable[StructuredResult[M]]:
            return self._complete_in_mode(
                build, output_model, mode, sampling, dropped, on_delta, on_reset, text_field
            )

        result = await self._ladder.run(attempt)
        result.dropped_parameters = tuple(dropped)
        return result

    async def _complete_in_mode(
        self,
        build: MessageBuilder,
        output_model: type[M],
        mode: OutputMode,
        sampling: tuple[float | None, int],
        dropped: list[str],
        on_delta: Callable[[str], None],
        on_reset: Callable[[], None],
        text_field: str,
    ) -> StructuredResult[M]:
        messages: list[dict[str, str]] = build(mode)
        usage = Usage()
        shown_any = False
        attempts_left = self._validation_retries
        stream_retries_left = self._stream_retries
        while True:
            if shown_any:
                on_reset()
            answer = AnswerStream(mode, text_field, on_delta, on_reset)
            try:
                call_usage, finish, model, refusal = await self._stream_once(
                    messages, mode, output_model, sampling, dropped, answer
                )
            except LLMError as exc:
                if exc.kind == "stream_interrupted" and stream_retries_left > 0:
                    stream_retries_left -= 1
                    shown_any = shown_any or bool(answer.shown)
                    continue
                exc.partial_text = answer.shown  # the parsed text, never the raw JSON
                raise
            shown_any = shown_any or bool(answer.shown)
            usage = usage + call_usage
            unfinished = unfinished_answer(finish, refusal, answer.shown)
            if unfinished is not None:  # never shown as complete, nor asked again
                raise unfinished
            content = answer.content
            try:
                output = validate_answer(content, mode, output_model, text_field)
                return StructuredResult(output, usage, model, mode, content)
            except ValidationError as exc:
                if attempts_left <= 0:
                    raise LLMError(
                        "invalid_output",
                        f"the model's answer was not valid JSON for the expected fields "
                        f"after {self._validation_retries + 1} tries: {_brief(exc)}",
                        partial_text=answer.shown,
                    ) from None
                attempts_left -= 1
                messages = [
                    *messages,
                    {"role": "assistant", "content": content},
                    {
                        "role": "user",
                        "content": "Your answer could not be used: "
                        f"{_brief(exc)}. Reply again with only the JSON object, "
                        "with the same fields.",
                    },
                ]

    async def _stream_once(
        self,
        messages: list[dict[str, str]],
        mode: OutputMode,
        output_model: type[BaseModel],
        sampling: tuple[float | None, int],
        dropped: list[str],
        answer: AnswerStream,
    ) -> tuple[Usage, str | None, str, str]:
        """One streamed request: its usage, finish reason, model and refusal (if any)."""
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        fmt = response_format(mode, output_model)
        if fmt is not None:
            kwargs["response_format"] = fmt
        stream = await self._open(kwargs, mode, sampling, dropped)
        from workbench.llm.openai_errors import require_event_stream

        await require_event_stream(stream)

        usage = Usage()
        finish: str | None = None
        model = self.model
        refusal: list[str] = []
        try:
            async for chunk in stream:
                if chunk.model:
                    model = chunk.model
                if chunk.usage is not None:
                    usage = Usage(
                        prompt_tokens=chunk.usage.prompt_tokens,
                        completion_tokens=chunk.usage.completion_tokens,
                        total_tokens=chunk.usage.total_tokens,
                    )
                for choice in chunk.choices:
                    if choice.delta is not None and choice.delta.content:
                        answer.feed(choice.delta.content)
                    if choice.delta is not None and choice.delta.refusal:
                        refusal.append(choice.delta.refusal)
                    if choice.finish_reason is not None:
                        finish = choice.finish_reason
        except Exception as exc:
            error = to_llm_error(exc)
            if error.kind in ("connection", "server_error", "timeout"):
                error = LLMError(
                    "stream_interrupted",
                    f"the answer broke off part way ({error.message})",
                    partial_text=answer.content,
                )
            raise error from None
        finally:
            await stream.close()
        if finish is None:
            raise LLMError(
                "stream_interrupted",
                "the answer broke off part way (the stream ended without finishing)",
                partial_text=answer.content,
            )
        return usage, finish, model, "".join(refusal)

    async def _open(
        self,
        kwargs: dict[str, Any],
        mode: OutputMode,
        sampling: tuple[float | None, int],
        dropped: list[str],
    ) -> Any:
        """Open the streamed request; a parameter the server refuses is dropped and the request
        sent again (see `workbench.llm.parameters`)."""
        params = self._params
        assert params is not None, "prepare() makes the parameter policy"
        while True:
            options, not_sent = params.options(*sampling)
            try:
                request_starting()
                stream = await self._client.chat.completions.create(**kwargs, **options)
            except Exception as exc:
                if _learn(params, options, exc):
                    await self._keep_learned()
                    continue
                error = to_llm_error(exc)
                if mode != "text" and _refuses_format(exc):
                    raise ModeFailed(error) from None
                raise error from None
            dropped[:] = not_sent
            if params.answered(options):
                await self._keep_learned()
            return stream

    async def _keep_learned(self) -> None:
        params = self._params
        if params is None:
            return
        await asyncio.to_thread(
            record_learned, self.base_url, self.model, set(params.accepted), dict(params.rejected)
        )


def _learn(params: ParameterPolicy, sent: dict[str, Any], exc: BaseException) -> bool:
    import openai

    if not isinstance(exc, openai.BadRequestError):
        return False
    param, code = getattr(exc, "param", None), getattr(exc, "code", None)
    return params.learn(
        sent,
        code if isinstance(code, str) else None,
        param if isinstance(param, str) else None,
        server_message(exc),
    )


def _brief(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]
