"""Decision records on disk: one YAML file per record in a folder (default `./decisions`).

Loading never raises for one bad file: it is kept as a problem and the rest load. Writing is
atomic, touches only files that parsed, never replaces an existing file when creating, and
never loses another process's change (`workbench.io.review.editing`: locked, checked, merged).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from workbench.core.errors import DataFileError, WorkbenchError
from workbench.core.review.checklist import Checklist
from workbench.core.review.record import (
    DecisionRecord,
    Links,
    Option,
    Ring,
    Status,
    StatusChange,
    Technology,
    gate_problems,
    new_id,
    radar_ring,
    slugify,
    transition_problem,
)
from workbench.io.review import editing, loading
from workbench.io.review.answers import Answers
from workbench.io.review.dump import dump_record as dump_record
from workbench.io.review.dump import record_data as record_data
from workbench.io.review.editing import EditConflict as EditConflict
from workbench.io.review.editing import Stored as Stored
from workbench.io.review.editing import read_stored as read_stored
from workbench.io.review.loading import parse_record, read_record_bytes

SUFFIXES = (".yaml", ".yml")


@dataclass
class Folder:
    root: Path
    records: list[Stored] = field(default_factory=list)
    skipped: list[DataFileError] = field(default_factory=list)

    def by_id(self) -> dict[str, list[Stored]]:
        out: dict[str, list[Stored]] = defaultdict(list)
        for stored in self.records:
            out[stored.record.id].append(stored)
        return out

    def refuse_shared_ids(self, records: Iterable[DecisionRecord], doing: str) -> None:
        """Raise, naming the files, when one of `records` shares its id with another file (a
        record file copied to start another): `doing` would mix the two up."""
        by_id = self.by_id()
        for record in records:
            same = by_id.get(record.id, [])
            if len(same) > 1:
                files = ", ".join(str(s.path) for s in same)
                raise WorkbenchError(
                    f"id {record.id} is used by several files: {files}; nothing {doing} "
                    "(give each record its own id)"
                )

    def find(self, ref: str) -> Stored:
        """A record by its id, a unique prefix, its random suffix, or a unique part of it."""
        ref = ref.strip()
        exact = [s for s in self.records if s.record.id == ref]
        matches = (
            exact
            or [s for s in self.records if s.record.id.startswith(ref) or s.record.id.endswith(ref)]
            or [s for s in self.records if ref in s.record.id]
        )
        if not ref or not matches:
            bad = [e for e in self.skipped if ref and ref in Path(e.path).name]
            if bad:
                raise WorkbenchError(f"record {ref!r} cannot be read: {bad[0].message}")
            raise WorkbenchError(f"no record {ref!r} in {self.root}")
        ids = sorted({s.record.id for s in matches})
        if len(ids) > 1:
            raise WorkbenchError(f"{ref!r} matches several records: {', '.join(ids[:5])}")
        if len(matches) > 1:
            files = ", ".join(str(s.path) for s in matches)
            raise WorkbenchError(f"id {ids[0]} is used by several files: {files}")
        return matches[0]


def tag_key(tag: str) -> str:
    return slugify(tag, max_len=60)


def resolve_dir(explicit: Path | None) -> Path:
    """`--dir`, else WORKBENCH_DECISIONS_DIR or the config file, else `./decisions`."""
    if explicit is not None:
        return explicit
    from workbench.io.config import load_settings

    return Path(load_settings().review.dir).expanduser()


def record_files(root: Path) -> list[Path]:
    if not root.is_dir():
        if root.exists():
            raise WorkbenchError(f"{root} is not a folder")
        raise WorkbenchError(
            f"no decisions folder at {root} (create a record with `workbench review new`, "
            "or pass --dir)"
        )
    try:  # unreadable (permissions), or gone since the check above: said, not a crash
        with os.scandir(root) as entries:
            found = [e.name for e in entries if e.is_file()]
    except OSError as exc:
        raise WorkbenchError(f"cannot read the decisions folder {root}: {exc.strerror}") from None
    names = sorted(n for n in found if n.endswith(SUFFIXES) and not n.startswith("."))
    return [root / name for name in names]


def load_record(path: Path) -> DecisionRecord:
    return parse_record(path, read_record_bytes(path))


def load_folder(root: Path, *, cache: bool = True) -> Folder:
    """Every record in `root`; a file that fails is kept in `skipped`, never raised."""
    return start_loading(root, cache=cache).result()


def start_loading(root: Path, *, cache: bool = True, busy: bool = False) -> PendingFolder:
    """Start loading `root` (its workers start at once); `result()` finishes. Raises at once
    if `root` is not a folder. `busy`: see `loading.start_loading`."""
    paths = record_files(root)
    return PendingFolder(root, paths, loading.start_loading(paths, cache=cache, busy=busy))


@dataclass
class PendingFolder:
    root: Path
    paths: list[Path]
    load: loading.PendingLoad

    def result(self, *, defer_cache_write: bool = False) -> Folder:
        """The folder, once loaded (call once); `defer_cache_write`: see `write_cache`.
        (The garbage collector's tuning for big folders is the app's: `workbench.io.gc_tuning`.)"""
        folder = Folder(self.root)
        outcomes = self.load.finish(defer_cache_write=defer_cache_write)
        for path, outcome in zip(self.paths, outcomes, strict=True):
            if isinstance(outcome, DataFileError):
                folder.skipped.append(outcome)
            else:
                folder.records.append(Stored(path, outcome))
        return folder

    def write_cache(self) -> None:
        """After `result(defer_cache_write=True)`: write the newly parsed records into the
        parse cache (in the thread that called `result`)."""
        self.load.write_cache()


def update(base: Stored, record: DecisionRecord) -> Stored:
    """Write `record`, which is `base.record` changed: under the record's lock, merged with any
    change made to other fields meanwhile; EditConflict when someone changed the same field."""
    return editing.commit([(base, record)])[0].stored


def create(root: Path, record: DecisionRecord) -> Stored:
    """The record's new file in `root`; never replaces one (WorkbenchError if it exists)."""
    return editing.create(root / f"{record.id}.yaml", record)


# ---- operations ----------------------------------------------------------------------------


@dataclass
class NewRecord:
    title: str
    checklist: Checklist
    answers: Answers
    technology: str | None = None
    quadrant: str | None = None
    ring: str | None = None
    tags: list[str] = field(default_factory=list)
    solves: list[str] = field(default_factory=list)
    decision_makers: list[str] = field(default_factory=list)
    consulted: list[str] = field(default_factory=list)
    informed: list[str] = field(default_factory=list)
    revisit_by: dt.date | None = None
    supersedes: list[str] = field(default_factory=list)
    """Records this one is to replace: they are marked superseded when it is accepted."""


def build_record(
    spec: NewRecord, today: dt.date, *, taken: set[str] | None = None
) -> DecisionRecord:
    taken = taken or set()
    record_id = new_id(spec.title, today)
    while record_id in taken:
        record_id = new_id(spec.title, today)
    technology = spec.technology or spec.title
    tech: dict[str, object] = {"name": technology}
    if spec.quadrant:
        tech["quadrant"] = spec.quadrant
    if spec.ring:
        tech["ring"] = spec.ring
    options = [
        Option(
            name="Current stack",
            current_stack=True,
            description=spec.answers.text.get("current-stack", ""),
        )
    ]
    if technology.casefold() != "current stack":
        options.append(Option(name=technology))
    try:
        return DecisionRecord(
            id=record_id,
            title=spec.title,
            status="draft",
            date=today,
            revisit_by=spec.revisit_by,
            decision_makers=spec.decision_makers,
            consulted=spec.consulted,
            informed=spec.informed,
            tags=spec.tags,
            technology=Technology.model_validate(tech),
            solves=spec.solves,
            checklist={"id": spec.checklist.id, "version": spec.checklist.version},  # type: ignore[arg-type]
            answers=spec.answers.text,
            references=spec.answers.references,
            review=spec.answers.review,
            options=options,
            links=Links(supersedes=spec.supersedes),
            history=[StatusChange(status="draft", date=today)],
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        if exc.title == Technology.__name__:
            named = "" if spec.technology else " (the title, when no technology name is given)"
            where = f"technology.{where}{named}"
        raise WorkbenchError(f"{where}: {first['msg']}") from None


def with_answers(record: DecisionRecord, answers: Answers) -> DecisionRecord:
    """The record with these answers laid over its own (each given answer replaces the old)."""
    update: dict[str, object] = {"answers": {**record.answers, **answers.text}}
    if answers.references:
        update["references"] = answers.references
    if answers.review is not None:
        update["review"] = answers.review
    stack = answers.text.get("current-stack")
    if stack is not None:
        old = record.answers.get("current-stack", "")
        update["options"] = [
            o.model_copy(update={"description": stack})
            if o.current_stack and o.description in ("", old)
            else o
            for o in record.options
        ]
    return record.model_copy(update=update)


def with_status(
    record: DecisionRecord, status: Status, today: dt.date, note: str
) -> DecisionRecord:
    ring = radar_ring(record.model_copy(update={"status": status}))
    change = StatusChange(status=status, date=today, note=note, ring=ring)
    update: dict[str, object] = {"status": status, "history": [*record.history, change]}
    if status in ("accepted", "rejected"):
        update["decided"] = today
    return record.model_copy(update=update)


def with_ring(record: DecisionRecord, ring: Ring, today: dt.date, note: str) -> DecisionRecord:
    """The record moved to radar ring `ring`, the move kept in its status history (the
    status stays); a record not on the radar (a draft, superseded) cannot move."""
    if radar_ring(record) is None:
        raise WorkbenchError(f"{record.id} is {record.status}, not on the radar; it has no ring")
    if radar_ring(record) == ring:
        raise WorkbenchError(f"{record.id} is already in ring {ring}")
    change = StatusChange(status=record.status, date=today, note=note, ring=ring)
    technology = record.technology.model_copy(update={"ring": ring})
    return record.model_copy(
        update={"technology": technology, "history": [*record.history, change]}
    )


def set_ring(folder: Folder, ref: str, ring: Ring, *, today: dt.date, note: str = "") -> Stored:
    """Move a record's technology to another radar ring (locked, merged like every edit)."""
    target = folder.find(ref)
    return update(target, with_ring(target.record, ring, today, note))


def check_gate(record: DecisionRecord, checklist: Checklist, status: Status) -> None:
    if status not in ("proposed", "accepted"):
        return
    missing = gate_problems(record, checklist, status)
    if missing:
        raise WorkbenchError(
            f"{record.id} cannot become {status} yet: " + "; ".join(missing), exit_code=2
        )


def set_status(
    folder: Folder,
    ref: str,
    status: Status,
    checklist_for: Callable[[DecisionRecord], Checklist],
    *,
    supersedes: list[str] | None = None,
    today: dt.date,
    note: str = "",
    decision: str | None = None,
) -> list[Stored]:
    """Move a record to `status`, checking its gate; with `supersedes`, also mark each old
    record superseded and link both sides. Nothing is written unless every check passes."""
    target = folder.find(ref)
    record = target.record
    wanted = list(supersedes or [])
    if status == "accepted":  # the replacements it was opened for (`review new --supersedes`)
        wanted += pending_supersedes(record, folder)
    olds = list({id(s): s for s in (folder.find(r) for r in wanted)}.values())
    if olds and status != "accepted":
        raise WorkbenchError("only an accepted record can supersede others (use status accepted)")
    if not (olds and record.status == status):
        problem = transition_problem(record.status, status)
        if problem:
            raise WorkbenchError(f"{record.id}: {problem}")
    check_gate(record, checklist_for(record), status)

    written: list[Stored] = []
    new_links = list(record.links.supersedes)
    for old in olds:
        if old.record.id == record.id:
            raise WorkbenchError("a record cannot supersede itself")
        if old.record.status not in ("accepted", "deprecated", "superseded"):
            raise WorkbenchError(
                f"{old.record.id} is {old.record.status}; only an accepted or deprecated "
                "record can be superseded"
            )
        old_record = old.record
        if old_record.status != "superseded":
            old_record = with_status(old_record, "superseded", today, f"superseded by {record.id}")
        by = list(old_record.links.superseded_by)
        if record.id not in by:
            by.append(record.id)
        old_record = old_record.model_copy(
            update={"links": Links(supersedes=old_record.links.supersedes, superseded_by=by)}
        )
        written.append(Stored(old.path, old_record))
        if old.record.id not in new_links:
            new_links.append(old.record.id)
    if record.status != status:
        record = with_status(record, status, today, note)
    if decision is not None:
        record = record.model_copy(update={"decision": decision})
    record = record.model_copy(
        update={"links": Links(supersedes=new_links, superseded_by=record.links.superseded_by)}
    )
    written.append(Stored(target.path, record))
    bases = {s.path: s for s in (target, *olds)}
    saved = editing.commit([(bases[s.path], s.record) for s in written])
    return [s.stored for s in saved]


def pending_supersedes(record: DecisionRecord, folder: Folder) -> list[str]:
    """The records `record` says it supersedes that do not say so yet: they are marked
    superseded when it is accepted."""
    by_id = folder.by_id()
    return [
        old
        for old in record.links.supersedes
        if not any(record.id in s.record.links.superseded_by for s in by_id.get(old, []))
    ]


def check_replaceable(folder: Folder, refs: list[str]) -> list[str]:
    """The ids of `refs` (ids or unique parts of them), each an accepted or deprecated record
    that a new record may be opened to supersede."""
    ids = []
    for ref in refs:
        old = folder.find(ref).record
        if old.status not in ("accepted", "deprecated"):
            raise WorkbenchError(
                f"{old.id} is {old.status}; only an accepted or deprecated record can be superseded"
            )
        ids.append(old.id)
    return ids


def adr_numbers(records: list[DecisionRecord]) -> dict[str, int]:
    """ADR numbers for export: each record's stored number (see review/numbering.py)."""
    from workbench.services.review.numbering import numbers

    return numbers(records)
