"""Export as a sync: a folder exported into again ends up holding exactly the current export.

Each file the export wants is added, updated in place, or left alone when it already says the
same. Files an earlier export wrote (the manifest, see manifest.py) that are no longer wanted
are removed. A file is only ever replaced or removed when it is a regular file directly in the
folder whose content still hashes to what the export wrote: a file edited by hand since is
reported and left alone, and a file the export never wrote is never touched. (A folder with no
manifest, or an unreadable one, holds an export made before manifests, or none: files there
with the names the export wants are replaced, as every export did before, and nothing is
removed.)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.export.manifest import (
    MAX_BYTES,
    digest,
    read_manifest,
    read_regular,
    safe_name,
    write_manifest,
)
from workbench.export.record_common import write_file


@dataclass
class SyncReport:
    out: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    hand_edited: list[str] = field(default_factory=list)
    """Files the export wrote that were edited since: kept as they are."""
    foreign: list[str] = field(default_factory=list)
    """Files the export did not write, where it wanted to write: kept as they are."""
    notes: list[str] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    """Every file of this export in the folder now (written or already the same)."""

    def summary(self) -> str:
        kept = len(self.hand_edited) + len(self.foreign)
        return (
            f"{self.out}: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged, "
            f"{kept} kept (edited by hand or not written by the export)"
        )

    def details(self) -> list[str]:
        out = list(self.notes)
        out += [
            f"kept {self.out / name}: edited by hand since it was exported (not replaced)"
            for name in self.hand_edited
        ]
        out += [
            f"kept {self.out / name}: the export did not write it (not replaced)"
            for name in self.foreign
        ]
        return out


def sync_files(
    out: Path,
    fmt: str,
    files: Iterable[tuple[str, str]],
    *,
    prune: bool = True,
    state: dict[str, dict[str, str]] | None = None,
) -> SyncReport:
    """Make `out` hold `files` ((name, text) pairs) as the `fmt` export; with `prune`, also
    remove the files an earlier `fmt` export wrote that are not among them. `state` is kept in
    the manifest for the next export (see `Manifest.state`)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbenchError(f"cannot create {out}: {exc.strerror or exc}") from None
    manifest = read_manifest(out)
    report = SyncReport(out)
    if manifest.problem:
        report.notes.append(f"ignored the export manifest: {manifest.problem}")
    before = manifest.exports.get(fmt, {})
    now: dict[str, str] = {}
    for name, text in files:
        if not safe_name(name) or name in now:
            raise WorkbenchError(f"export file name {name!r} is not a plain, unique file name")
        data = text.encode("utf-8")
        wanted = digest(data)
        path = out / name
        try:
            current = read_regular(path, MAX_BYTES)
        except FileNotFoundError:
            _write(path, text)
            report.added.append(name)
            now[name] = wanted
            report.paths.append(path)
            continue
        except OSError as exc:
            raise WorkbenchError(f"cannot read {path}: {exc.strerror or exc}") from None
        if current == data:
            report.unchanged.append(name)
            now[name] = wanted
            report.paths.append(path)
        elif current is not None and (
            (name in before and digest(current) == before[name]) or not manifest.found
        ):
            _write(path, text)
            report.updated.append(name)
            now[name] = wanted
            report.paths.append(path)
        elif current is not None and name in before:
            report.hand_edited.append(name)
            now[name] = before[name]  # still ours: reported again until it is sorted out
        else:
            report.foreign.append(name)
    for name, recorded in before.items():
        if name in now or name in report.foreign:
            continue
        if not prune:
            now[name] = recorded
            continue
        if _remove_if_ours(out / name, recorded):
            report.removed.append(name)
        elif (out / name).is_file() and not (out / name).is_symlink():
            report.hand_edited.append(name)
            now[name] = recorded
    changed_state = any(manifest.state.get(k) != v for k, v in (state or {}).items())
    if not manifest.found or manifest.exports.get(fmt) != now or changed_state:
        manifest.exports[fmt] = now
        manifest.state.update(state or {})
        write_manifest(out, manifest)
    return report


def _write(path: Path, text: str) -> None:
    """Through `write_file`, the exports' one way to write a file (no fsync per file: an export
    can be made again, and ten thousand fsyncs made a fresh export 4x slower here)."""
    try:
        write_file(path, text)
    except OSError as exc:
        raise WorkbenchError(f"cannot write {path}: {exc.strerror or exc}") from None


def _remove_if_ours(path: Path, recorded: str) -> bool:
    """Remove `path` if it is a regular file whose content hashes to `recorded`."""
    try:
        current = read_regular(path, MAX_BYTES)
    except OSError:
        return False
    if current is None or digest(current) != recorded:
        return False
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    return True
