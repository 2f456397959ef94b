"""A path the user names with `-o/--output`: written the way a shell redirection would.

- A link is followed to its target (the link stays a link).
- A target that is not a regular file (a character device such as /dev/null, a FIFO, a
  terminal, a pipe behind /proc/self/fd/N) is opened and written into, never replaced. A FIFO is
  opened without blocking; if no process reads it within `FIFO_WAIT_SECONDS`, the write fails.
- A regular file, or a new one, is replaced atomically (temp file, fsync, rename), keeping its
  mode, so a crash or a full disk leaves the old file whole. A file this process may not
  write (read-only for its user) is refused ("Permission denied"), as a shell refuses it.
- The folder must exist: a missing folder is refused, never created.
- A descriptor of this process named by path (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`)
  is written into as it is, as a shell does with `> /dev/stdout`: at its offset, in its
  append mode, never truncated nor replaced, so `-o /dev/stdout >> run.log` adds to the log
  and `-o /dev/stdin < notes.txt` fails ("Bad file descriptor") instead of replacing notes.txt.
- A name a shell would refuse is refused: an empty one, or one ending in '/' that is not a
  folder (`out.json/` is never written as `out.json`).
"""

from __future__ import annotations

import contextlib
import errno as errnos
import os
import re
import stat
import sys
import time
from pathlib import Path

from workbench.core.text_safety import name
from workbench.io.atomic import WriteError, os_error, replace_with

FIFO_WAIT_SECONDS = 5.0


def write_output(
    path: Path | str,
    data: str | bytes,
    *,
    option: str = "--output",
    fifo_wait: float = FIFO_WAIT_SECONDS,
) -> None:
    """Write `data` to the user's `path` (see the module docstring); `WriteError` on failure."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    given = os.fspath(path)  # as typed: a Path would drop a trailing '/'
    shown = name(given) if given else "''"
    label = f"{option} {shown}" if option else shown
    if not given:
        raise WriteError(f"cannot write {label}: no file name given", errnos.ENOENT)
    fd = _own_descriptor(given)
    if fd is not None:
        _write_descriptor(fd, raw, label)
        return
    try:
        st: os.stat_result | None = os.stat(given)  # follows links, as a shell does
    except FileNotFoundError:
        if given.endswith("/"):
            raise WriteError(
                f"cannot write {label}: a name ending in '/' is a folder; give a file name",
                errnos.EISDIR,
            ) from None
        st = None
    except NotADirectoryError:
        raise WriteError(
            f"cannot write {label}: a part of the path is not a folder", errnos.ENOTDIR
        ) from None
    except OSError as exc:
        raise os_error(label, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteError(f"cannot write {label}: it is a folder; give a file name", errnos.EISDIR)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_into(Path(given), raw, st, label, fifo_wait)
        return
    real = Path(os.path.realpath(given))
    if not real.parent.is_dir():
        folder = real.parent if os.path.islink(given) else Path(given).parent
        raise WriteError(
            f"cannot write {label}: the folder {name(folder)} does not exist (create it first)",
            errnos.ENOENT,
        )
    try:
        old = os.lstat(real)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise os_error(label, exc) from None
    if old is not None and not _may_write(real):  # as `> PATH` would say: the file is kept
        raise WriteError(f"cannot write {label}: Permission denied", errnos.EACCES)
    replace_with(real, raw, old, label=label)


def _may_write(path: Path) -> bool:
    """Whether this process may write into the file itself (its mode, for its user; root
    may write any): what a shell's open for `> PATH` checks. Replacing the file needs only
    the folder to be writable, so a read-only file would otherwise be replaced."""
    if os.access in os.supports_effective_ids:
        return os.access(path, os.W_OK, effective_ids=True)
    return os.access(path, os.W_OK)


def _write_into(path: Path, data: bytes, st: os.stat_result, label: str, wait: float) -> None:
    """Open a device, FIFO or pipe and write into it (no truncation, no replacement)."""
    flags = os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC
    try:
        if stat.S_ISFIFO(st.st_mode):
            fd = _open_fifo(path, flags, label, wait)
        else:
            fd = os.open(path, flags)
    except WriteError:
        raise
    except OSError as exc:
        raise os_error(label, exc) from None
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise os_error(label, exc) from None
    finally:
        os.close(fd)


def _open_fifo(path: Path, flags: int, label: str, wait: float) -> int:
    """Open a FIFO for writing, waiting at most `wait` seconds for a reader."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, flags | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errnos.ENXIO:  # ENXIO: nobody has it open for reading yet
                raise
            if time.monotonic() >= deadline:
                raise WriteError(
                    f"cannot write {label}: no process is reading the FIFO (waited {wait:g} s)",
                    errnos.ENXIO,
                ) from None
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)  # a reader is there: write at its pace, as a shell does
        return fd


def _own_descriptor(path: str) -> int | None:
    """The number N when `path` names a descriptor of this process (`/proc/self/fd/N`,
    `/dev/fd/N`, or a link to one such as `/dev/stdout`), followed link by link; else None."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links in a row
        folder = os.path.realpath(os.path.dirname(current))
        base = os.path.basename(current)
        if base.isascii() and base.isdigit() and _is_descriptor_folder(folder):
            return int(base)
        try:
            target = os.readlink(current)
        except OSError:  # not a link (or gone): an ordinary path
            return None
        current = os.path.join(folder, target)
    return None


def _is_descriptor_folder(folder: str) -> bool:
    pid = os.getpid()
    return (
        folder in ("/dev/fd", f"/proc/{pid}/fd")
        or re.fullmatch(rf"/proc/{pid}/task/\d+/fd", folder) is not None
    )


def _write_descriptor(fd: int, data: bytes, label: str) -> None:
    """Write into this process's descriptor `fd` as it is (a shell's `> /dev/stdout` does
    the same: it uses the descriptor, not a new open of the file behind it)."""
    try:
        st = os.fstat(fd)
    except OSError as exc:
        raise os_error(label, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(f"cannot write {label}: it is a folder; give a file name", errnos.EISDIR)
    for stream in (sys.stdout, sys.stderr):  # what was printed before comes first
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise os_error(label, exc) from None
