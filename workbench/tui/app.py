"""The workbench app: built by `make_app()`, which the CLI and the tests call."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType

from workbench.tui.closing import ClosingSignals
from workbench.tui.commands import WorkbenchCommands
from workbench.tui.screens.dialogs import HelpScreen
from workbench.tui.screens.home import HomeScreen

if TYPE_CHECKING:  # the comparison screen (and pydantic) load when first opened
    from textual.driver import Driver
    from textual.screen import Screen

    from workbench.services.run import RunRequest
    from workbench.tui.screens.compare import CompareScreen


class WorkbenchApp(App[None]):
    TITLE = "workbench"
    SUB_TITLE = "translations side by side"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {WorkbenchCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Quit workbench", priority=True),
        Binding("f1,question_mark", "help", "Help", id="app.help", tooltip="Keys and commands"),
        Binding(
            "f3", "change_theme", "Theme", id="app.theme", tooltip="Pick a colour theme", show=False
        ),
    ]

    def __init__(
        self,
        *,
        compare: CompareScreen | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self._first_compare = compare
        self._drafts_saved = False
        self.exit_notes: list[str] = []
        """Lines for the terminal once the app has gone (what the screens could not save)."""

    def get_driver_class(self) -> type[Driver]:
        """Textual's Linux driver, made safe for a closed terminal (`terminal.py`); Textual's
        own choice on Windows or when TEXTUAL_DRIVER names one."""
        if os.name == "nt" or os.environ.get("TEXTUAL_DRIVER"):
            return super().get_driver_class()
        from workbench.tui.terminal import TerminalDriver

        return TerminalDriver

    def run(self, **kwargs: Any) -> None:
        """Run in the terminal; SIGHUP and SIGTERM make it leave, drafts saved, at any moment
        from here until it has returned (`closing.py`)."""
        closing = self._closing_signals = ClosingSignals(self._leave_on_signal, self._save_drafts)
        closing.install()
        try:
            return super().run(**kwargs)
        finally:
            closing.restore()

    async def run_async(self, **kwargs: Any) -> None:
        closing = getattr(self, "_closing_signals", None)
        if closing is not None:
            closing.attach(asyncio.get_running_loop())
        try:
            return await super().run_async(**kwargs)
        finally:
            if closing is not None:
                closing.attach(None)

    def on_mount(self) -> None:
        from workbench.tui.heap import settle

        self.call_after_refresh(settle, "app")
        self.push_screen(HomeScreen())
        if self._first_compare is not None:
            self.push_screen(self._first_compare)
            self._first_compare = None
        self.call_later(self._first_run_tour)  # after the screens a subclass opens on mount

    def _first_run_tour(self) -> None:
        from workbench.io.tour import tour_due, tour_shown

        if tour_due():
            from workbench.tui.screens.tour import TourScreen

            self.push_screen(TourScreen())
            tour_shown()

    def _save_drafts(self) -> None:
        """Save what the screens hold now: the terminal is gone or the process told to stop,
        and the exit may not get to unmounting them."""
        if self._drafts_saved:
            return
        self._drafts_saved = True
        for screen in list(self.screen_stack):
            save = getattr(screen, "save_before_exit", None)
            if callable(save):
                save()

    def _leave_on_signal(self, signum: int = signal.SIGHUP) -> None:
        """A closed terminal, or `kill`: the app leaves as on ctrl+q, work saved first."""
        if signum == signal.SIGHUP:
            self.terminal_closed()
            return
        self._save_drafts()
        self.exit()

    def terminal_closed(self) -> None:
        """The terminal is gone (SIGHUP, or the driver read its end): save, then leave without
        waiting on output nobody reads."""
        gone = getattr(self._driver, "terminal_gone", None)
        if gone is not None:
            gone.set()
        closing = getattr(self, "_closing_signals", None)
        if closing is not None:  # as after SIGHUP: a thread that does not end cannot keep it
            closing.deadline(signal.SIGHUP)
        self._save_drafts()
        self.exit()

    def compare_screen(self) -> CompareScreen | None:
        from workbench.tui.screens.compare import CompareScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, CompareScreen):
                return screen
        return None

    def action_command_palette(self) -> None:
        """Textual's palette, safe to close while it is still searching."""
        from textual.command import CommandPalette

        from workbench.tui.palette import SafeCommandPalette

        open_already = any(isinstance(s, CommandPalette) for s in self.screen_stack)
        if self.use_command_palette and not open_already:
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    def action_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_open_compare(self) -> None:
        from workbench.tui.screens.compare import CompareScreen

        existing = self.compare_screen()
        if existing is None:
            self.push_screen(CompareScreen())
        else:
            while self.screen is not existing:
                self.pop_screen()

    def action_open_history(self) -> None:
        from workbench.tui.screens.history import HistoryScreen

        def chosen(run_id: str | None) -> None:
            if not run_id:
                return
            screen = self.compare_screen()
            if screen is None:
                from workbench.tui.screens.compare import CompareScreen

                self.push_screen(CompareScreen(run_id=run_id))
                return
            self.action_open_compare()
            screen.open_run(run_id)

        self.push_screen(HistoryScreen(), chosen)

    def action_open_reviews(self) -> None:
        from workbench.services.review.store import resolve_dir
        from workbench.tui.screens.review_records import RecordsScreen

        self.push_screen(RecordsScreen(resolve_dir(None)))

    def action_open_describe(self) -> None:
        from workbench.tui.screens.describe import DescribeScreen

        self.push_screen(DescribeScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's, but "Keys" opens the workbench's help (F1), which escape closes: Textual's
        keys panel closes only by "Keys" again, and escape stops a run on the comparison."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand("Keys", "Every key and what it does (F1)", self.action_help)
            else:
                yield command

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def make_app(
    *,
    passage: str | None = None,
    source_language: str = "",
    target_language: str = "",
    styles: list[str] | None = None,
    reference: str | None = None,
    reference_name: str = "reference",
    round_trip: bool = False,
    samples: int = 1,
    model: str | None = None,
    provider: str | None = None,
    no_cache: bool = False,
    request: RunRequest | None = None,
    start: bool | None = None,
    run_id: str | None = None,
    compare: bool = False,
    cursor_blink: bool = True,
) -> WorkbenchApp:
    """The app. With a passage (and `compare`), it opens on the comparison screen and starts.

    `request` (from `workbench compare`) is the screen's first setup and how every run of it
    is made (model, provider, cache); without it, the other arguments make one. `start`
    (default: whether a passage is given) runs it at once."""
    screen = None
    if compare or passage is not None or run_id is not None or request is not None:
        from workbench.services.run import RunRequest
        from workbench.tui.screens.compare import CompareScreen

        if request is None:
            request = RunRequest(
                passage=passage or "",
                source_language=source_language,
                target_language=target_language,
                styles=tuple(styles or ()),
                samples=samples,
                round_trip=round_trip,
                reference=reference,
                reference_name=reference_name,
                model=model,
                provider=provider,
                no_cache=no_cache,
            )
        if start is None:
            start = passage is not None
        screen = CompareScreen(request, start=start and run_id is None, run_id=run_id)
    return WorkbenchApp(compare=screen, cursor_blink=cursor_blink)
