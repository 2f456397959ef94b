"""Textual's command palette, made safe to close while it is still gathering commands.

Its gathering worker looks the command list up in the palette's DOM; when the palette is
dismissed (escape, or a key that closes it) between the search starting and that lookup, the
lookup raises `NoMatches` and, as an unhandled worker error, ends the whole app. The watchdog
found it with random keys in a real terminal. A palette that is no longer on screen has nothing
to show, so the search simply stops.
"""

from __future__ import annotations

from textual import work
from textual.command import CommandPalette
from textual.css.query import NoMatches

_gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]


class SafeCommandPalette(CommandPalette):
    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        try:
            await _gather(self, search_value)
        except NoMatches:
            if self.is_attached and self.is_active:
                raise  # a real fault while the palette is shown: not ours to hide
