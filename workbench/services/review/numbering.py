"""ADR numbers that never move.

A record gets its number when it is created (the next free number in its folder) and keeps it:
the number is stored in the record, so adding, removing or renaming other records never changes
it, nor the export file name made from it.

Records made before numbers were stored have none. They get the number the export gave them
then (by date, then id, among the records without a number), so the files already exported
keep their names; the first `review new` in the folder, or `review renumber`, writes those
numbers into the records, once.

Two branches can each give a new record the same number. `review validate` reports the clash;
`review renumber` resolves it: the record with the earliest (date, id) keeps the number, the
others move to the next free numbers. Links between records name ids, not numbers, so they
stay right, and the next export names the moved files (and the links to them) anew.

Every number is written through the records' locked edit (`workbench.io.review.editing`): a
change someone made to another field of a record meanwhile is merged, not lost, and a change
to its number stops the write (nothing written). The next free number is found and taken
under a lock of the folder's numbering (`assigning`), so records created at once in one
folder never get the same number.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.review.record import MAX_NUMBER, DecisionRecord
from workbench.core.text_safety import name
from workbench.io.review import editing
from workbench.io.review.locking import locked
from workbench.services.review.store import Folder, Stored, create, load_folder

_NUMBER_LINE = re.compile(rb"^number:[ \t]*(\d{1,9})[ \t]*(?:#.*)?\r?$", re.MULTILINE)
_NUMBERING = ".workbench-adr-numbers"
"""The name the folder's numbering lock is keyed by (a lock in the cache dir, no file here)."""


def numbers(records: Iterable[DecisionRecord]) -> dict[str, int]:
    """Every record's ADR number: the stored one, else the one the export order gives it."""
    unique = {r.id: r for r in records}
    out = {r.id: r.number for r in unique.values() if r.number is not None}
    taken = set(out.values())
    following = max(taken, default=0) + 1
    legacy = sorted((r for r in unique.values() if r.number is None), key=lambda r: (r.date, r.id))
    for rank, record in enumerate(legacy, start=1):
        number = rank if rank not in taken else following
        taken.add(number)
        following = max(following, number + 1)
        out[record.id] = number
    return out


def next_number(records: Iterable[DecisionRecord], held: Iterable[int] = ()) -> int:
    """The number after the largest any record has, or `held` (`held_by_broken`) names."""
    return max([*numbers(records).values(), *held], default=0) + 1


def held_by_broken(folder: Folder) -> set[int]:
    """The numbers record files that do not load seem to hold (a top-level `number:` line):
    a record a bad merge broke keeps its number, which is never given to a new record."""
    from workbench.io.review.parse_worker import read_record_bytes

    held: set[int] = set()
    for problem in folder.skipped:
        path = Path(problem.path)
        if path.is_symlink() or not path.is_file():  # never wait on a FIFO, never follow a link
            continue
        try:
            data = read_record_bytes(path)
        except WorkbenchError:
            continue
        held.update(int(found) for found in _NUMBER_LINE.findall(data))
    return held


def clashes(records: Iterable[DecisionRecord]) -> dict[int, list[DecisionRecord]]:
    """Stored numbers held by more than one record, each list in (date, id) order."""
    holders: dict[int, dict[str, DecisionRecord]] = defaultdict(dict)
    for record in records:
        if record.number is not None:
            holders[record.number][record.id] = record
    return {
        number: sorted(same.values(), key=lambda r: (r.date, r.id))
        for number, same in sorted(holders.items())
        if len(same) > 1
    }


def clash_messages(folder: Folder) -> list[tuple[Path, str]]:
    """(file, message) for every record whose number another record also holds."""
    paths = {s.record.id: s.path for s in folder.records}
    out = []
    for number, same in clashes(s.record for s in folder.records).items():
        for record in same:
            others = ", ".join(r.id for r in same if r.id != record.id)
            out.append(
                (
                    paths[record.id],
                    f"ADR number {number} is also held by {others} "
                    "(`workbench review renumber` moves the later record)",
                )
            )
    return out


UNNUMBERED = (
    "no stored ADR number: numbered by its date among the unnumbered records at each export, "
    "it can move when another is added (`workbench review renumber` stores one)"
)


def unnumbered_messages(folder: Folder) -> list[tuple[Path, str]]:
    """(file, message) for every record without a stored number in a folder where others
    have one (a record written by hand, or copied in): its number can still move."""
    if all(s.record.number is None for s in folder.records):
        return []  # a folder from before numbers were stored: numbered as its exports were
    return [(s.path, UNNUMBERED) for s in folder.records if s.record.number is None]


def renumbered(folder: Folder) -> list[tuple[Stored, int | None]]:
    """The records whose stored number must change: (the record with its new number, the
    number it had). Records without a number get theirs; of records sharing a number the
    earliest by (date, id) keeps it and each later one moves to the next free number."""
    return [
        (Stored(s.path, s.record.model_copy(update={"number": n})), s.record.number)
        for s, n in _moves(folder)
    ]


def _moves(folder: Folder) -> list[tuple[Stored, int]]:
    """`renumbered`, as (the record as read, its new number)."""
    assigned = numbers(s.record for s in folder.records)
    following = max(assigned.values(), default=0) + 1
    moves: dict[str, int] = {}
    for same in clashes(s.record for s in folder.records).values():
        for record in same[1:]:
            moves[record.id] = following
            following += 1
    out = []
    for stored in sorted(folder.records, key=lambda s: (s.record.date, s.record.id)):
        wanted = moves.get(stored.record.id, assigned[stored.record.id])
        if stored.record.number != wanted:
            out.append((stored, wanted))
    return out


@contextlib.contextmanager
def assigning(root: Path) -> Iterator[None]:
    """Hold the lock of `root`'s numbering: load the folder and give out numbers inside it."""
    with locked([root / _NUMBERING]):
        yield


def renumber(folder: Folder) -> list[tuple[Stored, int | None]]:
    """Write `renumbered(folder)`, all or nothing, through the locked edit (a change made to a
    record's other fields since `folder` was read is kept); what was written, with each
    record's old number. Raises `EditConflict` (nothing written) when a record's number
    changed meanwhile. Load `folder` inside `assigning(folder.root)`. Refused (nothing
    written) while a record file does not load: a number it holds could be given out."""
    if folder.skipped:
        count = len(folder.skipped)
        raise WorkbenchError(
            f"{count} file{'s' if count != 1 else ''} in {name(folder.root)} "
            f"{'are' if count != 1 else 'is'} not a valid record: fix "
            f"{'them' if count != 1 else 'it'} first (`workbench review validate` names "
            f"{'them' if count != 1 else 'it'}), so that no number "
            f"{'they hold' if count != 1 else 'it holds'} goes to another record; nothing written"
        )
    return _write(_moves(folder))


def _past_the_largest(record_id: str, number: int) -> None:
    if number > MAX_NUMBER:
        raise WorkbenchError(
            f"{record_id} would get ADR number {number}, past the largest a record holds "
            f"({MAX_NUMBER}); nothing written (a record holding a number near it, a typo "
            "perhaps, can be given a smaller one by hand)"
        )


def _write(moves: list[tuple[Stored, int]]) -> list[tuple[Stored, int | None]]:
    if not moves:
        return []
    for base, number in moves:
        _past_the_largest(base.record.id, number)
    saved = editing.commit(
        [(base, base.record.model_copy(update={"number": n})) for base, n in moves]
    )
    return [
        (done.stored, base.record.number) for done, (base, _n) in zip(saved, moves, strict=True)
    ]


def create_numbered(root: Path, record: DecisionRecord) -> Stored:
    """Create `record` in `root` with the next free ADR number. Records in the folder that
    have no number yet are given theirs first (once: the numbers their exports had)."""
    with assigning(root):
        if root.is_dir():
            folder = load_folder(root)
            number = next_number((s.record for s in folder.records), held_by_broken(folder))
            _past_the_largest(record.id, number)
            _write([(s, n) for s, n in _moves(folder) if s.record.number is None])
        else:
            number = 1
        return create(root, record.model_copy(update={"number": number}))
