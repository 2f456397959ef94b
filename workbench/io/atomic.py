"""Files the workbench names itself: written whole or not at all, never through a link.

Every such file (exports, history, drafts, styles, records, the model stamp) is written to a temp
file in the same folder, flushed, fsynced and renamed over the target with `os.replace`, so a
crash or `kill -9` leaves the old file or the new one, never a half-written one. A link at the
target is refused with a clear message (never followed, never silently replaced): the rename
itself would never follow it, and refusing tells the user a link is where they did not expect
one. A full disk or any other OS error removes the temp file, leaves the old file as it was and
raises `WriteError`: one line for the user (exit 2), and still an `OSError` for callers that
treat a failed write as a warning.
"""

from __future__ import annotations

import contextlib
import errno as errnos
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from workbench.core.errors import WorkbenchError


class WriteError(WorkbenchError, OSError):
    """A file could not be written; the message names it and says why."""

    def __init__(self, message: str, errno: int | None = None) -> None:
        WorkbenchError.__init__(self, message)
        self.errno = errno
        self.strerror = message

    def __str__(self) -> str:
        return self.message


def os_error(path: Path | str, exc: OSError, doing: str = "cannot write") -> WriteError:
    """One line for an OS error on `path` ("cannot write X: No space left on device")."""
    if isinstance(exc, WriteError):
        return exc
    reason = exc.strerror or str(exc) or type(exc).__name__
    return WriteError(f"{doing} {path}: {reason}", exc.errno)


def refuse_link(path: Path, what: str = "") -> None:
    """Raise `WriteError` if `path` is a symbolic link (dangling or not)."""
    if os.path.islink(path):
        label = f"{what} " if what else ""
        raise WriteError(
            f"{label}{path} is a symbolic link; the workbench does not write through links "
            "(remove the link, or use another folder)",
            errnos.ELOOP,
        )


def refuse_sqlite_links(path: Path) -> None:
    """SQLite follows a link at its database and makes its -wal/-shm/-journal files beside the
    target: refuse a link at any of those names (a `WriteError`, also an `OSError`, so a cache
    treats it as "no cache")."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        refuse_link(path.with_name(path.name + suffix), "the cache file")


def check_name(name: str) -> str:
    """`name` as one plain file name: no folder part, no '..', nothing that leaves its folder."""
    if not name or name in (".", "..") or "/" in name or os.sep in name or "\0" in name:
        raise WriteError(f"{name!r} is not a plain file name", errnos.EINVAL)
    return name


def write_named(folder: Path, name: str, data: str | bytes, *, make_folder: bool = True) -> Path:
    """Write `data` to `folder/name` atomically; `name` can never point outside `folder`."""
    path = Path(folder) / check_name(name)
    write_bytes_atomic(path, data.encode("utf-8") if isinstance(data, str) else data,
                       make_folder=make_folder)  # fmt: skip
    return path


def remove_named(folder: Path, name: str, *, only: os.stat_result | None = None) -> bool:
    """Remove the regular file `folder/name`; True if it was removed. Anything else there (a
    link, a folder, a device) is left alone: a link is never removed nor followed. With
    `only` (an `os.stat`/`fstat` of the file as it was checked), the file is removed only
    while it is still that one (same device and inode), so a file put in its place since is
    kept. `name` can never point outside `folder`."""
    path = Path(folder) / check_name(name)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise os_error(path, exc, "cannot remove") from None
    if not stat.S_ISREG(st.st_mode):
        return False
    if only is not None and (st.st_dev, st.st_ino) != (only.st_dev, only.st_ino):
        return False
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise os_error(path, exc, "cannot remove") from None
    sync_folder(path.parent)
    return True


def write_text_atomic(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: Path, data: bytes, *, make_folder: bool = True) -> None:
    """Replace `path` with `data` whole: temp file in its folder, fsync, `os.replace`.

    The folder is created when missing if `make_folder` (the workbench's own data folders);
    a link at `path` is refused; the old file's mode is kept, a new file gets 0666 & ~umask.
    """
    path = Path(path)
    refuse_link(path)
    if make_folder:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error(path.parent, exc, "cannot create the folder") from None
    replace_with(path, data, old=_lstat(path))


def replace_with(
    path: Path, data: bytes, old: os.stat_result | None, *, label: str | None = None
) -> None:
    """The atomic replacement itself; `old` is the current file's lstat (None if there is
    none); errors name the file as `label` (default: its path)."""
    replace_by_writing(path, lambda handle: handle.write(data), old, label=label)


def replace_by_writing(
    path: Path,
    write: Callable[[BinaryIO], object],
    old: os.stat_result | None,
    *,
    label: str | None = None,
    suffix: str = ".tmp",
) -> None:
    """`replace_with` for data too big to hold in memory: `write` fills the temporary file
    (`.NAME.XXXXXXXX` + `suffix`, made new beside `path`); whatever it raises, nothing is
    left behind and `path` is as it was."""
    shown = label or str(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    except OSError as exc:
        raise os_error(shown, exc) from None
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            _copy_mode(tmp, old)
            os.replace(tmp, path)
        except OSError as exc:
            raise os_error(shown, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    sync_folder(path.parent)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise os_error(path, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(f"cannot write {path}: it is a folder", errnos.EISDIR)
    return st


def _copy_mode(tmp: str, old: os.stat_result | None) -> None:
    if old is not None and stat.S_ISREG(old.st_mode):
        with contextlib.suppress(OSError):
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
        if os.geteuid() == 0 and (old.st_uid, old.st_gid) != (0, 0):
            with contextlib.suppress(OSError):  # root writing a user's file keeps it theirs
                os.chown(tmp, old.st_uid, old.st_gid)
        return
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o666 & ~_umask())


def _umask() -> int:
    """The process's umask, read without changing it (other threads may be creating files)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(b"Umask:"):
                return int(line.split()[1], 8)
    umask = os.umask(0o022)  # no /proc: the classic way, briefly
    os.umask(umask)
    return umask


def sync_folder(folder: Path) -> None:
    """fsync `folder`, so a rename in it survives a power cut (best effort)."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
