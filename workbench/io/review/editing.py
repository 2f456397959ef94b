"""Changing record files safely when a CLI, a TUI and git edit them at once.

Every write of a record holds its lock (`workbench.io.review.locking`) from reading the file to
replacing it, and checks first that the file is still the version the change was based on (its
bytes, or when those are not known, the record they hold). If someone changed it meanwhile,
the two changes are merged field by field (`workbench.core.review.merge`) when they touch different
fields; when both changed one field, nothing is written and `EditConflict` names the field.
So nothing another process reported as saved is ever lost. A new record's file is created only
where no file is. Writes are atomic (`workbench.io.atomic`). Every record written names its
schema in its first line, and the schema is kept beside it (`schema_file`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from workbench.core.errors import DataFileError, WorkbenchError
from workbench.core.review.merge import merge_records
from workbench.core.review.record import DecisionRecord
from workbench.io import refuse_link, write_text_atomic
from workbench.io.review.dump import dump_record
from workbench.io.review.loading import parse_record, read_record_bytes
from workbench.io.review.locking import locked
from workbench.io.review.schema_file import with_schema_line, write_schema_beside


@dataclass(frozen=True)
class Stored:
    path: Path
    record: DecisionRecord
    data: bytes | None = field(default=None, compare=False, repr=False)
    """The file's bytes the record was read from or written as, when known: the version an
    edit of it is based on."""


class EditConflict(WorkbenchError):
    """The record changed on disk since the edit's version was read, and the change cannot be
    merged (both changed one field, or the file is gone or unreadable). Nothing was written."""

    exit_code = 1

    def __init__(
        self, message: str, *, path: Path, fields: Sequence[str] = (), gone: bool = False
    ) -> None:
        super().__init__(message)
        self.path = path
        self.fields = list(fields)
        self.gone = gone
        """The file was removed (`create` may write it again)."""


@dataclass(frozen=True)
class Saved:
    stored: Stored
    """The record as it is on disk now."""
    theirs: list[str]
    """The fields taken from someone else's change made meanwhile (empty if none)."""


def read_stored(path: Path) -> Stored:
    """The record at `path` with the bytes it was read from (raises DataFileError)."""
    data = read_record_bytes(path)
    return Stored(path, parse_record(path, data), data)


def commit(
    edits: Sequence[tuple[Stored, DecisionRecord]], *, overrule: frozenset[str] = frozenset()
) -> list[Saved]:
    """Write each edit `(base, record)`: `record` is `base.record` changed. All or nothing:
    every file is locked and checked before any is written. A conflicting field named in
    `overrule` takes the edit's value (the user chose to replace the other one)."""
    with locked([base.path for base, _ in edits]):
        plans = [_plan(base, record, overrule) for base, record in edits]
        for (base, _), (record, _theirs, unchanged) in zip(edits, plans, strict=True):
            if unchanged is None:
                refuse_link(base.path)  # refused now, not after the others were written
                _loadable(base.path, record)
        saved = []
        for (base, _), (record, theirs, unchanged) in zip(edits, plans, strict=True):
            if unchanged is not None:
                saved.append(Saved(unchanged, theirs))
                continue
            text = with_schema_line(dump_record(record))
            write_text_atomic(base.path, text)
            write_schema_beside(base.path.parent)
            saved.append(Saved(Stored(base.path, record, text.encode("utf-8")), theirs))
    return saved


def _loadable(path: Path, record: DecisionRecord) -> None:
    """Refuse a record that would not load back (a change made with `model_copy`, which does
    not check: a title longer than a record holds, say): written, no command could read it."""
    try:
        DecisionRecord.model_validate(record.model_dump())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise WorkbenchError(
            f"{record.id}: {where}: {first['msg']}; not saved to {path} (nothing written)"
        ) from None


def _plan(
    base: Stored, mine: DecisionRecord, overrule: frozenset[str]
) -> tuple[DecisionRecord, list[str], Stored | None]:
    """What to write: (record, fields taken from theirs, the file as it is when no write is
    needed)."""
    path = base.path
    try:
        data = read_record_bytes(path)
    except DataFileError as exc:
        if _gone(path):
            raise EditConflict(
                f"{path} was removed since it was read; not saved (nothing written)",
                path=path,
                gone=True,
            ) from None
        raise EditConflict(f"{exc.message}; not saved (nothing written)", path=path) from None
    if base.data is not None and data == base.data:
        return mine, [], None
    try:
        current = parse_record(path, data)
    except DataFileError as exc:
        raise EditConflict(
            f"{path} changed since it was read and cannot be read now ({exc.problem}); "
            "left as it is, not saved (nothing written)",
            path=path,
        ) from None
    if current == base.record:  # the same record, written differently
        return mine, [], None
    merged = merge_records(base.record, mine, current, overrule=overrule)
    if merged.conflicts:
        fields = ", ".join(merged.conflicts)
        raise EditConflict(
            f"{mine.id}: {fields} changed in {path} since it was read (someone else edited "
            "it); not saved (nothing written): run again to make your change on top",
            path=path,
            fields=merged.conflicts,
        )
    try:
        record = DecisionRecord.model_validate(merged.data)
    except ValidationError as exc:
        raise EditConflict(
            f"{mine.id}: changed in {path} since it was read, and the two changes do not make "
            f"a valid record together ({exc.errors()[0]['msg']}); not saved (nothing written)",
            path=path,
        ) from None
    if record == current:  # the change was made already
        return record, merged.theirs, Stored(path, current, data)
    return record, merged.theirs, None


def _gone(path: Path) -> bool:
    """Whether nothing is at `path` (not: it cannot be looked at, in a folder now unreadable)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def create(path: Path, record: DecisionRecord) -> Stored:
    """Write a new record file; never replaces a file (another creation's, say)."""
    with locked([path]):
        if os.path.lexists(path):
            raise WorkbenchError(f"{path} already exists; not overwriting it")
        _loadable(path, record)
        text = with_schema_line(dump_record(record))
        write_text_atomic(path, text)
        write_schema_beside(path.parent)
    return Stored(path, record, text.encode("utf-8"))
