"""The openai SDK's exceptions as the workbench's `LLMError`s, in the server's own words
(cleaned and redacted), whether a refusal was about the response format, and an answer that
is not the stream the request asked for."""

from __future__ import annotations

from typing import Any

from workbench.llm.errors import LLMError, clean_message
from workbench.llm.http_client import RedirectRefused
from workbench.llm.structured import refuses_format


def to_llm_error(exc: BaseException) -> LLMError:
    import openai

    if isinstance(exc, LLMError):
        return exc
    refused = next((e for e in (exc, exc.__cause__) if isinstance(e, RedirectRefused)), None)
    if refused is not None:
        return LLMError("connection", str(refused))
    if isinstance(exc, openai.APITimeoutError):
        return LLMError("timeout", "the server did not answer in time")
    if isinstance(exc, openai.APIConnectionError):
        return LLMError("connection", f"cannot reach the server: {_cause(exc)}")
    if isinstance(exc, openai.RateLimitError):
        return LLMError("rate_limited", f"rate limited (HTTP 429): {server_message(exc)}")
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return LLMError("auth", f"the server refused the API key: {server_message(exc)}")
    if isinstance(exc, openai.NotFoundError):
        return LLMError("not_found", f"not found (wrong model or URL?): {server_message(exc)}")
    if isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
        message = server_message(exc)
        code = getattr(exc, "code", None)
        if code == "context_length_exceeded" or "context length" in message.lower():
            return LLMError(
                "context_length",
                "the passage is too long for the model's context; lower "
                f"llm.max_chars_per_request to split it into smaller pieces ({message})",
            )
        return LLMError("bad_request", f"the server rejected the request: {message}")
    if isinstance(exc, openai.InternalServerError | openai.APIStatusError):
        status = getattr(exc, "status_code", "?")
        return LLMError("server_error", f"server error (HTTP {status}): {server_message(exc)}")
    if isinstance(exc, openai.APIError):
        return LLMError("connection", f"the answer broke off: {clean_message(str(exc))}")
    return LLMError("connection", f"{type(exc).__name__}: {clean_message(str(exc))}")


def refuses_format_error(exc: BaseException) -> bool:
    """A 400/422 about the response format (the ladder's next step), not any other refusal."""
    import openai

    if not isinstance(exc, openai.APIStatusError):
        return False
    param = getattr(exc, "param", None)
    message = server_message(exc)
    return refuses_format(exc.status_code, param if isinstance(param, str) else None, message)


def server_message(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return clean_message(error["message"])
    return clean_message(str(getattr(exc, "message", exc)))


def _cause(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    return clean_message(str(cause) if cause else str(exc)) or type(exc).__name__


def unfinished_answer(finish: str | None, refusal: str, shown: str) -> LLMError | None:
    """The error of an answer that ended without being the whole rendition (None: it is
    whole): the model refused (OpenAI's `refusal`), or stopped at its token limit, or the
    server's content filter stopped it. `shown` is the text parsed so far."""
    if refusal.strip():
        return LLMError("refused", f"the model refused to answer: {refusal}")
    if finish == "length":
        return LLMError(
            "length",
            "the model stopped at its output token limit; the rendition is incomplete "
            "(raise llm.max_output_tokens or split the passage)",
            partial_text=shown,
        )
    if finish == "content_filter":
        return LLMError(
            "content_filter",
            "the server's content filter stopped the answer; the rendition is incomplete",
            partial_text=shown,
        )
    return None


async def require_event_stream(stream: Any) -> None:
    """A server (or a proxy in front of it) that ignores `stream: true` answers with one JSON
    body; the SDK then reads no events at all, and the answer looked cut off before it began.
    Such a stream is closed, and the error says what the server did."""
    response = getattr(stream, "response", None)
    kind = response.headers.get("content-type", "") if response is not None else ""
    if kind and not kind.split(";")[0].strip().lower().startswith("text/event-stream"):
        await stream.close()
        raise LLMError(
            "server_error",
            f"the server answered with one {kind.split(';')[0].strip()} body, not the event "
            "stream the request asked for (stream: true): it, or a proxy in front of it, does "
            "not stream answers",
        )
