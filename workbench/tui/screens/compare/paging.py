"""Which of the comparison's columns are on screen: the ones the user chose (the chooser, `h`,
`u`), a page of them at a time, as many as fit at a legible width, and the one line that says
what is not shown.

The pager keeps column keys only (their text form, whatever the key holds: style, model,
sample), so it works for any number of columns; the grid (`grid.py`) applies it to the widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from textual.content import Content

from workbench.tui.text import literal

MIN_COLUMN_WIDTH = 32
"""Cells a column takes at least (its box and padding included): 2 side by side at 80
columns, 3 at 100, 6 at 200."""


def fitting(width: int) -> int:
    """How many columns fit side by side in `width` cells (at least one)."""
    return max(1, width // MIN_COLUMN_WIDTH)


@dataclass
class Pager:
    """The chosen columns, cut into pages of `size`; `page` is the one shown."""

    hidden: set[str] = field(default_factory=set)
    """Keys the user chose not to see; kept for the screen's session (runs come and go)."""
    size: int = 1
    page: int = 0

    def chosen(self, keys: Sequence[str]) -> list[str]:
        """The keys not hidden, in order (all of them if every one is hidden: a new run's
        columns may all be ones hidden before)."""
        kept = [k for k in keys if k not in self.hidden]
        return kept or list(keys)

    def pages(self, keys: Sequence[str]) -> int:
        return max(1, -(-len(self.chosen(keys)) // self.size))

    def shown(self, keys: Sequence[str]) -> list[str]:
        """The keys on the current page."""
        chosen = self.chosen(keys)
        self.page = max(0, min(self.page, self.pages(keys) - 1))
        return chosen[self.page * self.size : (self.page + 1) * self.size]

    def turn(self, keys: Sequence[str], step: int) -> bool:
        """The next (`step` 1) or previous (-1) page; False when there is none."""
        page = self.page + step
        if not 0 <= page < self.pages(keys):
            return False
        self.page = page
        return True

    def reveal(self, keys: Sequence[str], key: str) -> None:
        """The page holding `key` (a chosen one) becomes the current one."""
        chosen = self.chosen(keys)
        if key in chosen:
            self.page = chosen.index(key) // self.size

    def resize(self, keys: Sequence[str], size: int, anchor: str | None) -> bool:
        """`size` columns a page from now on, `anchor` (the focused column, or the first
        shown) still on the page; False when nothing changed."""
        size = max(1, size)
        if size == self.size:
            return False
        self.size = size
        if anchor is not None:
            self.reveal(keys, anchor)
        return True


def summary(
    names: dict[str, str],
    keys: Sequence[str],
    shown: Sequence[str],
    pager: Pager,
    width: int,
    *,
    paged: bool = True,
) -> Content | None:
    """One line naming what is not on screen (None: everything is): `showing 2 of 18 · page
    1/9 · 1 unticked · hidden: A, B, … +13 more`, cut to `width`. `names` are the columns'
    titles as shown (blind labels while the run is blind), never markup; `paged`: the grid's
    pages (the aligned view shows every chosen column)."""
    if len(shown) >= len(keys):
        return None
    on = set(shown)
    off = [k for k in keys if k not in on]
    head = [f"showing {len(shown)} of {len(keys)}"]
    pages = pager.pages(keys)
    if paged and pages > 1:
        head.append(f"page {pager.page + 1}/{pages}")
    unticked = sum(1 for k in off if k in pager.hidden)
    if unticked:
        head.append(f"{unticked} unticked")
    prefix = " · ".join(head) + " · hidden: "
    room = width - len(prefix)
    listed: list[str] = []
    used = 0
    for index, key in enumerate(off):
        name = names.get(key, key)
        left = len(off) - index - 1
        cost = len(name) + (2 if listed else 0)
        tail = len(f", … +{left} more") if left else 0
        if used + cost + tail > room:
            break
        listed.append(name)
        used += cost
    rest = len(off) - len(listed)
    parts = [Content(prefix), literal(", ".join(listed), "bold")]
    if rest:
        parts.append(Content(f"{', ' if listed else ''}… +{rest} more"))
    return Content.assemble(*parts)
