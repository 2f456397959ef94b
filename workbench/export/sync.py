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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.text_safety import name as shown
from workbench.export.manifest import (
    MANIFEST_NAME,
    MAX_BYTES,
    Manifest,
    digest,
    open_regular,
    read_manifest,
    read_regular,
    safe_name,
    write_manifest,
)
from workbench.io import refuse_link, remove_named, write_named


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
            f"{shown(self.out)}: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged, "
            f"{kept} kept (edited by hand or not written by the export)"
        )

    def details(self) -> list[str]:
        """One line each, names printed safely (a manifest's names are anyone's)."""
        out = list(self.notes)
        out += [
            f"kept {shown(self.out / name)}: edited by hand since it was exported (not replaced)"
            for name in self.hand_edited
        ]
        out += [
            f"kept {shown(self.out / name)}: the export did not write it (not replaced)"
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
    the manifest for the next export (see `Manifest.state`). Every file is written and removed
    through `workbench.io` (atomically, directly in `out`, never through a link: a link where
    a file of the export would go is refused, `WriteError`)."""
    _make_folder(out)
    refuse_link(out / MANIFEST_NAME, "the export manifest")  # before anything is written
    manifest = read_manifest(out)
    report = SyncReport(out)
    if manifest.problem:
        report.notes.append(
            f"ignored the export manifest: {shown(manifest.problem)} (nothing is removed; "
            "files with the export's names are replaced, as in a folder without one)"
        )
    before = manifest.exports.get(fmt, {})
    now: dict[str, str] = {}
    try:
        _write_files(out, files, manifest, before, now, report)
        for name, recorded in before.items():
            if name in now or name in report.foreign:
                continue
            if not prune:
                now[name] = recorded
                continue
            if _remove_if_ours(out, name, recorded):
                report.removed.append(name)
            elif (out / name).is_file() and not (out / name).is_symlink():
                report.hand_edited.append(name)
                now[name] = recorded
    except BaseException:
        # write down what this run wrote, so the next export still knows its files
        done = {**before, **now}
        if done != before:
            manifest.exports[fmt] = done
            with contextlib.suppress(OSError):  # the error being raised says what went wrong
                write_manifest(out, manifest)
        raise
    changed_state = any(manifest.state.get(k) != v for k, v in (state or {}).items())
    if not manifest.found or manifest.exports.get(fmt) != now or changed_state:
        manifest.exports[fmt] = now
        manifest.state.update(state or {})
        write_manifest(out, manifest)
    return report


def _make_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WorkbenchError(f"--out {shown(out)}: exists and is not a folder") from None
    except OSError as exc:
        raise WorkbenchError(f"cannot create {shown(out)}: {exc.strerror or exc}") from None


def _write_files(
    out: Path,
    files: Iterable[tuple[str, str]],
    manifest: Manifest,
    before: dict[str, str],
    now: dict[str, str],
    report: SyncReport,
) -> None:
    for name, text in files:
        if not safe_name(name) or name in now:
            raise WorkbenchError(f"export file name {name!r} is not a plain, unique file name")
        data = text.encode("utf-8")
        wanted = digest(data)
        path = out / name
        try:
            current = read_regular(path, MAX_BYTES)
        except FileNotFoundError:
            write_named(out, name, data, make_folder=False)
            report.added.append(name)
            now[name] = wanted
            report.paths.append(path)
            continue
        except OSError as exc:
            raise WorkbenchError(f"cannot read {shown(path)}: {exc.strerror or exc}") from None
        if current is None:
            refuse_link(path)  # a link where a file would go: refused, never followed
        if current == data:
            report.unchanged.append(name)
            now[name] = wanted
            report.paths.append(path)
        elif current is not None and (
            (name in before and digest(current) == before[name]) or not manifest.found
        ):
            write_named(out, name, data, make_folder=False)
            report.updated.append(name)
            now[name] = wanted
            report.paths.append(path)
        elif current is not None and name in before:
            report.hand_edited.append(name)
            now[name] = before[name]  # still ours: reported again until it is sorted out
        else:
            report.foreign.append(name)


def _remove_if_ours(out: Path, name: str, recorded: str) -> bool:
    """Remove `out/name` if it is a regular file whose content hashes to `recorded` (and is
    still that file when it is removed)."""
    try:
        found = open_regular(out / name, MAX_BYTES)
    except OSError:
        return False
    if found is None or digest(found[0]) != recorded:
        return False
    return remove_named(out, name, only=found[1])
