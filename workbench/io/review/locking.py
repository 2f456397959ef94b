"""Locks for the read-modify-write of a record file, shared by every workbench process.

A lock is a file in the user cache dir (`<cache>/locks/`), never in the records folder, so it
never lands in git. It is keyed by the real path of the record's folder (a link or a relative
path to the same folder finds the same lock) and by the record's file name. The record itself
cannot carry the lock: an atomic write replaces its inode. The `filelock` library takes an OS
lock (flock) on the lock file, so a process that dies lets go of it at once.

Only workbench processes take these locks; an editor or git writing the file does not, which
is why the writer also compares the file's bytes with the version its edit was based on
(`workbench.io.review.editing`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.io import paths

TIMEOUT = 10.0
"""Seconds to wait for another process's edit of the same record (edits take milliseconds)."""
POLL = 0.005


def locks_dir() -> Path:
    return paths.cache_dir() / "locks"


def lock_path(record_path: Path) -> Path:
    """The lock file of the record file at `record_path` (which need not exist yet)."""
    folder = os.path.realpath(Path(record_path).parent)
    key = hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    name = hashlib.sha256(Path(record_path).name.encode("utf-8", "surrogateescape"))
    return locks_dir() / f"{key}-{name.hexdigest()[:16]}.lock"


@contextlib.contextmanager
def locked(record_paths: Iterable[Path], *, timeout: float = TIMEOUT) -> Iterator[None]:
    """Hold the locks of these record files (taken in one order, so two processes locking
    overlapping sets never wait for each other forever)."""
    from filelock import FileLock, Timeout

    locks = sorted({lock_path(p): Path(p) for p in record_paths}.items())
    try:
        locks_dir().mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbenchError(
            f"cannot lock records: cannot create {locks_dir()}: {exc.strerror or exc}"
        ) from None
    with contextlib.ExitStack() as stack:
        for lock_file, record in locks:
            lock = FileLock(lock_file, thread_local=False)
            try:
                lock.acquire(timeout=timeout, poll_interval=POLL)
            except Timeout:
                raise WorkbenchError(
                    f"{record} is being changed by another workbench process (lock {lock_file} "
                    f"held for {timeout:g} s); nothing was written, try again",
                    exit_code=1,
                ) from None
            except OSError as exc:
                raise WorkbenchError(
                    f"cannot lock {record}: {lock_file}: {exc.strerror or exc}"
                ) from None
            stack.callback(lock.release)
        yield


def locked_if_possible(files: Iterable[Path]) -> contextlib.AbstractContextManager[None]:
    """`locked`, for files that matter more than the lock (run history, user styles): when the
    cache folder cannot hold locks (unwritable), the file is written without one rather than
    not at all."""
    try:
        locks_dir().mkdir(parents=True, exist_ok=True)
    except OSError:
        return contextlib.nullcontext()
    return locked(files)
