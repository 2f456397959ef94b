"""A table of decision records that stays quick at ten thousand rows.

Textual's DataTable builds a row object per row and measures cells when rows are added, which
for thousands of rows would stall the screen at every keystroke of filter-as-you-type.
This table uses the line API instead: the rows are plain tuples of already-cleaned strings, and
only the lines on screen are rendered, so replacing the rows is O(n) list work and painting is
O(height). Cells are written as Segments of visible text (control characters shown as pictures),
never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.tui.text import visible


@dataclass(frozen=True)
class Column:
    label: str
    width: int
    """Cells wide; 0 means: take the space left over."""
    narrow: int | None = None
    """The width below WIDE terminal columns (None: the same; -1: hidden)."""
    keep_end: bool = False
    """Truncate from the left, keeping the end (an id's random suffix)."""


WIDE = 140


@dataclass(frozen=True)
class Row:
    key: str
    cells: tuple[str, ...]


def clean_cell(text: str) -> str:
    """One line of visible text: control characters as pictures, newlines as spaces."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # the common case, unchanged: printable means no control characters and no
        # whitespace but the plain space, so there is nothing to replace or collapse
        return text
    return visible(" ".join(text.split()))


class RecordTable(ScrollView, can_focus=True):
    """Rows of text cells with a cursor; Enter posts `Selected`, moving posts `Highlighted`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-table--header",
        "record-table--cursor",
        "record-table--odd",
    }
    DEFAULT_CSS = """
    RecordTable { height: 1fr; }
    RecordTable > .record-table--header { text-style: bold; background: $panel; }
    RecordTable > .record-table--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: bold; }
    RecordTable:blur > .record-table--cursor { background: $block-cursor-blurred-background;
        text-style: none; }
    RecordTable > .record-table--odd { background: $surface-lighten-1 20%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False, id="table.up", tooltip="Previous record"),
        Binding("down", "move(1)", "Down", show=False, id="table.down", tooltip="Next record"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.pageup", tooltip="Page up"),
        Binding(
            "pagedown", "page(1)", "Page down", show=False, id="table.pagedown", tooltip="Page down"
        ),
        Binding("home", "edge(0)", "First", show=False, id="table.home", tooltip="First record"),
        Binding("end", "edge(1)", "Last", show=False, id="table.end", tooltip="Last record"),
        Binding("enter", "select", "Open", id="table.select", tooltip="Read the selected record"),
    ]

    cursor: reactive[int] = reactive(0)

    class Selected(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class Highlighted(Message):
        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    def __init__(self, columns: list[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = columns
        self.rows: list[Row] = []

    # ---- data ------------------------------------------------------------------------------

    def set_rows(self, rows: list[Row], keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on `keep` (a row key) when it is still there."""
        self.rows = rows
        index = 0
        if keep is not None:
            index = next((i for i, row in enumerate(rows) if row.key == keep), 0)
        self.virtual_size = Size(self._total_width(), len(rows) + 1)
        self.set_reactive(RecordTable.cursor, index)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current_key))

    @property
    def current_key(self) -> str | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].key
        return None

    # ---- rendering -------------------------------------------------------------------------

    def _widths(self) -> list[int]:
        wide = self.size.width >= WIDE
        sizes = [c.width if wide or c.narrow is None else c.narrow for c in self.columns]
        rest = max(12, self.size.width - sum(w + 1 for w in sizes if w > 0))
        return [w or rest for w in sizes]

    def _total_width(self) -> int:
        return sum(w + 1 for w in self._widths() if w > 0)

    def _line(self, cells: tuple[str, ...], widths: list[int]) -> str:
        parts = []
        for text, width, column in zip(cells, widths, self.columns, strict=False):
            if width < 0:
                continue
            if cell_len(text) > width:
                if column.keep_end:
                    text = "…" + text[-(width - 1) :]
                else:
                    text = set_cell_size(text, width - 1) + "…"
            parts.append(set_cell_size(text, width))
        return " ".join(parts)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        widths = self._widths()
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            text = self._line(tuple(c.label for c in self.columns), widths)
            style = self.get_component_rich_style("record-table--header")
        else:
            index = scroll_y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            text = self._line(self.rows[index].cells, widths)
            if index == self.cursor:
                style = self.get_component_rich_style("record-table--cursor")
            elif index % 2:
                style = self.rich_style + self.get_component_rich_style("record-table--odd")
            else:
                style = self.rich_style
        text = set_cell_size(text[scroll_x:], width) if scroll_x else set_cell_size(text, width)
        return Strip([Segment(text, style or Style())], width)

    def on_resize(self) -> None:
        self.virtual_size = Size(self._total_width(), len(self.rows) + 1)
        self.refresh()

    # ---- moving ----------------------------------------------------------------------------

    def _page(self) -> int:
        return max(1, self.size.height - 2)

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current_key))

    def _scroll_to_cursor(self) -> None:
        top = self.scroll_offset.y
        visible_rows = max(1, self.size.height - 1)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible_rows:
            self.scroll_to(y=self.cursor - visible_rows + 1, animate=False, immediate=True)

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self.rows) - 1))

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = self._clamp(self.cursor + step)

    def action_page(self, direction: int) -> None:
        if self.rows:
            self.cursor = self._clamp(self.cursor + direction * self._page())

    def action_edge(self, end: int) -> None:
        if self.rows:
            self.cursor = len(self.rows) - 1 if end else 0

    def action_select(self) -> None:
        key = self.current_key
        if key is not None:
            self.post_message(self.Selected(key))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain > 1:
                self.action_select()
            self.cursor = index
