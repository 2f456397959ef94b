"""The command palette's own commands: the app's actions, found by name (ctrl+p)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name, help, action, only on the comparison screen)
COMMANDS: list[tuple[str, str, str, bool]] = [
    ("Home", "Back to the home screen", "app.home", False),
    (
        "Translation comparison",
        "Open the side-by-side comparison screen",
        "app.open_compare",
        False,
    ),
    ("History", "Reopen a past translation run", "app.open_history", False),
    ("Tech-adoption reviews", "Guided reviews into decision records", "app.open_reviews", False),
    (
        "Describe a translator",
        "Let the model write a style brief and save it",
        "app.open_describe",
        False,
    ),
    ("Help", "Keys and commands", "app.help", False),
    ("Run", "Render the passage in every chosen style", "screen.run", True),
    ("Stop", "Cancel the running renditions", "screen.stop", True),
    ("Open passage file", "Load the passage from a file", "screen.open_passage", True),
    ("Reference translation", "Paste or open a human reference", "screen.reference", True),
    ("Toggle diff marks", "Word diffs against the baseline column", "screen.toggle_diff", True),
    (
        "Toggle aligned view",
        "Read the run sentence by sentence, the source's beside each column's",
        "screen.toggle_aligned",
        True,
    ),
    (
        "Toggle blind mode",
        "Hide names and shuffle columns until a favourite is picked",
        "screen.toggle_blind",
        True,
    ),
    ("Export run", "Write the run as Markdown, HTML, JSON or text", "screen.export", True),
    ("Show hidden columns", "Bring back the columns you hid", "screen.unhide", True),
    ("Show or hide setup", "The passage, languages and styles pane", "screen.toggle_setup", True),
]


class WorkbenchCommands(Provider):
    """Offers the app's actions in the command palette."""

    def _available(self) -> list[tuple[str, str, str]]:
        from workbench.tui.screens.compare import CompareScreen

        on_compare = isinstance(self.screen, CompareScreen)
        return [(n, h, a) for n, h, a, only in COMMANDS if on_compare or not only]

    async def discover(self) -> Hits:
        for name, help_text, action in self._available():
            yield DiscoveryHit(
                name, partial(self.app.run_action, action, self.screen), help=help_text
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self._available():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.app.run_action, action, self.screen),
                    text=name,
                    help=help_text,
                )
