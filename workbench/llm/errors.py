"""LLM failures as one small vocabulary, whatever the provider said."""

from __future__ import annotations

from workbench.core.text_safety import terminal


def clean_message(text: str, limit: int = 500) -> str:
    """Clean a message by `text_safety.terminal`'s rules (escape sequences, control and bidi
    characters removed) and cap its length."""
    text = terminal(text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LLMError(Exception):
    """A rendition that could not be produced.

    `kind` is one of: rate_limited, server_error, timeout, connection, stream_interrupted,
    invalid_output, length, context_length, auth, not_found, bad_request, cancelled.
    `partial_text` is what had arrived before the failure (may be empty).
    """

    def __init__(self, kind: str, message: str, *, partial_text: str = "") -> None:
        super().__init__(clean_message(message))
        self.kind = kind
        self.partial_text = partial_text

    @property
    def message(self) -> str:
        return str(self.args[0])
