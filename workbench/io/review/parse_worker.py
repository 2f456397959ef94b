"""What a record-loading pool worker runs: read files, hash them, parse their YAML.

A worker is a fresh interpreter (see `workbench.io.review.loading`), so what this module
imports is paid once per load by every worker before it parses a file: the YAML parser, and
neither pydantic nor the record model. A worker therefore sends each record as the mapping its
YAML gives (pickled by the pool), and the loading process validates it as it validates its own;
a file that fails before validation is sent as its error. The same functions read and parse in
the loading process, so a file gives the same record, or the same error, wherever it is parsed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from workbench.core.errors import DataFileError
from workbench.io.yamlio import MAX_BYTES, decode_text, parse_yaml

FIRST_READ = 64 * 1024
"""Records are small: asking for MAX_BYTES at once would allocate (and map) a buffer that
large for every file, which made reading ten thousand files several times slower."""
_BATCH = 500
"""Digests per parse-cache query."""


def digest(data: bytes) -> str:
    """The parse cache's key for a file's exact bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def read_record_bytes(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            data = os.read(fd, FIRST_READ)
            if len(data) == FIRST_READ:  # a big file: the rest, up to just over the limit
                parts = [data]
                size = len(data)
                while size <= MAX_BYTES:
                    more = os.read(fd, MAX_BYTES + 1 - size)
                    if not more:
                        break
                    parts.append(more)
                    size += len(more)
                data = b"".join(parts)
        finally:
            os.close(fd)
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        size = path.stat().st_size
        raise DataFileError(
            str(path), f"file is too large ({size} bytes; the limit is {MAX_BYTES})"
        )
    return data


def parse_mapping(path: Path, data: bytes) -> tuple[dict[str, Any], str]:
    """A record file's YAML mapping, not validated yet, and its text; DataFileError naming the
    file and line when it is not text, not YAML, or not a record's mapping."""
    text = decode_text(data, str(path))
    parsed = parse_yaml(text, str(path))
    if not isinstance(parsed, dict):
        kind = "empty" if parsed is None else type(parsed).__name__
        raise DataFileError(str(path), f"not a decision record: expected a mapping, found {kind}")
    if "id" not in parsed and "checklist" not in parsed:
        raise DataFileError(str(path), "not a decision record (it has no id and no checklist)")
    return parsed, text


def lookup(db: sqlite3.Connection, kind: str, digests: Iterable[str]) -> dict[str, str]:
    """The parse cache's entries of `kind` for `digests`: digest -> record JSON."""
    wanted = list(digests)
    found: dict[str, str] = {}
    for start in range(0, len(wanted), _BATCH):
        chunk = wanted[start : start + _BATCH]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT digest, json FROM records WHERE kind = ? AND digest IN ({marks})",
            [kind, *chunk],
        )
        found.update(rows)
    return found


def read_files(paths: list[Path]) -> Iterator[tuple[Path, bytes | DataFileError, str]]:
    """Each path with its bytes (or why they cannot be read) and their digest."""
    for path in paths:
        try:
            data = read_record_bytes(path)
        except DataFileError as exc:
            yield path, exc, ""
            continue
        yield path, data, digest(data)


# ---- in a worker -----------------------------------------------------------------------------

Sent = list[tuple[str, str, Any]]
"""A worker's chunk, each file as (kind, digest, payload): ("cached", its record's JSON from the
parse cache), ("parsed", its YAML mapping), or ("error", the DataFileError's fields)."""

Cache = tuple[Path, str]
"""Where the parse cache is and the kind of entry to look up there (its schema version)."""


_connections: dict[Path, sqlite3.Connection | None] = {}


def _connection(path: Path) -> sqlite3.Connection | None:
    """The parse cache, opened once per worker, read-only (None if it cannot be): a worker
    never creates it, and never opens it through a link at its name or its journal's, which
    the loading process refuses too (`refuse_sqlite_links`)."""
    if path not in _connections:
        _connections[path] = None
        names = [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
        if path.is_file() and not any(name.is_symlink() for name in names):
            uri = path.absolute().as_uri() + "?mode=ro"
            with contextlib.suppress(sqlite3.Error):
                _connections[path] = sqlite3.connect(uri, uri=True, timeout=1.0)
    return _connections[path]


def load_chunk(paths: list[Path], cache: Cache | None) -> Sent:
    """In a worker: one chunk, to send."""
    files = list(read_files(paths))
    hits: dict[str, str] = {}
    db = _connection(cache[0]) if cache is not None else None
    if db is not None and cache is not None:
        try:
            hits = lookup(db, cache[1], (key for _, _, key in files if key))
        except sqlite3.Error:
            hits = {}
    out: Sent = []
    for path, data, key in files:
        if key in hits:
            out.append(("cached", key, hits[key]))
            continue
        try:
            if isinstance(data, DataFileError):
                raise data
            out.append(("parsed", key, parse_mapping(path, data)[0]))
        except DataFileError as exc:
            fields = {"problem": exc.problem, "line": exc.line, "field": exc.field}
            out.append(("error", key, fields))
    return out
