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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from workbench.review.record import DecisionRecord
from workbench.review.store import Folder, Stored, create, load_folder, save


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


def next_number(records: Iterable[DecisionRecord]) -> int:
    return max(numbers(records).values(), default=0) + 1


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


def renumbered(folder: Folder) -> list[tuple[Stored, int | None]]:
    """The records whose stored number must change: (the record with its new number, the
    number it had). Records without a number get theirs; of records sharing a number the
    earliest by (date, id) keeps it and each later one moves to the next free number."""
    assigned = numbers(s.record for s in folder.records)
    following = max(assigned.values(), default=0) + 1
    moves: dict[str, int] = {}
    for same in clashes(s.record for s in folder.records).values():
        for record in same[1:]:
            moves[record.id] = following
            following += 1
    out = []
    for stored in sorted(folder.records, key=lambda s: (s.record.date, s.record.id)):
        record = stored.record
        wanted = moves.get(record.id, assigned[record.id])
        if record.number != wanted:
            changed = record.model_copy(update={"number": wanted})
            out.append((Stored(stored.path, changed), record.number))
    return out


def renumber(folder: Folder) -> list[tuple[Stored, int | None]]:
    """Write `renumbered(folder)`; what was written, with each record's old number."""
    changes = renumbered(folder)
    for stored, _old in changes:
        save(stored)
    return changes


def create_numbered(root: Path, record: DecisionRecord) -> Stored:
    """Create `record` in `root` with the next free ADR number. Records in the folder that
    have no number yet are given theirs first (once: the numbers their exports had)."""
    if root.is_dir():
        folder = load_folder(root)
        for stored, _old in renumbered(folder):
            if stored.record.number is not None and _old is None:
                save(stored)
        record = record.model_copy(update={"number": next_number(s.record for s in folder.records)})
    else:
        record = record.model_copy(update={"number": 1})
    return create(root, record)
