"""What the records browser and the reader both start: a new guided review, an existing one
reopened, an export of some records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from workbench.core.errors import WorkbenchError
from workbench.core.review.checklist import Checklist
from workbench.core.review.record import DecisionRecord
from workbench.tui.records import Records
from workbench.tui.text import tell


def start_review(
    screen: Screen[None],
    root: Path,
    checklist: Checklist,
    title: str | None,
    done: Callable[[str | None], None],
    **fields: Any,
) -> None:
    """The guided review of a new record (asking its title first unless given); `fields`:
    `store.NewRecord`'s optional ones."""
    from workbench.services.review.drafts import Draft
    from workbench.tui.screens.review_flow import ReviewFlowScreen

    draft = Draft.start(root, checklist, title or "Untitled review", **fields)
    screen.app.push_screen(ReviewFlowScreen(draft, ask_title=not title), done)


def open_review(
    screen: Screen[None], records: Records, record_id: str, done: Callable[[str | None], None]
) -> None:
    from workbench.services.review.drafts import Draft
    from workbench.tui.screens.review_flow import ReviewFlowScreen

    try:
        stored = records.stored(record_id)
        checklist = records.checklist_for(stored.record)
    except WorkbenchError as exc:
        tell(screen, exc.message, severity="error")
        return
    screen.app.push_screen(ReviewFlowScreen(Draft.open(stored, checklist)), done)


def ask_export(
    screen: Screen[None], records: Records, chosen: list[DecisionRecord], what: str
) -> None:
    from workbench.tui.screens.review_dialogs import ExportDialog

    def answered(result: object) -> None:
        if not isinstance(result, tuple):
            return
        fmt, out = result
        screen.run_worker(_export(screen, records, chosen, fmt, out), group="records-export")

    screen.app.push_screen(ExportDialog(what, records.root.parent / "decisions-export"), answered)


async def _export(
    screen: Screen[None],
    records: Records,
    chosen: list[DecisionRecord],
    fmt: str,
    out: Path,
) -> None:
    import asyncio
    import time

    from workbench.services.review.export import export_records

    ctx = records.export_context()
    many = len(chosen) != 1
    tell(screen, f"exporting {len(chosen)} record{'s' if many else ''} to {out}…")
    started = time.monotonic()
    try:
        records.folder.refuse_shared_ids(chosen, "exported")
        written = await asyncio.to_thread(export_records, fmt, chosen, out, ctx)
    except (OSError, WorkbenchError) as exc:
        tell(screen, f"export failed: {exc}", severity="error")
        return
    count, took = len(written), time.monotonic() - started
    tell(screen, f"wrote {count} file{'s' if count != 1 else ''} to {out} ({took:.1f} s)")
