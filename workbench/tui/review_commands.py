"""The reviews screens' commands (ctrl+p): each key of the screen on top (guided review,
records browser, record reader), named by `key_commands.NAMES`, with its key shown."""

from __future__ import annotations

from workbench.tui.commands import ScreenKeyCommands


class ReviewCommands(ScreenKeyCommands):
    """Named in the reviews screens' COMMANDS; the app's provider adds the places and the
    app's keys."""
