"""The key of one column of a comparison: which style, which of its samples.

Written as text it is the style id, with `#n` for samples after the first (`rosner`,
`rosner#2`): the form run files, judgments, `--baseline` and the screen's columns use. This
module is the one place that writes or reads that form. A later issue puts models side by side;
the endpoint and model then join the key here (and its text form), nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SEPARATOR = "#"


@dataclass(frozen=True, order=True)
class ColumnKey:
    style: str
    sample: int = 1

    def __post_init__(self) -> None:
        if self.sample < 1:
            raise ValueError(f"sample numbers start at 1, not {self.sample}")

    def __str__(self) -> str:
        return self.style if self.sample == 1 else f"{self.style}{SEPARATOR}{self.sample}"

    @classmethod
    def parse(cls, text: str) -> ColumnKey:
        """`rosner` -> (rosner, 1), `rosner#2` -> (rosner, 2); a suffix that is not a sample
        number above 1 stays part of the style id."""
        style, sep, sample = text.rpartition(SEPARATOR)
        if sep and style and sample.isdigit() and sample.isascii() and int(sample) > 1:
            return cls(style, int(sample))
        return cls(text)

    def label(self, style_name: str) -> str:
        """The column's title: the style's name, with ` #n` for samples after the first."""
        return style_name if self.sample == 1 else f"{style_name} {SEPARATOR}{self.sample}"


def column_keys(style_ids: Iterable[str], samples: int) -> list[ColumnKey]:
    """The columns of a run, in order: every sample of the first style, then the next."""
    return [ColumnKey(style, n) for style in style_ids for n in range(1, max(1, samples) + 1)]
