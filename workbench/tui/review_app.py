"""Opening the app on the reviews screens (`workbench review new|edit|browse`).

The decisions folder starts loading before Textual is imported: its pool's workers parse
records on the other cores while this process loads Textual and draws the first screen (file
reads and the parse cache's SQLite run outside the GIL too).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.tui.records import Records, records_from

if TYPE_CHECKING:
    from workbench.tui.review_shell import ReviewApp


def make_review_app(
    root: Path,
    *,
    checklist_id: str | None = None,
    title: str | None = None,
    fields: dict[str, Any] | None = None,
    edit: str | None = None,
    cursor_blink: bool = True,
) -> ReviewApp:
    """The browser on `root`; with `checklist_id`, a new review on top (`fields`: the new
    record's optional fields, as `store.NewRecord` names them: technology, tags, supersedes,
    ...); with `edit`, that record's review resumed where it was left."""
    from workbench import gc_tuning
    from workbench.review.catalog import load_catalog

    gc_tuning.tune()
    then: Callable[[object], None] | None = None
    shown = threading.Event()  # set by the browser's first paint of the records, or on exit
    if checklist_id is not None:
        checklist = load_catalog().get(checklist_id)  # fails before anything starts
        preload = _start_loading(root, shown)

        def then(browser: object) -> None:
            from workbench.tui.screens.review_records import RecordsScreen

            assert isinstance(browser, RecordsScreen)
            browser.start_review(checklist, title, **(fields or {}))

    elif edit is not None:
        from workbench.review.drafts import Draft

        preload = _start_loading(root, shown)
        try:  # fails before the screen opens
            records = preload.result()
            stored = records.folder.find(edit)
            draft = Draft.open(stored, records.catalog.get(stored.record.checklist.id))
        except BaseException:
            shown.set()  # no screen will: the parse cache is written now, not after a wait
            raise

        def then(browser: object) -> None:
            from workbench.tui.screens.review_flow import ReviewFlowScreen
            from workbench.tui.screens.review_records import RecordsScreen

            assert isinstance(browser, RecordsScreen)
            browser.app.push_screen(ReviewFlowScreen(draft), browser.review_closed)

    else:
        preload = _start_loading(root, shown)
    from workbench.tui.review_shell import ReviewApp

    return ReviewApp(root, preload, shown, then=then, cursor_blink=cursor_blink)


SHOW_WAIT = 3.0
"""Seconds the parse cache write waits for the browser to paint the records it loaded."""


def _start_loading(root: Path, shown: threading.Event) -> Future[Records]:
    """The folder's workers start now, from this thread; a thread gathers what they send,
    hands the records over, and only then writes the newly parsed ones to the parse cache."""
    from workbench.errors import WorkbenchError
    from workbench.review import store

    future: Future[Records] = Future()
    try:
        pending = store.start_loading(root, busy=True)
    except WorkbenchError as exc:  # no folder: the browser says so
        future.set_exception(exc)
        return future

    def gather() -> None:
        try:
            records = records_from(pending, defer_cache_write=True, shown=shown)
        except Exception as exc:  # the browser shows it
            future.set_exception(exc)
            return
        future.set_result(records)
        shown.wait(timeout=SHOW_WAIT)  # the screen first: it holds the GIL meanwhile
        pending.write_cache()

    threading.Thread(target=gather, name="records-preload").start()
    return future
