"""A block of wrapped text that only lays out and renders what changed and what is visible.

`Static` wraps and styles its whole `Content` every time it is updated or resized; for a rendition
that streams in a few characters at a time, or a 100 KB chapter with diff marks, that is the
cost that dominates. `TextBody` keeps the text and its spans, computes where each screen line
starts (a cheap greedy word wrap on the plain text, cached per width), extends that wrap
incrementally when text is appended (only from the start of the last line), and builds the
styled strip of a line only when Textual asks to paint it (the visible lines). While text streams
in (`growing`), its height grows a few lines at a time: every change of height lays out the
whole screen again.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content, Span
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

GROW_STEP = 6
_TOKEN = re.compile(r"[^\s]+[ \t]*|[ \t]+")


@lru_cache(maxsize=4096)
def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _fold(text: str, start: int, width: int, out: list[int], used: int = 0) -> int:
    """Break a word wider than the line into pieces of at most `width` cells (the first after
    the `used` cells of the line it starts on); the cells used on the last line."""
    for index, char in enumerate(text):
        size = _cells(char)
        if used and used + size > width:
            out.append(start + index)
            used = 0
        used += size
    return used


def wrap_starts(text: str, width: int, start: int = 0, *, fold_wide: bool = False) -> list[int]:
    """Offsets in `text` where each screen line begins, wrapping `text[start:]` at `width`
    cells: at line breaks, before a word that would overflow, inside a word wider than a line.
    Trailing spaces hang past the edge (they are trimmed when drawn). `fold_wide`: a word
    that starts with a wide (CJK) character, which may break anywhere, goes on where the line
    is and breaks where the line ends (not on a line of its own)."""
    width = max(1, width)
    starts = [start]
    pos = start
    end = len(text)
    while True:
        newline = text.find("\n", pos)
        stop = end if newline < 0 else newline
        used = 0
        for match in _TOKEN.finditer(text, pos, stop):
            token = match.group()
            word = token.rstrip(" \t")
            size = _cells(word) if word else 0
            go_on = fold_wide and bool(word) and _cells(word[0]) > 1
            if used and used + size > width and not go_on:
                starts.append(match.start())
                used = 0
            if used + size > width:
                used = _fold(word, match.start(), width, starts, used)
            else:
                used += size
            used += len(token) - len(word)
        if newline < 0:
            return starts
        pos = newline + 1
        starts.append(pos)


class TextBody(Widget):
    """Wrapped, styled text whose lines are laid out lazily (see the module docstring)."""

    DEFAULT_CSS = """
    TextBody {
        height: auto;
    }
    """

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._text = ""
        self._spans: list[Span] = []
        self._span_ends: list[int] | None = None  # set when the spans are sorted and disjoint
        self._span_starts: list[int] = []
        self._wrap: tuple[int, list[int]] | None = None  # (width, line starts)
        self._content: Content | None = Content("")
        self._strips: dict[int, Strip] = {}  # rendered lines, kept while width and style hold
        self._strips_for: tuple[int, VisualStyle] | None = None
        self._growing = False

    # -------------------------------------------------------------------- content

    @property
    def content(self) -> Content:
        """What the body shows, as one Content (for tests and copying)."""
        if self._content is None:
            self._content = Content(self._text, self._spans, strip_control_codes=False)
        return self._content

    @property
    def text(self) -> str:
        return self._text

    def update(self, content: Content) -> None:
        """Show `content` instead of what was there."""
        self._text = content.plain
        self._spans = list(content.spans)
        self._index_spans()
        self._content = content
        self._wrap = None
        self._forget_strips()
        self.refresh(layout=True)

    def append(self, text: str, style: str = "") -> None:
        """Add text at the end: only the last line onwards is wrapped again and repainted."""
        if not text:
            return
        start = len(self._text)
        self._text += text
        if style:
            self._spans.append(Span(start, len(self._text), style))
            self._index_spans()
        self._content = None
        if self._wrap is None:
            self._forget_strips()
            self.refresh(layout=True)
            return
        width, starts = self._wrap
        first = len(starts) - 1
        self._forget_strips(first)
        tail = wrap_starts(self._text, width, starts[-1])
        starts[first:] = tail
        if self._height(len(starts)) != self._height(first + 1):
            self.refresh(layout=True)
        self.refresh(Region(0, first, self.size.width, len(starts) - first))

    @property
    def growing(self) -> bool:
        return self._growing

    @growing.setter
    def growing(self, value: bool) -> None:
        """While text streams in, the height grows in steps of GROW_STEP lines, so the screen
        is laid out again every few lines rather than on every new line."""
        if value != self._growing:
            self._growing = value
            self.refresh(layout=True)

    def _height(self, lines: int) -> int:
        if not self._growing:
            return lines
        return -(-lines // GROW_STEP) * GROW_STEP

    def _index_spans(self) -> None:
        spans = self._spans
        ordered = all(a.end <= b.start for a, b in pairwise(spans))
        self._span_ends = [s.end for s in spans] if ordered else None
        self._span_starts = [s.start for s in spans] if ordered else []

    # --------------------------------------------------------------------- layout

    def line_starts(self, width: int) -> list[int]:
        if self._wrap is None or self._wrap[0] != width:
            self._wrap = (width, wrap_starts(self._text, width))
        return self._wrap[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._text:
            return 1
        return self._height(len(self.line_starts(width)))

    def _line(self, y: int, width: int) -> Content:
        starts = self.line_starts(width)
        if y >= len(starts):
            return Content("")
        start = starts[y]
        end = starts[y + 1] if y + 1 < len(starts) else len(self._text)
        text = self._text[start:end].rstrip("\n")
        trimmed = text.rstrip(" \t")
        end = start + len(trimmed)
        return Content(trimmed, self._spans_between(start, end), strip_control_codes=False)

    def _spans_between(self, start: int, end: int) -> list[Span]:
        spans: Sequence[Span]
        if self._span_ends is not None:
            first = bisect_right(self._span_ends, start)
            last = bisect_left(self._span_starts, end, first)
            spans = self._spans[first:last]
        else:
            spans = self._spans
        return [
            Span(max(s.start, start) - start, min(s.end, end) - start, s.style)
            for s in spans
            if s.start < end and s.end > start
        ]

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self.visual_style
        if self._strips_for != (width, base):
            self._strips.clear()
            self._strips_for = (width, base)
        strip = self._strips.get(y)
        if strip is None:
            strip = self._strips[y] = self._render_strip(self._line(y, width), width, base)
        return strip

    def _render_strip(self, line: Content, width: int, base: VisualStyle) -> Strip:
        """One screen line as a strip: the line's spans over the widget's own style."""
        segments = [
            Segment(text, (base + style).rich_style)
            for text, style in line.render(base, end="", parse_style=self._get_style)
            if text
        ]
        return Strip(segments, line.cell_length).extend_cell_length(width, base.rich_style)

    def _forget_strips(self, first: int = 0) -> None:
        if first <= 0:
            self._strips.clear()
        else:
            for y in [y for y in self._strips if y >= first]:
                del self._strips[y]
