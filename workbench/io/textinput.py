"""The one way an input is read: a file, a device, a FIFO, a pipe or stdin, never past a limit.

Every input the workbench reads whole (a passage, a reference, a file to diff, an answers file,
a style or a record) comes through `read_limited`. It reads at most `max_bytes + 1` bytes and
refuses the input once it has more than `max_bytes`, so an endless input (`/dev/zero`, a FIFO
or a pipe that never ends) costs no more memory or time than the limit. A regular file's size is
checked before reading; a stream's size can only be found by reading it, up to the limit.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from workbench.core.errors import DataFileError

_CHUNK = 1 << 20


def describe_limit(max_bytes: int) -> str:
    if max_bytes >= 1 << 20 and max_bytes % (1 << 20) == 0:
        return f"{max_bytes >> 20} MiB"
    if max_bytes >= 1 << 10 and max_bytes % (1 << 10) == 0:
        return f"{max_bytes >> 10} KiB"
    return f"{max_bytes} bytes"


def too_large(where: str, max_bytes: int, size: int | None = None) -> DataFileError:
    known = f"{size} bytes; " if size is not None else ""
    return DataFileError(
        where, f"too large ({known}larger than the {describe_limit(max_bytes)} limit)"
    )


def read_stream(stream: BinaryIO, max_bytes: int, where: str) -> bytes:
    """At most `max_bytes` from an open stream; a DataFileError once there is more."""
    chunks: list[bytes] = []
    left = max_bytes + 1
    while left > 0:
        chunk = stream.read(min(_CHUNK, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    if left <= 0:
        raise too_large(where, max_bytes)
    return b"".join(chunks)


def read_limited(source: Path | None, max_bytes: int, where: str | None = None) -> bytes:
    """The bytes of `source` (None: stdin), at most `max_bytes` of them, else a DataFileError.

    Every problem is a DataFileError naming `where` (default: the path, or "stdin"): no such
    file, a folder, unreadable, too large.
    """
    if source is None:
        if sys.stdin is None:  # started with stdin closed (`<&-`)
            raise DataFileError(where or "stdin", "cannot read: stdin is closed")
        return read_stream(sys.stdin.buffer, max_bytes, where or "stdin")
    where = where or str(source)
    try:
        info = os.stat(source)
    except FileNotFoundError:
        raise DataFileError(where, "no such file") from None
    except OSError as exc:
        raise DataFileError(where, f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DataFileError(where, "cannot read: is a folder, not a file")
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise too_large(where, max_bytes, info.st_size)
    try:
        with open(source, "rb") as handle:  # a FIFO waits here for its writer, as `cat` does
            return read_stream(handle, max_bytes, where)
    except OSError as exc:
        raise DataFileError(where, f"cannot read: {exc.strerror or exc}") from None


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _regular(info: os.stat_result, where: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise DataFileError(where, "cannot read: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = next((k for test, k in _KINDS if test(info.st_mode)), "special")
        raise DataFileError(where, f"cannot read: not a regular file ({kind})")


def read_regular(path: Path, max_bytes: int, where: str | None = None) -> bytes:
    """`read_limited` for a file the workbench finds in a folder of its own (a run in history,
    a style or a checklist in the config folder): only a regular file is read (a link to one is
    followed). A FIFO, a device or a socket there is a DataFileError, never waited on nor read:
    it would hang or flood every command that lists the folder."""
    where = where or str(path)
    try:
        _regular(os.stat(path), where)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DataFileError(where, "no such file") from None
    except OSError as exc:
        raise DataFileError(where, f"cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        _regular(info, where)  # what was opened, in case the name changed since the stat
        if info.st_size > max_bytes:
            raise too_large(where, max_bytes, info.st_size)
        try:
            return read_stream(handle, max_bytes, where)
        except OSError as exc:
            raise DataFileError(where, f"cannot read: {exc.strerror or exc}") from None
