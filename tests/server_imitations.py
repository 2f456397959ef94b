"""How the test server imitates Ollama, vLLM and llama.cpp's server (``FakeOpenAIServer.imitate``).

Each imitation keeps the server's ordinary behaviour (faults, responder, streaming) and adds the
documented differences of that server's OpenAI-compatible ``/v1`` API that could break a client
written against OpenAI's own; the sources are in the comments below.

* ``imitate`` (default None; ``"ollama"``, ``"vllm"`` or ``"llamacpp"``); each serves one
  model, ``model`` or, left at ``"fake-model"``, a typical name (``qwen2.5:7b``,
  ``Qwen/Qwen2.5-7B-Instruct``, ``qwen2.5-7b-instruct-q4_k_m.gguf``), listed by
  ``GET /v1/models`` in that server's shape. None of them checks a schema against OpenAI's
  strict rules (``fake_openai_refusals``).

  - ollama: another model is 404 ``model "x" not found, try pulling it first``. With
    ``imitate_old`` (before structured outputs): a ``json_schema`` format is ignored, so the
    answer is the JSON the prompt asked for in a Markdown fence after a line of prose
    (``json_object`` is still honoured), and ``stream_options`` is ignored (no usage).
  - vllm: another model is 404; errors are vLLM's flat ``{"object": "error", "message",
    "type", "param": null, "code": <status>}``. With ``imitate_old`` (v0.6.3): any request
    field vLLM did not know (``max_completion_tokens``...) is 400 ``extra_forbidden``.
  - llamacpp: any model name is answered, by the loaded GGUF (the answer's ``model``);
    streamed chunks carry llama-server's ``timings`` and a ``content: null`` role delta.
"""

from __future__ import annotations

import time
from typing import Any, Literal

from aiohttp import web

Imitation = Literal["ollama", "vllm", "llamacpp"]
IMITATIONS: tuple[Imitation, ...] = ("ollama", "vllm", "llamacpp")

DEFAULT_MODELS: dict[Imitation, str] = {
    # Ollama names models `name:tag`; vLLM serves the Hugging Face repo id it was started with;
    # llama-server serves one GGUF file and names the model after it (whatever was requested).
    "ollama": "qwen2.5:7b",
    "vllm": "Qwen/Qwen2.5-7B-Instruct",
    "llamacpp": "qwen2.5-7b-instruct-q4_k_m.gguf",
}

# vLLM's ChatCompletionRequest forbids fields it does not know (pydantic `extra="forbid"`,
# before PR #10463, Nov 2024): a 400 `extra_forbidden`. `max_completion_tokens` arrived in
# v0.6.4 (vllm-project/vllm#10078), `stream_options` in v0.4.3 (modelscope/ms-agent#489).
# These are the v0.6.3 request fields the workbench could send.
VLLM_063_FIELDS = frozenset(
    {
        "model", "messages", "stream", "stream_options", "response_format", "temperature",
        "top_p", "max_tokens", "seed", "n", "stop", "frequency_penalty", "presence_penalty",
        "logprobs", "top_logprobs", "logit_bias", "user", "tools", "tool_choice",
        "parallel_tool_calls", "guided_json", "guided_regex", "guided_choice", "guided_grammar",
        "top_k", "min_p", "repetition_penalty", "echo", "add_generation_prompt",
    }
)  # fmt: skip


def models_listing(imitate: Imitation, model: str) -> dict[str, Any]:
    """`GET /v1/models` as each server answers it."""
    created = int(time.time())
    entry: dict[str, Any] = {"id": model, "object": "model", "created": created}
    if imitate == "ollama":
        entry["owned_by"] = "library"
    elif imitate == "vllm":
        entry |= {"owned_by": "vllm", "root": model, "parent": None, "max_model_len": 32768}
    else:
        entry |= {"owned_by": "llamacpp", "meta": {"n_ctx_train": 32768, "n_params": 7615616512}}
    return {"object": "list", "data": [entry]}


def refusal(
    imitate: Imitation, body: dict[str, Any], model: str, *, old: bool
) -> web.Response | None:
    """What the imitated server answers instead of a completion (None: it answers)."""
    requested = body.get("model")
    if imitate == "vllm":
        if old:
            extra = sorted(set(body) - VLLM_063_FIELDS)
            if extra:
                detail = ", ".join(
                    f"{{'type': 'extra_forbidden', 'loc': ('body', '{name}'), "
                    f"'msg': 'Extra inputs are not permitted', 'input': {body[name]!r}}}"
                    for name in extra
                )
                return _vllm_error(f"[{detail}]", "BadRequestError", 400)
        if requested != model:
            return _vllm_error(f"The model `{requested}` does not exist.", "NotFoundError", 404)
        return None
    if imitate == "ollama" and requested != model:
        # ollama/openai/openai.go: a model that is not pulled is a 404 in OpenAI's error shape
        return web.json_response(
            {
                "error": {
                    "message": f'model "{requested}" not found, try pulling it first',
                    "type": "api_error",
                    "param": None,
                    "code": None,
                }
            },
            status=404,
        )
    return None  # llama-server answers whatever model was asked for with the one it has


def _vllm_error(message: str, type_: str, status: int) -> web.Response:
    # vLLM's ErrorResponse: the error fields at the top level, `code` the HTTP status (an int)
    return web.json_response(
        {"object": "error", "message": message, "type": type_, "param": None, "code": status},
        status=status,
    )


def sees_response_format(imitate: Imitation | None, fmt: str | None, *, old: bool) -> bool:
    """Whether the model's output is held to the request's `response_format`: older Ollama
    took `json_object` (JSON mode) but ignored a `json_schema` format and answered 200
    (ollama/ollama#10001, pydantic/pydantic-ai#4917)."""
    return not (imitate == "ollama" and old and fmt == "json_schema")


def unconstrained(content: str) -> str:
    """An answer the format did not constrain: the JSON the prompt asked for, in a Markdown
    fence with a line before it, as chat models write it when nothing holds them to the schema."""
    return f"Here is the translation:\n```json\n{content}\n```"


def sends_usage(imitate: Imitation | None, include_usage: bool, *, old: bool) -> bool:
    """Whether a stream ends with a usage chunk: older Ollama ignored `stream_options`."""
    if imitate == "ollama" and old:
        return False
    return include_usage


def decorate_chunk(imitate: Imitation | None, chunk: dict[str, Any], first: bool) -> None:
    """llama-server's streamed chunks: `content: null` in the role chunk, its own fields
    (`timings`, no `system_fingerprint` contract) on every chunk (openai-php/client#780)."""
    if imitate != "llamacpp":
        return
    chunk["system_fingerprint"] = "b4500-adc5dd92"
    if first:
        chunk["choices"][0]["delta"] = {"role": "assistant", "content": None}
    chunk["timings"] = {
        "prompt_n": 12,
        "prompt_ms": 39.1,
        "predicted_n": 3,
        "predicted_ms": 71.4,
        "predicted_per_second": 42.0,
    }


def reasoning_deltas(imitate: Imitation | None, text: str) -> list[dict[str, Any]]:
    """A reasoning model's thinking before its answer: llama-server and vLLM stream it as
    `reasoning_content` deltas; Ollama as `reasoning`, with `content: ""` meanwhile
    (ahwurm/localharness#142)."""
    words = [w + " " for w in text.split()]
    if imitate == "ollama":
        return [{"content": "", "reasoning": w} for w in words]
    return [{"content": None, "reasoning_content": w} for w in words]
