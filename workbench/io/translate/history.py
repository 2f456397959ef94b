"""Every translation run kept as one JSON file in the user data dir."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from workbench.core.errors import DataFileError, WorkbenchError
from workbench.core.translate.models import SCHEMA_VERSION, Comparison
from workbench.core.translate.run_merge import MergedRun, merge_runs, same_run
from workbench.io import check_name, paths, write_named
from workbench.io.review.locking import locked_if_possible

_RUN_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$")
LAST_TRIED = 5
"""Run files `last_languages()` reads at most, newest first."""
MAX_RUN_BYTES = 1024 * 1024 * 1024
"""A run file larger than this is not read (its passage is at most 10 MiB; its renditions
and their diffs are a few times that)."""


def history_dir() -> Path:
    return paths.data_dir() / "history"


@dataclass
class RunSummary:
    id: str
    created_at: str
    source_language: str
    target_language: str
    styles: list[str]
    failed: int
    preview: str


def save_run(comparison: Comparison) -> Path:
    """Keep a run (atomically; a link at its file name is refused, never written through)."""
    return write_named(history_dir(), f"{comparison.id}.json", comparison.model_dump_json(indent=2))


def create_run(comparison: Comparison) -> Path:
    """Keep a new run; never replaces a file (another run's that got the same id, made in the
    same second by another process, say): that is refused with a `WorkbenchError`."""
    path = history_dir() / check_name(f"{comparison.id}.json")
    with locked_if_possible([path]):
        if os.path.lexists(path):
            raise WorkbenchError(
                f"{path} already exists (another run got the same id {comparison.id}); "
                "not overwriting it"
            )
        return save_run(comparison)


class RunConflict(WorkbenchError):
    """The run changed in history since the change's version was read, in the same field (or
    its file is gone or unreadable). Nothing was written."""

    exit_code = 1

    def __init__(
        self, message: str, *, merged: MergedRun | None = None, theirs: Comparison | None = None
    ) -> None:
        super().__init__(message)
        self.merged = merged
        """The merge with the other side's values in the conflicting fields (None when the
        file is gone or unreadable)."""
        self.theirs = theirs
        """The run as it is in history (None when the file is gone or unreadable)."""


def update_run(base: Comparison, mine: Comparison) -> MergedRun:
    """Save `mine`, a change of `base` (the version read from history or last saved), holding
    the run's lock from reading its file to replacing it. A change made to the file meanwhile
    (another process judged the run) is merged field by field (`run_merge`); when both changed
    one field, nothing is written and `RunConflict` names it. Returns the run as saved."""
    path = history_dir() / check_name(f"{mine.id}.json")
    with locked_if_possible([path]):
        try:
            theirs = read_run(path)
        except DataFileError:
            raise RunConflict(
                f"run {mine.id}: {path} is gone or cannot be read since the run was read; "
                "not saved (nothing written)"
            ) from None
        merged = MergedRun(mine) if same_run(theirs, base) else merge_runs(base, mine, theirs)
        if merged.conflicts:
            raise RunConflict(
                f"run {mine.id}: {', '.join(shown_fields(merged))} changed in {path} since it "
                "was read (judged elsewhere meanwhile); not saved (nothing written): make "
                "your change again on top",
                merged=merged,
                theirs=theirs,
            )
        save_run(merged.run)
    return merged


def shown_fields(merged: MergedRun) -> list[str]:
    """The conflicting fields; a note's column is not named while the run is blind."""
    j = merged.run.judgment
    blind = j.blind and not j.revealed
    out = [
        "judgment.notes" if blind and f.startswith("judgment.notes.") else f
        for f in merged.conflicts
    ]
    return list(dict.fromkeys(out))


def _run_files(folder: Path) -> list[Path]:
    """The run files of the history folder (named by run id), oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if _RUN_ID.match(p.stem))


def run_file_count() -> int:
    """How many files in the history folder are named like runs (readable or not)."""
    return len(_run_files(history_dir()))


def run_path(run_id: str) -> Path:
    """The file of a run, given its id or a unique prefix of it ('last' for the newest)."""
    folder = history_dir()
    ids = [p.stem for p in _run_files(folder)]
    if not ids:
        raise WorkbenchError("no runs in history yet (they are kept by `workbench translate`)")
    if run_id == "last":
        return folder / f"{ids[-1]}.json"
    matches = [i for i in ids if i.startswith(run_id)]
    if not matches:
        raise WorkbenchError(f"no run {run_id!r} in history (see `workbench history`)")
    if len(matches) > 1 and run_id not in matches:
        raise WorkbenchError(f"{run_id!r} matches {len(matches)} runs; give more of the id")
    return folder / f"{run_id if run_id in matches else matches[0]}.json"


def read_run(path: Path) -> Comparison:
    """The run in `path`; anything else is a DataFileError naming the file: not a regular file
    (a FIFO is never waited on), too large, not a run, written by a newer workbench (whose
    fields this one would drop on saving), or the run of another id (it is saved by its id)."""
    from workbench.io.textinput import read_regular

    data = read_regular(path, MAX_RUN_BYTES)
    try:
        run = Comparison.model_validate_json(data)
    except ValidationError as exc:
        _refuse_newer(path, _schema_version(data))
        from workbench.io.yamlio import format_loc

        first = exc.errors()[0]
        loc = [part for part in first["loc"] if isinstance(part, int | str)]
        field = format_loc(loc)
        what = f"{field}: {first['msg']}" if field else first["msg"]
        raise DataFileError(str(path), f"not a readable run: {what}") from None
    _refuse_newer(path, run.schema_version)
    if run.id != path.stem:
        raise DataFileError(
            str(path), f"the run's id {run.id!r} is not its file name (a copy?)", field="id"
        )
    return run


def _schema_version(data: bytes) -> object:
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError):  # nested too deeply: not a run, of any version
        return None
    return parsed.get("schema_version") if isinstance(parsed, dict) else None


def _refuse_newer(path: Path, version: object) -> None:
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise DataFileError(
            str(path),
            f"written by a newer workbench (run schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}): open it with that version",
            field="schema_version",
        )


def load_run(run_id: str) -> Comparison:
    return read_run(run_path(run_id))


def list_runs(limit: int | None = None) -> tuple[list[RunSummary], list[DataFileError]]:
    """Summaries of the `limit` newest readable runs (all without one), newest first, and the
    run files among them that could not be read; the files past them are not read."""
    out: list[RunSummary] = []
    problems: list[DataFileError] = []
    for path in reversed(_run_files(history_dir())):
        if limit is not None and len(out) >= limit:
            break
        try:
            run = read_run(path)
        except DataFileError as problem:
            problems.append(problem)
            continue
        preview = " ".join(run.source.text.split())
        out.append(
            RunSummary(
                id=run.id,
                created_at=run.created_at.strftime("%Y-%m-%d %H:%M"),
                source_language=run.source.language,
                target_language=run.target.language,
                styles=[r.style for r in run.renditions],
                failed=len(run.failed),
                preview=preview[:60] + ("…" if len(preview) > 60 else ""),
            )
        )
    return out, problems


def readable_runs() -> Iterator[Comparison]:
    """Every run that can be read, newest first (unreadable files are skipped)."""
    for path in reversed(_run_files(history_dir())):
        try:
            yield read_run(path)
        except DataFileError:
            continue


def last_languages() -> tuple[str, str] | None:
    """The source and target languages of the newest readable run (None without one): what
    an empty setup starts from. Only the few newest files are tried, and only their two
    language fields are read."""
    from workbench.io.textinput import read_regular

    for path in list(reversed(_run_files(history_dir())))[:LAST_TRIED]:
        try:
            data = json.loads(read_regular(path, MAX_RUN_BYTES))
            source, target = data["source"]["language"], data["target"]["language"]
        except (DataFileError, ValueError, KeyError, TypeError, RecursionError):
            continue
        if _plain(source) and _plain(target):
            return source, target
    return None


def _plain(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 40 and value.isprintable()
