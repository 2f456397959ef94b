"""The decisions folder as the reviews screens hold it. No Textual here: the folder starts
loading before Textual is imported (see `review_app`)."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.review.checklist import Checklist
from workbench.core.review.record import DecisionRecord
from workbench.export.record_common import ExportContext
from workbench.io.review.catalog import Catalog
from workbench.services.review import store


def today() -> dt.date:
    return dt.date.today()


@dataclass
class Records:
    """The folder as loaded, shared by the browser and the reader (updated in place)."""

    root: Path
    folder: store.Folder
    catalog: Catalog
    loaded_at: dt.date = field(default_factory=today)
    shown: threading.Event = field(default_factory=threading.Event)
    """Set once the browser has painted the records (the parse cache is written after)."""

    def checklist_for(self, record: DecisionRecord) -> Checklist:
        return self.catalog.get(record.checklist.id)

    def replace(self, written: list[store.Stored]) -> None:
        by_path = {s.path: s for s in written}
        self.folder.records = [by_path.pop(s.path, s) for s in self.folder.records]
        self.folder.records.extend(by_path.values())

    def stored(self, record_id: str) -> store.Stored:
        return self.folder.find(record_id)

    def export_context(self) -> ExportContext:
        from workbench.services.review.export import export_context

        checklists = {k: e.checklist for k, e in self.catalog.entries.items()}
        return export_context([s.record for s in self.folder.records], checklists, today())


def load_records(root: Path) -> Records:
    return records_from(store.start_loading(root, busy=True))


def records_from(
    pending: store.PendingFolder,
    *,
    defer_cache_write: bool = False,
    shown: threading.Event | None = None,
) -> Records:
    from workbench.io.review.catalog import load_catalog

    folder = pending.result(defer_cache_write=defer_cache_write)
    return Records(pending.root, folder, load_catalog(), shown=shown or threading.Event())
