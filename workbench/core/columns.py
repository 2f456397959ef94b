"""The key of one column of a comparison: which style, on which model of which endpoint, which
of its samples. This module is the one place that writes or reads its text form.

The text form is `STYLE[@[ENDPOINT:]MODEL][#N]`:

- `rosner`, `rosner#2`: a run with one model on the default endpoint (every run before models
  could be put side by side): the model is not part of the key, so older run files, judgments
  and `--baseline` values keep their meaning.
- `rosner@gpt-4o`, `rosner@gpt-4o#2`: a model on the default endpoint, in a run of several.
- `rosner@ollama:qwen2.5:7b`: a model on the endpoint named `ollama` (`[endpoints.ollama]`).
- `rosner@default:qwen2.5:7b`: a model whose own name has a ':' on the default endpoint.

Read back by these rules, in order: the style is everything before the first '@' (style ids
never have one; a model name may). A `#N` at the very end (ASCII digits) is the sample number.
Of what lies between, everything up to the first ':' is the endpoint's name when it is one
(`[a-z0-9][a-z0-9_-]*`; `default` is the default endpoint) and the rest is the model, so a
model name may hold ':', '/', '.', '@' and '#'. When writing, `default:` is put before a
default-endpoint model that has a ':' and `#1` after a model that ends in `#` and digits, so
every key reads back as itself. Without '@', the old form: a `#N` suffix above 1 is the
sample, anything else stays part of the style.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SEPARATOR = "#"
MODEL_SEPARATOR = "@"
ENDPOINT_SEPARATOR = ":"
DEFAULT_ENDPOINT = "default"
"""The name of the default endpoint in a key (and in `-m default:MODEL`); no named endpoint
may take it."""
ENDPOINT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_SAMPLE_SUFFIX = re.compile(r"#([0-9]+)$", re.ASCII)

Lane = tuple[str | None, str | None]
"""(endpoint, model) of a column: (None, None) is the run's one model on the default endpoint;
(None, model) a model on the default endpoint; (name, model) one on a named endpoint."""


@dataclass(frozen=True)
class ColumnKey:
    style: str
    endpoint: str | None = None
    model: str | None = None
    sample: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.sample, int) or isinstance(self.sample, bool):
            raise TypeError(f"sample must be an int, not {self.sample!r}")
        if self.sample < 1:
            raise ValueError(f"sample numbers start at 1, not {self.sample}")
        if self.endpoint is not None and not isinstance(self.endpoint, str):
            raise TypeError(f"endpoint must be a name or None, not {self.endpoint!r}")
        if self.model is not None and (not isinstance(self.model, str) or not self.model):
            raise ValueError(f"model must be a non-empty name or None, not {self.model!r}")
        if self.endpoint is not None:
            if self.model is None:
                raise ValueError("a column on a named endpoint names its model too")
            if not ENDPOINT_NAME.match(self.endpoint) or self.endpoint == DEFAULT_ENDPOINT:
                raise ValueError(f"{self.endpoint!r} is not an endpoint name")

    @property
    def lane(self) -> Lane:
        return (self.endpoint, self.model)

    @property
    def model_label(self) -> str | None:
        """`ENDPOINT:MODEL`, `MODEL`, or None when the key has no model."""
        if self.model is None:
            return None
        return self.model if self.endpoint is None else f"{self.endpoint}:{self.model}"

    def __str__(self) -> str:
        if self.model is None:
            return self.style if self.sample == 1 else f"{self.style}{SEPARATOR}{self.sample}"
        if self.endpoint is not None:
            where = f"{self.endpoint}{ENDPOINT_SEPARATOR}{self.model}"
        elif ENDPOINT_SEPARATOR in self.model:
            where = f"{DEFAULT_ENDPOINT}{ENDPOINT_SEPARATOR}{self.model}"
        else:
            where = self.model
        text = f"{self.style}{MODEL_SEPARATOR}{where}"
        if self.sample > 1 or _SAMPLE_SUFFIX.search(self.model):
            text += f"{SEPARATOR}{self.sample}"
        return text

    @classmethod
    def parse(cls, text: str) -> ColumnKey:
        """The key a text form names (see the module's docstring for the rules)."""
        style, at, rest = text.partition(MODEL_SEPARATOR)
        if at and style and rest:
            sample = 1
            found = _SAMPLE_SUFFIX.search(rest)
            if found and found.start() > 0 and int(found.group(1)) >= 1:
                sample, rest = int(found.group(1)), rest[: found.start()]
            endpoint: str | None = None
            name, colon, model = rest.partition(ENDPOINT_SEPARATOR)
            if colon and model and ENDPOINT_NAME.match(name):
                endpoint, rest = (None if name == DEFAULT_ENDPOINT else name), model
            return cls(style, endpoint, rest, sample)
        style, sep, number = text.rpartition(SEPARATOR)
        if sep and style and number.isdigit() and number.isascii() and int(number) > 1:
            return cls(style, sample=int(number))
        return cls(text)

    def label(self, style_name: str) -> str:
        """The column's title: the style's name, its model (when the key has one), and ` #n`
        for samples after the first."""
        title = style_name if self.model is None else f"{style_name} · {self.model_label}"
        return title if self.sample == 1 else f"{title} {SEPARATOR}{self.sample}"


def column_keys(
    style_ids: Iterable[str], samples: int, lanes: Sequence[Lane] = ((None, None),)
) -> list[ColumnKey]:
    """The columns of a run, in order: style by style, each on every model in turn, each
    model's samples together."""
    return [
        ColumnKey(style, endpoint, model, n)
        for style in style_ids
        for endpoint, model in (lanes or ((None, None),))
        for n in range(1, max(1, samples) + 1)
    ]
