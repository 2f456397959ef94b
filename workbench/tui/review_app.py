"""The app opened on the reviews screens (`workbench review new|edit|browse`)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.tui.app import WorkbenchApp

if TYPE_CHECKING:
    from workbench.tui.screens.review_records import Records


class ReviewApp(WorkbenchApp):
    """The workbench app with the records browser (and maybe a review) on top of home."""

    SUB_TITLE = "tech-adoption reviews"

    def __init__(
        self,
        root: Path,
        *,
        then: Callable[[object], None] | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__(cursor_blink=cursor_blink)
        self.root = root
        self._then = then
        # Read the folder while the app starts: file reads and the parse cache's SQLite run
        # outside the GIL, so ten thousand records are partly loaded by the first paint.
        self._preload = _start_loading(root)

    def on_mount(self) -> None:
        # Textual runs WorkbenchApp.on_mount (which pushes home) after this handler: open the
        # reviews screens once it has.
        self.call_later(self._open_reviews)

    def _open_reviews(self) -> None:
        from workbench.tui.screens.review_records import RecordsScreen

        browser = RecordsScreen(self.root, preload=self._preload)
        self.push_screen(browser)
        if self._then is not None:
            self._then(browser)


def _start_loading(root: Path) -> Future[Records]:
    from workbench.tui.screens.review_records import load_records

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="records-preload")
    future = pool.submit(load_records, root)
    pool.shutdown(wait=False)
    return future


def make_review_app(
    root: Path,
    *,
    checklist_id: str | None = None,
    title: str | None = None,
    technology: str | None = None,
    edit: str | None = None,
    cursor_blink: bool = True,
) -> ReviewApp:
    """The browser on `root`; with `checklist_id`, a new review on top; with `edit`, that record's
    review resumed where it was left."""
    from workbench.review.catalog import load_catalog

    then: Callable[[object], None] | None = None
    if checklist_id is not None:
        checklist = load_catalog().get(checklist_id)  # fails before the screen opens

        def then(browser: object) -> None:
            from workbench.tui.screens.review_records import RecordsScreen

            assert isinstance(browser, RecordsScreen)
            browser.start_review(checklist, title, technology)

    elif edit is not None:
        from workbench.review import store
        from workbench.review.drafts import Draft

        stored = store.load_folder(root).find(edit)
        draft = Draft.open(stored, load_catalog().get(stored.record.checklist.id))

        def then(browser: object) -> None:
            from workbench.tui.screens.review_flow import ReviewFlowScreen
            from workbench.tui.screens.review_records import RecordsScreen

            assert isinstance(browser, RecordsScreen)
            browser.app.push_screen(ReviewFlowScreen(draft), browser.review_closed)

    return ReviewApp(root, then=then, cursor_blink=cursor_blink)
