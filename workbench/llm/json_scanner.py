"""The incremental scanner of one string field of a JSON answer as it streams in (linear in the
answer's length; re-parsing the whole buffer at every piece is quadratic)."""

from __future__ import annotations

import json
import re

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
        if (
            self._state == _FIELD
            and not self._pending
            and self._high is None
            and _STRING_STOP.search(piece) is None
        ):
            return piece, False  # the common piece: plain text inside the field
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
