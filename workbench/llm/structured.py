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
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from workbench.core.translate.prompts import OutputMode
from workbench.llm.errors import LLMError

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
        self._shown: list[str] = []
        self._scanner = None if mode == "text" else JsonFieldScanner(text_field)
        self._on_delta = on_delta
        self._on_reset = on_reset

    def feed(self, piece: str) -> None:
        if not piece:
            return
        self._parts.append(piece)
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


# -- the incremental scanner ------------------------------------------------------------------

_START, _OUTSIDE, _KEY, _SKIP, _FIELD, _DONE = range(6)
_STRUCTURAL = re.compile(r'[{}\[\]",:]')
_STRING_STOP = re.compile(r'["\\]')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX = re.compile(r"[0-9a-fA-F]{4}")
_MAX_FENCE = 40
_REPLACEMENT = "\ufffd"


class JsonFieldScanner:
    """Follows a JSON object as it arrives, one piece at a time, and returns the new part of one
    top-level string field's value (escapes decoded, surrogate pairs joined, also when a piece
    ends inside an escape). Each character is looked at once: the cost is linear in the answer.

    `feed(piece)` returns (delta, reset): `reset` is True when the field starts over (the
    object names it a second time; a JSON parser keeps the last value) and `delta` is then the
    new value's beginning. An answer that does not start with `{` (after white space and an
    optional ``` fence line) yields nothing.
    """

    def __init__(self, field: str = "text") -> None:
        self.field = field
        self._state = _START
        self._pending = ""  # the unread tail: an escape cut by the end of a piece
        self._depth = 0
        self._expect_key = False
        self._key_parts: list[str] = []
        self._key: str | None = None
        self._seen = False
        self._high: int | None = None  # a high surrogate waiting for its low half

    def feed(self, piece: str) -> tuple[str, bool]:
        data = self._pending + piece if self._pending else piece
        self._pending = ""
        out: list[str] = []
        reset = False
        i, n = 0, len(data)
        while i < n:
            state = self._state
            if state == _FIELD:
                i = self._read_field(data, i, out)
            elif state == _OUTSIDE:
                match = _STRUCTURAL.search(data, i)
                if match is None:
                    break
                i = match.end()
                if self._structure(match.group()):
                    out.clear()
                    reset = True
            elif state in (_KEY, _SKIP):
                i = self._skip_string(data, i)
            elif state == _START:
                i = self._start(data, i)
            else:  # _DONE
                break
        return "".join(out), reset

    def _start(self, data: str, i: int) -> int:
        n = len(data)
        while i < n and data[i] in " \t\r\n":
            i += 1
        if i >= n:
            return n
        char = data[i]
        if char == "{":
            self._state, self._depth, self._expect_key = _OUTSIDE, 1, True
            return i + 1
        if char == "`":  # a ```json fence line: skip it
            newline = data.find("\n", i)
            if newline >= 0:
                return newline + 1
            if n - i <= _MAX_FENCE:
                self._pending = data[i:]
                return n
        self._state = _DONE
        return n

    def _structure(self, char: str) -> bool:
        """One structural character outside strings; True when the field starts over."""
        if char == '"':
            if self._depth != 1:
                self._state = _SKIP
            elif self._expect_key:
                self._state, self._key_parts = _KEY, []
            elif self._key == self.field:
                self._state = _FIELD
                again, self._seen = self._seen, True
                return again
            else:
                self._state = _SKIP
        elif char in "{[":
            self._depth += 1
        elif char in "}]":
            self._depth -= 1
            if self._depth <= 0:
                self._state = _DONE
        elif self._depth == 1:
            self._expect_key = char == ","
        return False

    def _skip_string(self, data: str, i: int) -> int:
        """Through a string that is not the field: a key (kept) or another value."""
        match = _STRING_STOP.search(data, i)
        if match is None:
            if self._state == _KEY:
                self._key_parts.append(data[i:])
            return len(data)
        j = match.start()
        if match.group() == "\\":
            if j + 1 >= len(data):
                if self._state == _KEY:
                    self._key_parts.append(data[i:j])
                self._pending = data[j:]
                return len(data)
            if self._state == _KEY:
                self._key_parts.append(data[i : j + 2])
            return j + 2
        if self._state == _KEY:
            self._key_parts.append(data[i:j])
            self._key = _decode_key("".join(self._key_parts))
            self._expect_key = False
        self._state = _OUTSIDE
        return j + 1

    def _read_field(self, data: str, i: int, out: list[str]) -> int:
        """Through the field's string value, decoding into `out`."""
        n = len(data)
        match = _STRING_STOP.search(data, i)
        j = match.start() if match is not None else n
        if j > i:
            self._flush_high(out)
            out.append(data[i:j])
        if match is None:
            return n
        if data[j] == '"':
            self._flush_high(out)
            self._state = _OUTSIDE
            return j + 1
        if j + 1 >= n:
            self._pending = data[j:]
            return n
        escape = data[j + 1]
        if escape != "u":
            self._flush_high(out)
            out.append(_ESCAPES.get(escape, escape))
            return j + 2
        if j + 6 > n:
            self._pending = data[j:]
            return n
        digits = data[j + 2 : j + 6]
        if not _HEX.fullmatch(digits):  # not JSON: show it as it is, the validation says why
            self._flush_high(out)
            out.append(data[j : j + 6])
            return j + 6
        code = int(digits, 16)
        if 0xDC00 <= code <= 0xDFFF and self._high is not None:
            out.append(chr(0x10000 + ((self._high - 0xD800) << 10) + (code - 0xDC00)))
            self._high = None
        elif 0xD800 <= code <= 0xDBFF:
            self._flush_high(out)
            self._high = code
        else:
            self._flush_high(out)
            out.append(_REPLACEMENT if 0xDC00 <= code <= 0xDFFF else chr(code))
        return j + 6

    def _flush_high(self, out: list[str]) -> None:
        """A high surrogate not followed by its low half: shown as U+FFFD."""
        if self._high is not None:
            out.append(_REPLACEMENT)
            self._high = None


def _decode_key(raw: str) -> str:
    try:
        key = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return key if isinstance(key, str) else raw
