"""Helpers for the reviews TUI tests: records on disk, typing, finding the screens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Label, Markdown, Select
from textual.widgets._markdown import MarkdownBlock

from tests.tui.helpers import wait_for
from workbench.core.review.record import Reference, Review, Status
from workbench.io.review.answers import Answers
from workbench.io.review.catalog import load_catalog
from workbench.services.review import store
from workbench.tui.screens.review_dialogs import ExportDialog
from workbench.tui.screens.review_flow import ReviewFlowScreen
from workbench.tui.screens.review_records import RecordReaderScreen, RecordsScreen
from workbench.tui.widgets.record_table import RecordTable

HOSTILE = "[bold]x[/] [link=file:///etc/passwd]y[/link] \x1b[31mred\x1b[0m"

FULL = {
    "problem": "Order events pile up at peak.",
    "current-stack": "Partition the queue tables.",
    "new-costs": "Monitoring, training, on-call.",
    "current-stack-difficulty": "Write throughput tops out.",
    "replacement-commitment": "Yes, the old queue goes.",
    "trusted-references": "Asked two teams.",
    "low-risk-start": "Mirror one topic for a month.",
}


def make_record(
    root: Path,
    title: str,
    n: int,
    *,
    status: Status = "draft",
    tags: tuple[str, ...] = (),
    answers: dict[str, str] | None = None,
    review: bool = False,
    revisit_by: dt.date | None = None,
    technology: str | None = None,
) -> store.Stored:
    """A record with a fixed date and id suffix (so snapshots do not move)."""
    checklist = load_catalog().get("new-technology")
    spec = store.NewRecord(
        title=title,
        checklist=checklist,
        answers=Answers(
            text=dict(FULL if answers is None else answers),
            references=[Reference(name="Dee", said="Solid.", dislikes="Rebalancing.")],
            review=Review(who=["Ana", "Bo"], disciplines=["SRE", "security"], where="wiki/x")
            if review
            else None,
        ),
        technology=technology,
        tags=list(tags),
        revisit_by=revisit_by,
    )
    day = dt.date(2024, 1, 1) + dt.timedelta(days=n)
    record = store.build_record(spec, day)
    suffix = "abcdefghjkmnpqrstuvwxyz"[n % 23] * 5
    record = record.model_copy(update={"id": store.new_id(title, day, suffix=suffix)})
    if status != "draft":
        record = store.with_status(record, status, day, "")
    return store.create(root, record)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type `text` one key at a time (slow: keep it for short texts)."""
    await pilot.press(*["space" if c == " " else c for c in text])


async def paste_text(pilot: Pilot[Any], text: str) -> None:
    """Paste `text` into the focused widget, as the terminal driver delivers a paste."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def on_flow(pilot: Pilot[Any]) -> ReviewFlowScreen:
    """Wait for the guided review, with the focus in the pane of its current question."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReviewFlowScreen))
    screen = flow(pilot)
    await settle(pilot, screen)
    return screen


async def settle(pilot: Pilot[Any], screen: ReviewFlowScreen) -> None:
    def focused_in_pane() -> bool:
        focused = pilot.app.focused
        pane = "pane-start" if screen.current == "start" else f"q-{screen.current}"
        return focused is not None and any(a.id == pane for a in focused.ancestors)

    await wait_for(pilot, focused_in_pane)


def flow(pilot: Pilot[Any]) -> ReviewFlowScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReviewFlowScreen), screen
    return screen


async def browser(pilot: Pilot[Any]) -> RecordsScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RecordsScreen))
    screen = pilot.app.screen
    assert isinstance(screen, RecordsScreen)
    await wait_for(pilot, lambda: screen.records is not None)
    await pilot.pause()
    return screen


def shown_keys(screen: RecordsScreen) -> list[str]:
    return [row.key for row in screen.query_one(RecordTable).rows]


async def read_record(pilot: Pilot[Any], record_id: str) -> RecordReaderScreen:
    """From the browser (on screen), the record `record_id` opened: its row under the cursor,
    enter."""
    screen = pilot.app.screen
    assert isinstance(screen, RecordsScreen), screen
    screen.query_one(RecordTable).cursor = shown_keys(screen).index(record_id)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RecordReaderScreen))
    reader = pilot.app.screen
    assert isinstance(reader, RecordReaderScreen)
    return reader


async def export_as(pilot: Pilot[Any], key: str, out: Path, fmt: str) -> None:
    """`key` (ctrl+x: every record, in the browser; x: the one read) opens the export dialog,
    filled in with `fmt` and `out`, then OK clicked."""
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExportDialog))
    dialog = pilot.app.screen
    labels = [str(label.content) for label in dialog.query(Label)]
    assert {"Format", "Folder to write into"} <= set(labels), labels  # no unnamed field
    dialog.query_one("#export-format", Select).value = fmt
    dialog.query_one("#export-out", Input).value = str(out)
    await pilot.click("#ok")


PAST = dt.date(2000, 1, 1)
FUTURE = dt.date(2999, 1, 1)


def folder_of_records(root: Path) -> dict[str, store.Stored]:
    return {
        "kafka": make_record(
            root, "Adopt Kafka", 1, status="proposed", tags=("streaming",), technology="Kafka"
        ),
        "pulsar": make_record(
            root, "Adopt Pulsar", 2, status="proposed", tags=("streaming",), review=True
        ),
        "redis": make_record(
            root, "Cache with Redis", 3, status="accepted", review=True, revisit_by=PAST
        ),
        "draft": make_record(root, "Try Zig", 4, answers={}, revisit_by=FUTURE),
    }


def on_disk(stored: store.Stored) -> store.Stored:
    return store.Stored(stored.path, store.load_record(stored.path))


def markdown_text(markdown: Markdown) -> str:
    """The text of a Textual Markdown widget's blocks, as shown (markup kept literal)."""
    return "\n".join(str(block._content) for block in markdown.query(MarkdownBlock))
