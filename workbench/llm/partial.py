"""Show the text of a JSON answer while it is still arriving."""

from __future__ import annotations

from pydantic_core import from_json


class StreamingTextField:
    """Feed the growing JSON answer; get back the new part of one string field.

    `feed` returns (delta, reset): `reset` is True when what was shown is no longer a prefix of
    the field (the model rewrote it), and the caller should clear and show `delta` afresh.
    """

    def __init__(self, field: str = "text") -> None:
        self.field = field
        self.shown = ""

    def feed(self, buffer: str) -> tuple[str, bool]:
        start = buffer.lstrip()
        if not start.startswith("{"):
            return "", False
        try:
            data = from_json(start, allow_partial="trailing-strings")
        except ValueError:
            return "", False
        value = data.get(self.field) if isinstance(data, dict) else None
        if not isinstance(value, str) or value == self.shown:
            return "", False
        if value.startswith(self.shown):
            delta = value[len(self.shown) :]
            self.shown = value
            return delta, False
        self.shown = value
        return value, True
