"""Structured output, the same for every provider.

- The output-mode ladder: a JSON schema where the server accepts one, else `json_object`, else
  plain text. A mode the server refused is remembered (per provider), so the other styles of a
  run do not ask again.
- The answer as it streams in: `AnswerStream` takes each piece once and passes the growing text
  of one string field on (`JsonFieldScanner`, an incremental scanner: linear in the answer's
  length, where re-parsing the whole buffer at every piece is quadratic). Only the finished
  answer is parsed and validated whole (`validate_answer`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from workbench.core.translate.prompts import OutputMode
from workbench.llm.errors import LLMError
from workbench.llm.json_scanner import JsonFieldScanner
from workbench.llm.limits import answer_growing

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")

MODES: tuple[OutputMode, ...] = ("json_schema", "json_object", "text")


# -- the ladder -------------------------------------------------------------------------------


class ModeFailed(Exception):
    """This output mode gave no answer; the ladder tries the next one. `unsupported`: the
    server refused the mode itself, so it is not asked for again."""

    def __init__(self, error: LLMError, *, unsupported: bool = True) -> None:
        super().__init__(error.message)
        self.error = error
        self.unsupported = unsupported


class ModeLadder:
    """The output modes still worth trying, for one provider (shared by its renditions)."""

    def __init__(self) -> None:
        self.first = 0

    async def run(self, attempt: Callable[[OutputMode], Awaitable[R]]) -> R:
        """`attempt` each mode from the first the server has not refused, until one answers;
        raises the last mode's error when none did."""
        last: LLMError | None = None
        for index in range(self.first, len(MODES)):
            try:
                return await attempt(MODES[index])
            except ModeFailed as failed:
                last = failed.error
                if failed.unsupported:
                    self.first = max(self.first, index + 1)
        assert last is not None
        raise last


Dialect = Literal["openai", "llama_cpp"]


def response_format(
    mode: OutputMode, output_model: type[BaseModel], dialect: Dialect = "openai"
) -> dict[str, Any] | None:
    """The request's `response_format` for a mode (None: plain text)."""
    if mode == "json_object":
        return {"type": "json_object"}
    if mode == "text":
        return None
    if dialect == "llama_cpp":  # llama-cpp-python builds a grammar from the schema
        return {"type": "json_object", "schema": schema_of(output_model)}
    return {
        "type": "json_schema",
        "json_schema": {
            "name": output_model.__name__,
            "schema": strict_schema(output_model),
            "strict": True,
        },
    }


@functools.cache
def schema_of(output_model: type[BaseModel]) -> dict[str, Any]:
    return output_model.model_json_schema()


@functools.cache
def strict_schema(output_model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the shape OpenAI's strict mode takes: every object lists all
    its properties as required and allows no others; defaults are dropped (not allowed there).
    The answer is still validated with the model itself, defaults and all."""
    return _strict(schema_of(output_model))


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _strict(value) for key, value in node.items() if key != "default"}
    if out.get("type") == "object" or "properties" in out:
        out["required"] = list(out.get("properties") or {})
        out["additionalProperties"] = False
    return out


_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "structured output")


def refuses_format(status: int | None, param: str | None, message: str) -> bool:
    """Whether a refused request (HTTP 400/422) was refused for its response format: only then
    does the ladder step down; any other refusal is the rendition's error at once."""
    if status not in (400, 422):
        return False
    if param is not None and param.split(".")[0] == "response_format":
        return True
    lowered = message.lower()
    return any(word in lowered for word in _FORMAT_WORDS)


# -- the answer as it arrives -----------------------------------------------------------------


class AnswerStream:
    """One answer's pieces, in order: the raw content kept, the field's text passed on.

    `on_delta(text)` gets each new part of the field's text; `on_reset()` comes first when
    what was passed on is no longer the field's text (the answer wrote the field again).
    """

    def __init__(
        self,
        mode: OutputMode,
        text_field: str,
        on_delta: Callable[[str], None],
        on_reset: Callable[[], None],
    ) -> None:
        self.mode = mode
        self._parts: list[str] = []
        self._size = self._next_report = 0
        self._shown: list[str] = []
        self._scanner = None if mode == "text" else JsonFieldScanner(text_field)
        self._on_delta = on_delta
        self._on_reset = on_reset

    def feed(self, piece: str) -> None:
        if not piece:
            return
        self._parts.append(piece)
        self._size += len(piece)
        if self._size >= self._next_report:  # the rendition's limits cap the raw answer too
            self._next_report = self._size + 4096
            answer_growing(self._size)
        if self._scanner is None:
            delta, reset = piece, False
        else:
            delta, reset = self._scanner.feed(piece)
        if reset:
            self._shown.clear()
            self._on_reset()
        if delta:
            self._shown.append(delta)
            self._on_delta(delta)

    @property
    def shown(self) -> str:
        """The field's text so far (never raw JSON)."""
        return "".join(self._shown)

    @property
    def content(self) -> str:
        """The raw answer so far."""
        return "".join(self._parts)


def validate_answer(
    content: str, mode: OutputMode, output_model: type[M], text_field: str = "text"
) -> M:
    """The whole answer, parsed and validated (raises pydantic's ValidationError)."""
    if mode == "text":
        return output_model.model_validate({text_field: content.strip()})
    try:
        return output_model.model_validate_json(strip_fences(content))
    except ValidationError as exc:
        embedded = embedded_json(content)
        if embedded is None:
            raise
        try:
            return output_model.model_validate_json(embedded)
        except ValidationError:
            raise exc from None  # the answer's own error, not the excerpt's


_FENCED = re.compile(r"```[A-Za-z]*[ \t]*\n(.*?)\n?```", re.DOTALL)


def embedded_json(content: str) -> str | None:
    """The JSON object inside an answer that wraps it in prose: a fenced block, else the span
    from the first `{` to the last `}` (a server that ignores the JSON schema, such as older
    Ollama, leaves the model free to write "Here is the translation:" first). None: no other
    candidate than the answer itself."""
    fenced = _FENCED.search(content)
    if fenced is not None and fenced.group(1).strip().startswith("{"):
        return fenced.group(1)
    start, end = content.find("{"), content.rfind("}")
    if start < 0 or end <= start or (start == 0 and end == len(content) - 1):
        return None
    return content[start : end + 1]


def strip_fences(content: str) -> str:
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        if text.rstrip().endswith("```"):
            text = text.rstrip()[:-3]
    return text
