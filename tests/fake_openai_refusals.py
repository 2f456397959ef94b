"""The refusals of the fake OpenAI server (`tests/fake_openai_server.py`): the errors its faults
inject, an unknown model, a schema OpenAI's strict mode would not take, an unsupported response
format, Azure's missing api-version, wrong key or unknown deployment, and a reasoning model's
refusal of sampling parameters. Each returns the answer, or None when the request may go on.

Server modes (`FakeOpenAIServer` attributes) and what they refuse
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
    * a ``json_schema`` response format with ``strict: true`` whose schema strict mode would not
      take (an object without ``additionalProperties: false`` or with a property not in
      ``required``; see ``strict_schema_problem``) -> 400, ``param == "response_format"``, as
      OpenAI answers.
"""

from __future__ import annotations

import functools
import json
import zlib
from typing import Any

from aiohttp import web

from tests.fake_openai_wire import (
    CONTEXT_LENGTH_LIMIT,
    Fault,
    count_words,
    error_body,
    response_format_type,
    strict_problem,
    text_of,
)


def error_response(
    server: Any, body: dict[str, Any], fault: Fault | None, request: web.Request
) -> web.Response | None:
    kind = fault.kind if fault else None
    fmt = response_format_type(body)
    if kind == "auth_echo":
        header = request.headers.get("Authorization", "")
        return web.json_response(
            error_body(
                f"Invalid credentials in header 'Authorization: {header}' for {request.url}",
                "invalid_request_error",
                code="invalid_api_key",
            ),
            status=401,
        )
    if kind == "gzip_bomb":
        return web.Response(
            body=gzip_bomb(),
            status=500,
            content_type="application/json",
            headers={"Content-Encoding": "gzip", "x-should-retry": "false"},
        )
    if kind == "429":
        headers = {}
        if fault is not None and fault.retry_after is not None:
            headers["Retry-After"] = f"{fault.retry_after:g}"
        return web.json_response(
            error_body(
                "Rate limit reached for requests. Please try again later.",
                "requests",
                code="rate_limit_exceeded",
            ),
            status=429,
            headers=headers,
        )
    if kind == "500":
        default = "The server had an error while processing your request. Sorry about that!"
        return web.json_response(
            error_body(fault.message if fault and fault.message else default, "server_error"),
            status=500,
        )
    if kind == "context_length":
        n = (
            CONTEXT_LENGTH_LIMIT
            + 1
            + sum(
                count_words(text_of(m.get("content")))
                for m in body.get("messages") or []
                if isinstance(m, dict)
            )
        )
        return web.json_response(
            error_body(
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
    if server.known_models is not None and requested not in server.known_models:
        return web.json_response(
            error_body(
                f"The model `{requested}` does not exist or you do not have access to it.",
                "invalid_request_error",
                param="model",
                code="model_not_found",
            ),
            status=400,
        )
    # Ollama, vLLM and llama-server do not check a schema against OpenAI's strict rules
    checks_strict = server.imitate is None
    problem = strict_problem(body) if fmt == "json_schema" and checks_strict else None
    if problem is not None:
        name = body["response_format"]["json_schema"].get("name")
        return web.json_response(
            error_body(
                f"Invalid schema for response_format '{name}': {problem}",
                "invalid_request_error",
                param="response_format",
            ),
            status=400,
        )
    if (
        fmt == "json_schema" and (kind == "reject_json_schema" or not server.supports_json_schema)
    ) or (
        fmt == "json_object" and (kind == "reject_json_object" or not server.supports_json_object)
    ):
        return web.json_response(
            error_body(
                f"response_format {fmt} is not supported",
                "invalid_request_error",
                param="response_format",
            ),
            status=400,
        )
    return None


def azure_refusal(server: Any, request: web.Request) -> web.Response | None:
    """What Azure OpenAI answers a request without an api-version, with a wrong key, or
    for a deployment that does not exist (None: the request may go on)."""
    if not request.query.get("api-version"):
        return web.json_response(
            {"error": {"code": "404", "message": "Resource not found"}}, status=404
        )
    if server.azure_api_key is not None and request.headers.get("api-key") != server.azure_api_key:
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
        and server.azure_deployments is not None
        and deployment not in server.azure_deployments
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


def reasoning_refusal(server: Any, body: dict[str, Any]) -> web.Response | None:
    """A reasoning model's refusal of the first parameter it does not take (see the module's
    docstring), as OpenAI words it; None: the request may go on."""
    model = body.get("model")
    if "*" not in server.reasoning_models and model not in server.reasoning_models:
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
        error_body(message, "invalid_request_error", param=param, code=code), status=400
    )


GZIP_BOMB_BYTES = 128 * 1024 * 1024
"""What the ``gzip_bomb`` fault's body inflates to."""


@functools.cache
def gzip_bomb() -> bytes:
    """An error body of `GZIP_BOMB_BYTES` once inflated, gzipped (made once per process)."""
    head = json.dumps(error_body("the bomb went off", "server_error")).encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(head)]
    pad = b" " * (1 << 20)
    for _ in range((GZIP_BOMB_BYTES - len(head)) // len(pad)):
        parts.append(packer.compress(pad))
    return b"".join([*parts, packer.flush()])
