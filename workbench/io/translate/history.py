"""Every translation run kept as one JSON file in the user data dir."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from workbench.core.errors import DataFileError, WorkbenchError
from workbench.core.translate.models import Comparison
from workbench.io import paths, write_named

_RUN_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$")
LAST_TRIED = 5
"""Run files `last_languages()` reads at most, newest first."""


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


def run_path(run_id: str) -> Path:
    """The file of a run, given its id or a unique prefix of it ('last' for the newest)."""
    folder = history_dir()
    ids = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
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


def load_run(run_id: str) -> Comparison:
    path = run_path(run_id)
    if path.is_dir():
        raise DataFileError(str(path), "is a folder, not a run file (move it out of the way)")
    try:
        return Comparison.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except ValidationError as exc:
        from workbench.io.yamlio import format_loc

        first = exc.errors()[0]
        loc = [part for part in first["loc"] if isinstance(part, int | str)]
        field = format_loc(loc)
        what = f"{field}: {first['msg']}" if field else first["msg"]
        raise DataFileError(str(path), f"not a readable run: {what}") from None


def list_runs() -> tuple[list[RunSummary], int]:
    """Summaries of all runs, newest first, and how many files could not be read."""
    folder = history_dir()
    if not folder.is_dir():
        return [], 0
    out: list[RunSummary] = []
    skipped = 0
    for path in sorted(folder.glob("*.json"), reverse=True):
        if not _RUN_ID.match(path.stem):
            continue
        try:
            run = Comparison.model_validate_json(path.read_bytes())
        except (ValidationError, OSError):
            skipped += 1
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
    return out, skipped


def readable_runs() -> Iterator[Comparison]:
    """Every run that can be read, newest first (unreadable files are skipped)."""
    folder = history_dir()
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json"), reverse=True):
        if not _RUN_ID.match(path.stem):
            continue
        try:
            yield Comparison.model_validate_json(path.read_bytes())
        except (ValidationError, OSError):
            continue


def last_languages() -> tuple[str, str] | None:
    """The source and target languages of the newest readable run (None without one): what
    an empty setup starts from. Only the few newest files are tried, and only their two
    language fields are read."""
    folder = history_dir()
    if not folder.is_dir():
        return None
    names = sorted((p for p in folder.glob("*.json") if _RUN_ID.match(p.stem)), reverse=True)
    for path in names[:LAST_TRIED]:
        try:
            data = json.loads(path.read_bytes())
            source, target = data["source"]["language"], data["target"]["language"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if _plain(source) and _plain(target):
            return source, target
    return None


def _plain(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 40 and value.isprintable()
