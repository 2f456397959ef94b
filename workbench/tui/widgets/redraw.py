"""Redrawing a Static that changes often (a column's status while it streams, the run's line)
without laying out the whole screen each time.

Textual's `Static.update` lays out the screen by default, since new content may need more or
fewer lines; with every column's header redrawn four times a second during a run, that was a
full layout of every widget several times a second, and a key pressed meanwhile waited for it
(`bench/bench_tui.py`, worst key-to-paint while columns stream).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def redraw(static: Static, content: Content) -> None:
    """Show `content` in `static`: nothing at all when it shows exactly that already; without a
    layout when the old and the new content each fit on one line of its width (its size cannot
    change)."""
    old = static.content
    if isinstance(old, Content) and old.is_same(content):
        return
    width = static.content_region.width
    static.update(content, layout=not (_one_line(old, width) and _one_line(content, width)))


def _one_line(content: object, width: int) -> bool:
    if not isinstance(content, Content):  # a string or renderable: its cells are not counted
        return False
    return width > 0 and "\n" not in content.plain and 0 < content.cell_length <= width
