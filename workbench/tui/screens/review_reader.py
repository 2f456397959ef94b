"""The record reader: a record rendered with the same Markdown exporter the CLI uses (`<`
escaped, control characters removed; links are not opened), moved through its lifecycle
through the store, each gate shown before it is tried."""

from __future__ import annotations

import os
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from workbench.core.errors import WorkbenchError
from workbench.core.review.record import (
    TRANSITIONS,
    DecisionRecord,
    GateProblem,
    Review,
    Status,
    gate_gaps,
)
from workbench.services.review import store
from workbench.tui.records import Records, today
from workbench.tui.review_commands import ReviewCommands
from workbench.tui.screens.review_actions import ask_export, open_review, start_review
from workbench.tui.text import literal, tell
from workbench.tui.widgets.footer import KeyFooter

FOLLOW_EVERY = 1.0
"""Seconds between two looks at the record file's stamp (one `stat`)."""


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
        self._seen: tuple[int, int, int] | None = None
        """The file's inode, mtime and size as last read (None: gone or unreadable)."""
        self._gone = ""
        """Why the file cannot be read now ("" while it can)."""

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
        self._seen = self._stamp()
        self.show()
        self.query_one("#reader-body").focus()
        self.set_interval(FOLLOW_EVERY, self.follow_disk)

    def on_screen_resume(self) -> None:
        self.follow_disk()

    # ---- the file, changed elsewhere (the CLI, another TUI, git) ---------------------------

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.records.stored(self.record_id).path)
        except (OSError, WorkbenchError):
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def follow_disk(self) -> None:
        """Read the record again if its file changed since it was read, and show it as it is
        now, so no action starts from a version that is no longer there."""
        stamp = self._stamp()
        if stamp == self._seen:
            return
        self._seen = stamp
        path = self.records.stored(self.record_id).path
        try:
            fresh = store.read_stored(path)
        except WorkbenchError as exc:
            gone = not os.path.lexists(path)
            self._gone = "deleted" if gone else f"cannot be read ({exc.message})"
            self.show()
            tell(self, f"{path}: the record file {self._gone} since it was shown", "warning")
            return
        self._gone = ""
        if fresh.record == self.record:
            self.show()
            return
        self.records.replace([fresh])
        self.record_id = fresh.record.id
        self.show()
        tell(self, f"{fresh.record.id} changed on disk (elsewhere): shown as it is now")

    def show(self) -> None:
        from workbench.export.record_markdown import render

        record = self.record
        ctx = self.records.export_context()
        self.sub_title = record.id
        allowed = ", ".join(TRANSITIONS[record.status]) or "nothing (final)"
        path = self.records.stored(record.id).path
        line = f"{record.status} · can move to {allowed} · {path}"
        if self._gone:
            line = f"{path}: the record file {self._gone}; shown as it was read"
        self.query_one("#reader-status", Static).update(literal(line))
        self.query_one(Markdown).update(without_front_matter(render(record, ctx)))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        tell(self, f"link (not opened): {event.href}")

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        self.follow_disk()

        def closed(record_id: str | None) -> None:
            path = self.records.stored(self.record_id).path
            try:  # only this record changed: read it again, not the whole folder
                self.records.replace([store.Stored(path, store.load_record(path))])
            except WorkbenchError as exc:
                tell(self, exc.message, severity="error")
            self.show()

        open_review(self, self.records, self.record_id, closed)

    def action_export(self) -> None:
        self.follow_disk()
        ask_export(self, self.records, [self.record], "this record")

    # ---- lifecycle -------------------------------------------------------------------------

    def _gaps(self, record: DecisionRecord) -> dict[str, list[GateProblem]]:
        try:
            checklist = self.records.checklist_for(record)
        except WorkbenchError as exc:
            problem = GateProblem("", "checklist", exc.message)
            return {"proposed": [problem], "accepted": [problem]}
        return {t: gate_gaps(record, checklist, t) for t in ("proposed", "accepted")}

    def action_status(self) -> None:
        self.follow_disk()
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
        self.follow_disk()
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
        """Move a record (this one unless `record_id`) to `target`, asking for the checklist's
        mixed-discipline review first when that is all accepting needs, and listing what is
        missing otherwise. Accepting a record with no decision written asks for it (it may be
        left empty)."""
        from workbench.tui.screens.dialogs import TextDialog
        from workbench.tui.screens.review_dialogs import GateDialog, ReviewDialog

        stored = self.records.stored(record_id or self.record_id)
        record = stored.record
        gaps = self._gaps(record).get(target, []) if target in ("proposed", "accepted") else []
        if target == "accepted" and gaps and all(g.kind == "review" for g in gaps):

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

            why = (
                f"To accept “{record.title}”, record question {gaps[0].number}'s "
                "mixed-discipline review"
            )
            self.app.push_screen(ReviewDialog(record.review, why), reviewed)
            return
        if gaps:
            self.app.push_screen(GateDialog(target, [str(g) for g in gaps], None, record.title))
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
        self.follow_disk()
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
