"""The workbench app with the records browser (and maybe a review) on top of home."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from workbench.tui.app import WorkbenchApp
from workbench.tui.records import Records


class ReviewApp(WorkbenchApp):
    SUB_TITLE = "tech-adoption reviews"

    def __init__(
        self,
        root: Path,
        preload: Future[Records],
        shown: threading.Event,
        *,
        then: Callable[[object], None] | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__(cursor_blink=cursor_blink)
        self.root = root
        self._then = then
        self._preload = preload
        self._shown = shown
        """Set once the records are painted (by the browser) or the app closes."""

    def on_mount(self) -> None:
        # Textual runs WorkbenchApp.on_mount (which pushes home) after this handler: open the
        # reviews screens once it has.
        self.call_later(self._open_reviews)

    def on_unmount(self) -> None:
        self._shown.set()  # leaving: the parse cache need not wait for a paint

    def _open_reviews(self) -> None:
        from workbench.tui.screens.review_records import RecordsScreen

        browser = RecordsScreen(self.root, preload=self._preload)
        self.push_screen(browser)
        if self._then is not None:
            self._then(browser)
