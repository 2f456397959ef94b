"""The records browser and the record reader.

The browser loads the decisions folder in a thread worker (the store's parse cache makes a
second opening quick), lists the records newest first, and filters by status, tag, due date and
a search that narrows as you type. The reader renders a record with the same Markdown exporter
the CLI uses (`<` escaped, control characters removed; links are not opened), and moves the
record through its lifecycle through the store, showing each gate before it is tried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Header, Input, Markdown, Select, Static

from workbench.errors import WorkbenchError
from workbench.review import store
from workbench.review.checklist import Checklist
from workbench.review.record import (
    STATUSES,
    TRANSITIONS,
    DecisionRecord,
    Review,
    Status,
    gate_problems,
)
from workbench.tui.records import Records, load_records, today
from workbench.tui.review_commands import ReviewCommands
from workbench.tui.text import literal, tell
from workbench.tui.widgets.footer import KeyFooter
from workbench.tui.widgets.record_table import Column, RecordTable, Row, clean_cell

ALL = "*"


def is_due(record: DecisionRecord, day: dt.date) -> bool:
    return (
        record.revisit_by is not None and record.revisit_by <= day and record.status != "superseded"
    )


@dataclass(frozen=True)
class Entry:
    """One record as the browser filters it: its row, its search text, its filter keys."""

    row: Row
    status: str
    tags: frozenset[str]
    due: bool
    haystack: str


def entry(record: DecisionRecord, day: dt.date) -> Entry:
    due = is_due(record, day)
    revisit = record.revisit_by.isoformat() if record.revisit_by else ""
    cells = (
        clean_cell(record.title),
        record.status,
        clean_cell(record.technology.name),
        record.date.isoformat(),
        record.decided.isoformat() if record.decided else "",
        revisit + (" due" if due else ""),
        record.id,
    )
    hay = " ".join([record.id, record.title, record.technology.name, *record.tags, record.status])
    return Entry(Row(record.id, cells), record.status, frozenset(record.tags), due, hay.casefold())


def matching(entries: list[Entry], query: str, status: str, tag: str, due: bool) -> list[Row]:
    """The rows that pass every filter; the query's words must all appear (any order)."""
    words = query.casefold().split()
    return [
        e.row
        for e in entries
        if (status == ALL or e.status == status)
        and (tag == ALL or tag in e.tags)
        and (not due or e.due)
        and all(w in e.haystack for w in words)
    ]


COLUMNS = [
    Column("title", 0),
    Column("status", 10, narrow=9),
    Column("technology", 16, narrow=12),
    Column("opened", 10),
    Column("decided", 10, narrow=-1),
    Column("revisit by", 14),
    Column("id", 38, narrow=6, keep_end=True),
]


class RecordsScreen(Screen[None]):
    CSS_PATH = "../review.tcss"
    COMMANDS: ClassVar = {ReviewCommands}
    ESSENTIAL_KEYS = ("records.search", "table.select", "app.help", "app.quit")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="records.back", tooltip="Back to the home screen"),
        Binding("slash,ctrl+f", "search", "Search", id="records.search", tooltip="Search records"),
        Binding("ctrl+n", "new_review", "New review", id="records.new", tooltip="Start a review"),
        Binding(
            "ctrl+e", "edit", "Edit", id="records.edit", tooltip="Reopen the guided review on it"
        ),
        Binding("ctrl+x", "export", "Export all", id="records.export", tooltip="Export records"),
        Binding("f5", "reload", "Reload", id="records.reload", tooltip="Read the folder again"),
    ]

    def __init__(
        self, root: Path, *, select: str | None = None, preload: Future[Records] | None = None
    ) -> None:
        super().__init__()
        self.root = root
        self.records: Records | None = None
        self.entries: list[Entry] = []
        self.select_id = select
        self._preload = preload
        """The folder, already being read while the app started (`review browse`)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="records-filters"):
            yield Input(placeholder="search title, id, technology, tag", id="records-search")
            yield Select(
                [("all statuses", ALL), *[(s, s) for s in STATUSES]],
                value=ALL,
                allow_blank=False,
                id="records-status",
            )
            yield Select([("all tags", ALL)], value=ALL, allow_blank=False, id="records-tag")
            yield Checkbox("due", id="records-due", tooltip="Only records due for revisit")
        yield Static(literal(f"loading {self.root} …"), id="records-summary")
        yield RecordTable(COLUMNS, id="records-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = str(self.root)
        self.query_one(RecordTable).focus()
        self.load()

    @work(thread=True, exclusive=True, group="records-load")
    def load(self) -> None:
        preload, self._preload = self._preload, None
        try:
            records = preload.result() if preload is not None else load_records(self.root)
        except WorkbenchError as exc:
            self.app.call_from_thread(self._failed, exc.message)
            return
        self.app.call_from_thread(self._loaded, records)

    def _failed(self, message: str) -> None:
        text = message
        if not self.root.exists():
            text = f"No decisions folder at {self.root} yet: ctrl+n starts a review."
        self.query_one("#records-summary", Static).update(literal(text))
        self.records = None
        self.entries = []
        self.query_one(RecordTable).set_rows([])

    def _loaded(self, records: Records) -> None:
        self.records = records
        self._rebuild()
        tags = sorted({t for s in records.folder.records for t in s.record.tags})
        select: Select[str] = self.query_one("#records-tag", Select)
        current = select.value
        select.set_options([("all tags", ALL), *[(t, t) for t in tags]])
        select.value = current if current in tags else ALL
        self.refilter()
        self.call_after_refresh(records.shown.set)  # then the parse cache is written

    def _rebuild(self) -> None:
        assert self.records is not None
        day = today()
        ordered = sorted(
            (s.record for s in self.records.folder.records),
            key=lambda r: (r.date, r.id),
            reverse=True,
        )
        self.entries = [entry(r, day) for r in ordered]

    def refilter(self) -> None:
        table = self.query_one(RecordTable)
        status = str(self.query_one("#records-status", Select).value)
        tag = str(self.query_one("#records-tag", Select).value)
        due = self.query_one("#records-due", Checkbox).value
        query = self.query_one("#records-search", Input).value
        rows = matching(self.entries, query, status, tag, due)
        keep = self.select_id or table.current_key
        self.select_id = None
        table.set_rows(rows, keep=keep)
        total = len(self.entries)
        summary = f"{len(rows)} of {total} record{'s' if total != 1 else ''} in {self.root}"
        skipped = len(self.records.folder.skipped) if self.records else 0
        if skipped:
            summary += f" · {skipped} file{'s' if skipped != 1 else ''} skipped (not valid records)"
        if not total:
            summary += " · ctrl+n starts a review"
        self.query_one("#records-summary", Static).update(literal(summary))

    @on(Input.Changed, "#records-search")
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _filters_changed(self) -> None:
        if self.records is not None:
            self.refilter()

    @on(Input.Submitted, "#records-search")
    def _search_done(self) -> None:
        self.query_one(RecordTable).focus()

    def on_screen_resume(self) -> None:
        if self.records is not None:
            self._rebuild()
            self.refilter()

    @on(RecordTable.Selected)
    def _open(self, event: RecordTable.Selected) -> None:
        if self.records is not None:
            self.app.push_screen(RecordReaderScreen(self.records, event.key))

    # ---- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()

    def action_search(self) -> None:
        self.query_one("#records-search", Input).focus()

    def action_reload(self) -> None:
        self.load()

    def action_new_review(self) -> None:
        from workbench.review.catalog import load_catalog
        from workbench.tui.screens.review_dialogs import ChecklistDialog

        catalog = self.records.catalog if self.records else load_catalog()
        choices = [(k, e.checklist.title) for k, e in sorted(catalog.entries.items())]

        def chosen(checklist_id: object) -> None:
            if isinstance(checklist_id, str):
                self.start_review(catalog.get(checklist_id))

        self.app.push_screen(ChecklistDialog(choices), chosen)

    def start_review(self, checklist: Checklist, title: str | None = None, **fields: Any) -> None:
        start_review(self, self.root, checklist, title, self.review_closed, **fields)

    def edit(self, record_id: str) -> None:
        if self.records is None:
            return
        open_review(self, self.records, record_id, self.review_closed)

    def review_closed(self, record_id: str | None) -> None:
        self.select_id = record_id
        self.load()

    def action_edit(self) -> None:
        key = self.query_one(RecordTable).current_key
        if key:
            self.edit(key)

    def action_export(self) -> None:
        if self.records is not None:
            ask_export(
                self, self.records, [s.record for s in self.records.folder.records], "all records"
            )


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
    from workbench.review.drafts import Draft
    from workbench.tui.screens.review_flow import ReviewFlowScreen

    draft = Draft.start(root, checklist, title or "Untitled review", **fields)
    screen.app.push_screen(ReviewFlowScreen(draft, ask_title=not title), done)


def open_review(
    screen: Screen[None], records: Records, record_id: str, done: Callable[[str | None], None]
) -> None:
    from workbench.review.drafts import Draft
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

    from workbench.export.records import export_records

    ctx = records.export_context()
    try:
        written = await asyncio.to_thread(export_records, fmt, chosen, out, ctx)
    except (OSError, WorkbenchError) as exc:
        tell(screen, f"export failed: {exc}", severity="error")
        return
    count = len(written)
    tell(screen, f"wrote {count} file{'s' if count != 1 else ''} to {out}")


def without_front_matter(markdown: str) -> str:
    """The MADR page without its YAML front matter (the status line above says the same)."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[end + 5 :].lstrip("\n")
    return markdown


class RecordReaderScreen(Screen[None]):
    CSS_PATH = "../review.tcss"
    COMMANDS: ClassVar = {ReviewCommands}
    ESSENTIAL_KEYS = ("reader.back", "reader.status", "reader.edit", "app.help", "app.quit")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="reader.back", tooltip="Back to the records"),
        Binding("t", "status", "Status", id="reader.status", tooltip="Change the status"),
        Binding(
            "a", "accept", "Accept", id="reader.accept", tooltip="Accept (asks for the review)"
        ),
        Binding(
            "s", "supersede", "Supersede", id="reader.supersede", tooltip="Replace it by another"
        ),
        Binding("e", "edit", "Edit", id="reader.edit", tooltip="Reopen the guided review"),
        Binding("x", "export", "Export", id="reader.export", tooltip="Export this record"),
    ]

    def __init__(self, records: Records, record_id: str) -> None:
        super().__init__()
        self.records = records
        self.record_id = record_id

    @property
    def record(self) -> DecisionRecord:
        return self.records.stored(self.record_id).record

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="reader-status")
        with VerticalScroll(id="reader-body"):
            yield Markdown(id="reader-markdown", open_links=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#reader-body").focus()

    def show(self) -> None:
        from workbench.export.record_markdown import render

        record = self.record
        ctx = self.records.export_context()
        self.sub_title = record.id
        allowed = ", ".join(TRANSITIONS[record.status]) or "nothing (final)"
        self.query_one("#reader-status", Static).update(
            literal(
                f"{record.status} · can move to {allowed} · {self.records.stored(record.id).path}"
            )
        )
        self.query_one(Markdown).update(without_front_matter(render(record, ctx)))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        tell(self, f"link (not opened): {event.href}")

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        def closed(record_id: str | None) -> None:
            path = self.records.stored(self.record_id).path
            try:  # only this record changed: read it again, not the whole folder
                self.records.replace([store.Stored(path, store.load_record(path))])
            except WorkbenchError as exc:
                tell(self, exc.message, severity="error")
            self.show()

        open_review(self, self.records, self.record_id, closed)

    def action_export(self) -> None:
        ask_export(self, self.records, [self.record], "this record")

    # ---- lifecycle -------------------------------------------------------------------------

    def _gaps(self, record: DecisionRecord) -> dict[str, list[str]]:
        try:
            checklist = self.records.checklist_for(record)
        except WorkbenchError as exc:
            return {"proposed": [exc.message], "accepted": [exc.message]}
        return {t: gate_problems(record, checklist, t) for t in ("proposed", "accepted")}

    def action_status(self) -> None:
        from workbench.tui.screens.review_dialogs import StatusDialog

        record = self.record
        targets = list(TRANSITIONS[record.status])
        if not targets:
            tell(self, f"A {record.status} record is final.", severity="warning")
            return

        def chosen(result: object) -> None:
            if isinstance(result, tuple):
                target, note = result
                self.move(target, note=note)

        self.app.push_screen(StatusDialog(record, targets, self._gaps(record)), chosen)

    def action_accept(self) -> None:
        self.move("accepted")

    def move(
        self,
        target: Status,
        *,
        note: str = "",
        supersedes: list[str] | None = None,
        record_id: str | None = None,
        decision: str | None = None,
    ) -> None:
        """Move a record (this one unless `record_id`) to `target`, asking for question 8's
        review first when accepting needs it, and listing what is missing otherwise. Accepting
        a record with no decision written asks for it (it may be left empty)."""
        from workbench.tui.screens.dialogs import TextDialog
        from workbench.tui.screens.review_dialogs import GateDialog, ReviewDialog

        stored = self.records.stored(record_id or self.record_id)
        record = stored.record
        gaps = self._gaps(record).get(target, []) if target in ("proposed", "accepted") else []
        review_gap = [g for g in gaps if "question 8" in g or "review must record" in g]
        if target == "accepted" and gaps and len(review_gap) == len(gaps):

            def reviewed(result: object) -> None:
                if isinstance(result, Review):
                    updated = record.model_copy(update={"review": result})
                    try:
                        saved = store.update(stored, updated)
                    except (OSError, WorkbenchError) as exc:
                        tell(self, f"could not save: {exc}", severity="error")
                        return
                    self.records.replace([saved])
                    self.move(
                        target,
                        note=note,
                        supersedes=supersedes,
                        record_id=record.id,
                        decision=decision,
                    )

            why = f"To accept “{record.title}”, record question 8's mixed-discipline review"
            self.app.push_screen(ReviewDialog(record.review, why), reviewed)
            return
        if gaps:
            self.app.push_screen(GateDialog(target, gaps, None, record.title))
            return
        if target == "accepted" and decision is None and not record.decision.strip():

            def decided(text: str | None) -> None:
                if text is not None:  # cancelled: nothing is accepted
                    self.move(
                        target,
                        note=note,
                        supersedes=supersedes,
                        record_id=record.id,
                        decision=text.strip(),
                    )

            why = f"Accepting “{record.title}”: what was decided? (ctrl+s; may be left empty)"
            self.app.push_screen(TextDialog(why), decided)
            return
        try:
            written = store.set_status(
                self.records.folder,
                record.id,
                target,
                self.records.checklist_for,
                supersedes=supersedes,
                today=today(),
                note=" ".join(note.split()),
                decision=decision or None,
            )
        except (OSError, WorkbenchError) as exc:
            tell(self, str(exc), severity="error")
            return
        self.records.replace(written)
        self.show()
        names = ", ".join(f"{s.record.id}: {s.record.status}" for s in written)
        tell(self, names)

    def action_supersede(self) -> None:
        from workbench.tui.screens.review_dialogs import NEW_RECORD, PickRecordDialog

        old = self.record
        if old.status not in ("accepted", "deprecated"):
            tell(
                self,
                f"Only an accepted or deprecated record can be superseded ({old.status}).",
                severity="warning",
            )
            return
        candidates = [
            s.record
            for s in self.records.folder.records
            if s.record.id != old.id and s.record.status in ("proposed", "accepted")
        ]
        candidates.sort(key=lambda r: (r.date, r.id), reverse=True)

        def chosen(new_id: object) -> None:
            if new_id == NEW_RECORD:
                self.replace_with_new_review(old)
            elif isinstance(new_id, str):
                self.move("accepted", supersedes=[old.id], record_id=new_id)

        self.app.push_screen(
            PickRecordDialog(
                "What supersedes this record?",
                candidates,
                "A new review, or a record already written: that one is accepted (if it is not "
                "yet) and this one is marked superseded; both records link to each other.",
                new_label="A new review to replace it",
            ),
            chosen,
        )

    def replace_with_new_review(self, old: DecisionRecord) -> None:
        """A new review that supersedes `old` once it is accepted."""
        try:
            checklist = self.records.checklist_for(old)
        except WorkbenchError as exc:
            tell(self, exc.message, severity="error")
            return

        def closed(record_id: str | None) -> None:
            if record_id is None:
                return
            try:
                stored = self.records.folder.find(record_id)
                path = stored.path
            except WorkbenchError:
                path = self.records.root / f"{record_id}.yaml"
            try:
                self.records.replace([store.Stored(path, store.load_record(path))])
            except WorkbenchError as exc:
                tell(self, exc.message, severity="error")
                return
            self.show()
            tell(self, f"{record_id} will supersede this record once it is accepted.")

        start_review(self, self.records.root, checklist, None, closed, supersedes=[old.id])
