"""A table of wrapped cells read row by row, with a cursor row highlighted across every column:
the comparison's aligned view (rows are source sentences, `screens/compare/aligned.py`).

Side by side when each column gets `MIN_CELL` cells or more (and the table is `NARROW` wide);
else stacked: each row's first cell (the source sentence) on its own lines, then each column's
cell under it after its label (labels cut to fit stay apart: `fit_labels`). The gutter numbers
the rows and marks the cursor's with `▶`, so the cursor reads without colour too; its highlight
is fainter while the table has not the focus.

Only what is seen is drawn (the Line API): the cells are wrapped once per width (a greedy word
wrap on plain text, `text_body.wrap_starts`, CJK text broken where the line ends), each screen
line is built when Textual paints it and kept until the width, the style or the rows change; a
cursor move repaints the two rows it leaves and enters (and scrolls, when the new row is out of
view), as does a change of focus. The header (the labels, side by side) stays on the first line.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from workbench.tui.widgets.text_body import wrap_starts

NARROW = 100
"""On a screen narrower than this, the table stacks (the comparison's columns page instead); the
screen's width, not the table's, which the scroll bar makes a little less."""
MIN_CELL = 16
"""Side by side only when every column gets at least this many cells."""
SEPARATOR = " │ "
MARK = "▶"


class AlignedTable(ScrollView, can_focus=True):
    """Rows of cells (see the module docstring); `labels` name the columns."""

    DEFAULT_CSS = """
    AlignedTable {
        height: 1fr;
        scrollbar-gutter: stable;
    }
    AlignedTable > .aligned-table--cursor {
        background: $accent 10%;
    }
    AlignedTable:focus > .aligned-table--cursor {
        background: $accent 25%;
    }
    AlignedTable > .aligned-table--header {
        text-style: bold;
        background: $panel;
    }
    AlignedTable > .aligned-table--gutter {
        color: $text-muted;
    }
    AlignedTable > .aligned-table--cursor-gutter {
        color: $text-accent;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "aligned-table--cursor",
        "aligned-table--header",
        "aligned-table--gutter",
        "aligned-table--cursor-gutter",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    class CursorMoved(Message):
        """The cursor is on another row."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels: list[Content] = []
        self.rows: list[list[Content]] = []
        self.cursor = 0
        self.stacked = False
        self._width = -1
        self._widths: list[int] = []
        self._fitted: list[Content] = []  # the labels cut to their room
        self._wraps: list[list[list[int]]] = []  # row -> cell -> line starts
        self._heights: list[int] = []
        self._tops: list[int] = [0]
        self._strips: dict[tuple[int, int], Strip] = {}
        self._strips_for: object = None

    # -------------------------------------------------------------------- content

    def show(self, labels: list[Content], rows: list[list[Content]]) -> None:
        """Show `rows` (each: one cell per label); the cursor stays on its row if it can."""
        self.labels = labels
        self.rows = rows
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        self._width = -1
        self._lay_out()
        self._keep_cursor_in_view()  # the rows' heights may have changed (diff marks on)
        self.refresh()

    @property
    def header_height(self) -> int:
        return 0 if self.stacked or not self.rows else 1

    def row_text(self, row: int) -> list[str]:
        """The plain text of a row's cells (for tests)."""
        return [cell.plain for cell in self.rows[row]]

    # --------------------------------------------------------------------- layout

    def _gutter(self) -> int:
        return len(str(len(self.rows))) + 3  # "▶ " + the number + " "

    def _label_width(self) -> int:
        return min(14, max((c.cell_length for c in self.labels[1:]), default=0)) + 1

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        self._strips.clear()
        count = len(self.labels)
        room = width - self._gutter()
        cell = (room - len(SEPARATOR) * (count - 1)) // max(1, count)
        self.stacked = self.screen.size.width < NARROW or cell < MIN_CELL
        if self.stacked:
            text = max(8, room - self._label_width())
            self._widths = [max(8, room)] + [text] * (count - 1)
        else:
            # equal widths for the renditions (blind mode: nothing tells them apart); what is
            # left over goes to the source
            spare = room - len(SEPARATOR) * (count - 1) - cell * count
            self._widths = [cell + spare] + [cell] * (count - 1)
        label_room = [self._label_width() - 1] * count if self.stacked else self._widths
        self._fitted = fit_labels(self.labels, label_room)
        self._wraps = [
            [_wrap(c.plain, w) for c, w in zip(row, self._widths, strict=False)]
            for row in self.rows
        ]
        if self.stacked:
            self._heights = [sum(len(w) for w in wraps) for wraps in self._wraps]
        else:
            self._heights = [max(len(w) for w in wraps) for wraps in self._wraps]
        tops = [0]
        for height in self._heights:
            tops.append(tops[-1] + height)
        self._tops = tops
        self.virtual_size = Size(width, tops[-1] + self.header_height)

    def on_focus(self) -> None:
        self._refresh_row(self.cursor)  # the cursor row is brighter while the table has focus

    def on_blur(self) -> None:
        self._refresh_row(self.cursor)

    def on_resize(self) -> None:
        self._lay_out()
        self._keep_cursor_in_view()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the row clicked."""
        line = event.y - self.header_height + int(self.scroll_offset.y)
        if self.rows and event.y >= self.header_height and 0 <= line < self._tops[-1]:
            self.move_to(bisect_right(self._tops, line) - 1)

    # --------------------------------------------------------------------- cursor

    def action_move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        """A page down (or up): the row a screen's height below (above) the cursor's top."""
        if not self.rows:
            return
        page = max(1, self.scrollable_content_region.height - self.header_height)
        target = self._tops[self.cursor] + direction * page
        row = bisect_right(self._tops, max(0, target)) - 1
        if row == self.cursor:
            row += direction
        self.move_to(row)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.rows) - 1)

    def move_to(self, row: int) -> None:
        if not self.rows:
            return
        row = max(0, min(row, len(self.rows) - 1))
        if row == self.cursor:
            return
        old, self.cursor = self.cursor, row
        self.post_message(self.CursorMoved(row))
        for changed in (old, row):
            self._forget_row(changed)
        if not self._keep_cursor_in_view():
            for changed in (old, row):
                self._refresh_row(changed)

    def _forget_row(self, row: int) -> None:
        for line in range(self._heights[row] if row < len(self._heights) else 0):
            self._strips.pop((row, line), None)

    def _refresh_row(self, row: int) -> None:
        self._forget_row(row)
        if row >= len(self._heights):
            return
        top = self._tops[row] - int(self.scroll_offset.y) + self.header_height
        self.refresh(Region(0, top, self.size.width, self._heights[row]))

    def _keep_cursor_in_view(self) -> bool:
        """Scroll so the cursor's row is in view (as much of it as fits); True if it scrolled."""
        if not self.rows or len(self._tops) <= self.cursor + 1:
            return False
        view = max(1, self.scrollable_content_region.height - self.header_height)
        top, bottom = self._tops[self.cursor], self._tops[self.cursor + 1]
        y = int(self.scroll_offset.y)
        if top < y:
            y = top
        elif bottom > y + view:
            y = min(top, bottom - view)
        else:
            return False
        self.scroll_to(y=y, animate=False, immediate=True)
        self.refresh()
        return True

    # ------------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        self._lay_out()
        width = self.scrollable_content_region.width
        base = self.visual_style
        if self._strips_for != (width, base):
            self._strips.clear()
            self._strips_for = (width, base)
        if y < self.header_height:
            return self._header(width, base)
        line = y - self.header_height + int(self.scroll_offset.y)
        row = bisect_right(self._tops, line) - 1
        if not self.rows or row >= len(self.rows) or row < 0:
            return Strip.blank(width, base.rich_style)
        key = (row, line - self._tops[row])
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_row_line(row, key[1], width, base)
        return strip

    def _strip(self, line: Content, width: int, base: VisualStyle) -> Strip:
        segments = [
            Segment(text, (base + style).rich_style)
            for text, style in line.render(base, end="", parse_style=self._get_style)
            if text
        ]
        return Strip(segments, line.cell_length).crop_extend(0, width, base.rich_style)

    def _header(self, width: int, base: VisualStyle) -> Strip:
        style = base + self.get_visual_style("aligned-table--header", partial=True)
        parts: list[Content] = [Content(" " * self._gutter())]
        for index, (label, w) in enumerate(zip(self.labels, self._widths, strict=False)):
            if index:
                parts.append(Content(SEPARATOR))
            parts.append(self._fitted[index] if index < len(self._fitted) else _fit(label, w))
        return self._strip(Content.assemble(*parts), width, style)

    def _cell_line(self, row: int, cell: int, line: int) -> Content:
        """Line `line` of a cell as wrapped at its width (empty past its end)."""
        starts = self._wraps[row][cell]
        if line >= len(starts):
            return Content("")
        content = self.rows[row][cell]
        end = starts[line + 1] if line + 1 < len(starts) else len(content.plain)
        text = content.plain[starts[line] : end]
        trimmed = len(text.rstrip("\n").rstrip(" \t"))
        return content[starts[line] : starts[line] + trimmed]

    def _render_row_line(self, row: int, line: int, width: int, base: VisualStyle) -> Strip:
        here = row == self.cursor
        if here:
            base = base + self.get_visual_style("aligned-table--cursor", partial=True)
        gutter_style = self.get_visual_style(
            "aligned-table--cursor-gutter" if here else "aligned-table--gutter", partial=True
        )
        gutter = self._gutter()
        number = ""
        if line == 0:
            number = f"{MARK if here else ' '} {row + 1:>{gutter - 3}} "
        parts: list[Content] = [Content(number.ljust(gutter)).stylize(gutter_style)]
        if self.stacked:
            parts += self._stacked_line(row, line)
        else:
            for cell, w in enumerate(self._widths):
                if cell:
                    parts.append(Content(SEPARATOR).stylize("$text-muted"))
                parts.append(_pad(self._cell_line(row, cell, line), w))
        return self._strip(Content.assemble(*parts), width, base)

    def _stacked_line(self, row: int, line: int) -> list[Content]:
        """Stacked: the source's lines, then each column's, its label on its first line."""
        wraps = self._wraps[row]
        for cell, starts in enumerate(wraps):
            if line < len(starts):
                text = self._cell_line(row, cell, line)
                if cell == 0:
                    return [text.stylize("bold")]
                size = self._label_width()
                label = self._fitted[cell] if line == 0 else Content("")
                return [_pad(label, size).stylize("$text-secondary"), text]
            line -= len(starts)
        return []


def _wrap(text: str, width: int) -> list[int]:
    """Where each line of a cell starts (one line, at once, when it fits)."""
    if len(text) <= width and "\n" not in text and (text.isascii() or cell_len(text) <= width):
        return [0]
    return wrap_starts(text, width, fold_wide=True)


def fit_labels(labels: list[Content], widths: list[int]) -> list[Content]:
    """The labels cut to their widths, at their end (`Susan Bernofs…`); in the middle
    (`Susan B…sky #2`) when cut at the end two would read the same but for the `…`, as labels
    that differ only at their end (a model, a sample's number) would."""
    cut = [_fit(label, w) for label, w in zip(labels, widths, strict=False)]
    stems = {c.plain.rstrip().removesuffix("…").rstrip() for c in cut}
    if len(stems) == len({label.plain for label in labels}):
        return cut
    return [_fit(label, w, middle=True) for label, w in zip(labels, widths, strict=False)]


def _fit(content: Content, width: int, *, middle: bool = False) -> Content:
    """`content` cut to `width` cells (with … when cut), padded to it; `middle`: cut in the
    middle, keeping its end."""
    width = max(0, width)
    if content.cell_length <= width:
        return _pad(content, width)
    if width < 5 or not middle:
        return content.truncate(width, ellipsis=True, pad=True)
    plain = content.plain
    tail, used = len(plain), 0
    while tail > 0 and used + cell_len(plain[tail - 1]) <= (width - 1) // 2:
        tail -= 1
        used += cell_len(plain[tail])
    head = content[:tail].truncate(width - 1 - used)
    return _pad(Content.assemble(head, "…", content[tail:]), width)


def _pad(content: Content, width: int) -> Content:
    return content.pad_right(max(0, width - content.cell_length))
