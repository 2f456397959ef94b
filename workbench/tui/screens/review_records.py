"""The records browser: the decisions folder loaded in a thread worker (the store's parse
cache makes a second opening quick), listed newest first, filtered by status, tag, due date and
a search that narrows as you type (`workbench.core.review.queries`, as `review list` filters).
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Checkbox, Header, Input, Select, Static

from workbench.core.errors import WorkbenchError
from workbench.core.review import queries
from workbench.core.review.checklist import Checklist
from workbench.core.review.record import STATUSES, DecisionRecord
from workbench.tui.records import Records, load_records, today
from workbench.tui.review_commands import ReviewCommands
from workbench.tui.screens.review_actions import ask_export, open_review, start_review
from workbench.tui.screens.review_reader import RecordReaderScreen as RecordReaderScreen
from workbench.tui.text import literal, problem_lines
from workbench.tui.widgets.footer import KeyFooter
from workbench.tui.widgets.record_table import Column, RecordTable, Row, clean_cell

ALL = "*"


def row(record: DecisionRecord, due: bool) -> Row:
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
    return Row(record.id, cells)


def query(status: str, tag: str, due: bool, text: str) -> queries.Query:
    """The filters as the browser's controls hold them (ALL: no filter)."""
    return queries.Query(
        statuses=frozenset() if status == ALL else frozenset({status}),
        tags=frozenset() if tag == ALL else frozenset({tag}),
        due=due,
        text=text,
    )


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
        self.index = queries.Index([], today())
        self.rows: list[Row] = []
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
        self.index = queries.Index([], today())
        self.rows = []
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
        self._name_skipped(records)
        self.call_after_refresh(records.shown.set)  # then the parse cache is written

    def _name_skipped(self, records: Records) -> None:
        """A notice naming the files that are not valid records (the summary counts them)."""
        skipped = records.folder.skipped
        if not skipped:
            return
        title = "not a valid record" if len(skipped) == 1 else "not valid records"
        self.notify(
            problem_lines(skipped, "workbench review validate"),
            title=f"Skipped, {title}",
            severity="warning",
            markup=False,
        )

    def _rebuild(self) -> None:
        assert self.records is not None
        records = (s.record for s in self.records.folder.records)
        self.index = queries.Index(records, today(), newest_first=True)
        self.rows = [
            row(r, e.due) for r, e in zip(self.index.records, self.index.entries, strict=True)
        ]

    def refilter(self) -> None:
        table = self.query_one(RecordTable)
        status = str(self.query_one("#records-status", Select).value)
        tag = str(self.query_one("#records-tag", Select).value)
        due = self.query_one("#records-due", Checkbox).value
        text = self.query_one("#records-search", Input).value
        rows = self.index.pick(self.rows, query(status, tag, due, text))
        keep = self.select_id or table.current_key
        self.select_id = None
        table.set_rows(rows, keep=keep)
        total = len(self.rows)
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
        search = self.query_one("#records-search", Input)
        if search.has_focus:  # undo the search first, as a find bar does
            if search.value:
                search.value = ""
            else:
                self.query_one(RecordTable).focus()
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()

    def action_search(self) -> None:
        self.query_one("#records-search", Input).focus()

    def action_reload(self) -> None:
        self.load()

    def action_new_review(self) -> None:
        from workbench.io.review.catalog import load_catalog
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
