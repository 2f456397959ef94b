"""Which request parameters a model is sent, and what the server taught the run about them.

The table of known families (`workbench.io.model_families`) decides first: an OpenAI reasoning
model gets no temperature or top_p, and `max_completion_tokens` (with room for its reasoning)
instead of `max_tokens`. A model the table does not know keeps every parameter until the server
refuses one with 400 `unsupported_parameter` / `unsupported_value` naming it: that parameter is
dropped (a refused `max_tokens` becomes `max_completion_tokens`) for the rest of the run, and
the request is sent again. Requests already in flight when the first refusal arrives may be
refused too (each is sent again without the parameter); every later request goes without it.
Requests are never held back to learn first: a slow or hanging first answer must not delay the
other styles.
"""

from __future__ import annotations

import re
from typing import Any

from workbench.io.model_families import ModelRules

REFUSAL_CODES = frozenset({"unsupported_parameter", "unsupported_value"})
_QUOTED = re.compile(r"'([a-z_]+)'")


class ParameterPolicy:
    """One model's parameters for one run (shared by its renditions)."""

    def __init__(
        self, rules: ModelRules, *, max_output_tokens: int | None, seed: int | None
    ) -> None:
        self.rules = rules
        self._max_output_tokens = max_output_tokens
        self._seed = seed
        self._token_limit: str | None = rules.token_limit
        self._headroom = rules.reasoning_headroom
        self.rejected: dict[str, str] = {}
        """Parameters the server refused in this run, with its message."""
        self.accepted: set[str] = set()
        self._confirmed = False

    def options(self, temperature: float | None, sample: int) -> tuple[dict[str, Any], list[str]]:
        """The optional parameters of one request, and those asked for but not sent."""
        options: dict[str, Any] = {}
        dropped: list[str] = []
        wanted: dict[str, Any] = {"temperature": temperature}
        if self._seed is not None:
            wanted["seed"] = self._seed + sample - 1
        for name, value in wanted.items():
            if value is None:
                continue
            if name in self.rules.omit or name in self.rejected:
                dropped.append(name)
            else:
                options[name] = value
        if self._max_output_tokens is not None and self._token_limit is not None:
            options[self._token_limit] = self._max_output_tokens + self._headroom
        return options, dropped

    def learn(
        self, sent: dict[str, Any], code: str | None, param: str | None, message: str
    ) -> bool:
        """A 400 refusing one of the parameters `sent`: drop it (True: send the request again).
        False when the refusal is about anything else."""
        if code not in REFUSAL_CODES:
            return False
        name = param if param in sent else _named_in(message, sent)
        if name is None or name in ("model", "messages", "response_format", "stream"):
            return False
        self.rejected[name] = message
        self.accepted.discard(name)
        if name == "max_tokens":
            self._token_limit = (
                "max_completion_tokens" if "max_completion_tokens" not in self.rejected else None
            )
            self._headroom = max(self._headroom, _REASONING_HEADROOM)
        elif name == "max_completion_tokens":
            self._token_limit = "max_tokens" if "max_tokens" not in self.rejected else None
        return True

    def answered(self, sent: dict[str, Any]) -> bool:
        """The server took a request with these parameters; True the first time (something new
        to keep)."""
        names = {k for k in sent if k in _TRACKED}
        new = not names <= self.accepted or not self._confirmed
        self.accepted |= names
        self._confirmed = True
        return new


_TRACKED = frozenset({"temperature", "top_p", "seed", "max_tokens", "max_completion_tokens"})
_REASONING_HEADROOM = 25000
"""A model that wants `max_completion_tokens` may spend it on reasoning first (see the table)."""


def _named_in(message: str, sent: dict[str, Any]) -> str | None:
    for name in _QUOTED.findall(message):
        if name in sent:
            return name
    return None
