"""The command palette (ctrl+p): where to go (home, comparison, history, reviews, describe)
and every key of the screen on top, with the key in its help line (`key_commands.py`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from workbench.tui.key_commands import KeyCommand, key_commands

# (name, help, the app's action)
NAVIGATION: list[tuple[str, str, str]] = [
    ("Home", "Back to the home screen", "home"),
    ("Translation comparison", "Open the side-by-side comparison screen", "open_compare"),
    ("History", "Reopen a past translation run", "open_history"),
    ("Tech-adoption reviews", "Guided reviews into decision records", "open_reviews"),
    ("Describe a translator", "Let the model write a style brief and save it", "open_describe"),
]

Command = tuple[str, str, str, Callable[[], Awaitable[object]]]
"""Name, help, what else the search matches (the keys), what it runs."""


class WorkbenchCommands(Provider):
    """Offers the app's places and the screen's keys in the command palette."""

    def _commands(self) -> list[Command]:
        found: list[Command] = [
            (name, help_text, "", partial(self.app.run_action, action, self.app))
            for name, help_text, action in NAVIGATION
        ]
        keys = key_commands(self.screen, of_screen=not _screen_has_its_own(self.screen))
        found += [(c.name, c.help, c.keys, partial(self._run, c)) for c in keys]
        seen: set[str] = set()
        unique = []
        for command in found:
            if command[0] not in seen:
                seen.add(command[0])
                unique.append(command)
        return unique

    async def _run(self, command: KeyCommand) -> None:
        if command.namespace is None:
            self.app.notify("No column yet: run the passage first (ctrl+r).", severity="warning")
            return
        await self.app.run_action(command.action, command.namespace)

    async def discover(self) -> Hits:
        for name, help_text, _, run in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, keys, run in self._commands():
            score = max(matcher.match(name), matcher.match(keys) if keys else 0)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, text=name, help=help_text)


class ScreenKeyCommands(WorkbenchCommands):
    """Only the keys of the screen on top: for a screen to name in its COMMANDS (the app's
    provider then leaves them to it, so nothing is offered twice)."""

    def _commands(self) -> list[Command]:
        return [
            (c.name, c.help, c.keys, partial(self._run, c))
            for c in key_commands(self.screen, of_app=False)
        ]


def _screen_has_its_own(screen: object) -> bool:
    providers = getattr(screen, "COMMANDS", None) or ()
    return any(isinstance(p, type) and issubclass(p, ScreenKeyCommands) for p in providers)
