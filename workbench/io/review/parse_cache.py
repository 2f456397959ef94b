"""A content-addressed cache of parsed records, so a big folder is not re-parsed every run.

Parsing and validating a record costs far more than reviving it from the cache, even with
libyaml (PyYAML builds every event object in Python; bench/bench_review_loading.py has the
figures). Every file is still read in full on every run;
what is cached is only the validated record, keyed by a hash of the file's exact bytes, so an
edited file (whatever its mtime) is always parsed again. Entries are re-validated by pydantic
when read, so a tampered cache can at worst cost a re-parse. Files that fail are never cached.
The cache is an optimisation only: any problem with it is ignored.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from workbench.core.review.record import SCHEMA_VERSION, DecisionRecord
from workbench.io import paths, refuse_sqlite_links
from workbench.io.review.parse_worker import digest as digest
from workbench.io.review.parse_worker import lookup

MAX_ROWS = 200_000
_VERSION = f"records-v{SCHEMA_VERSION}-unique-keys"  # files once parsed last-wins: again


class ParseCache:
    KIND = _VERSION
    """The kind of entry this version reads and writes (a pool worker looks up this kind)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or self.default_path()
        self._db: sqlite3.Connection | None = None
        self._new: list[tuple[str, str]] = []
        with contextlib.suppress(OSError, sqlite3.Error):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            refuse_sqlite_links(self.path)  # never written through a link
            db = sqlite3.connect(self.path, timeout=1.0)
            db.execute(
                "CREATE TABLE IF NOT EXISTS records "
                "(kind TEXT, digest TEXT, json TEXT, PRIMARY KEY (kind, digest))"
            )
            self._db = db

    @staticmethod
    def default_path() -> Path:
        return paths.cache_dir() / "review-parse-cache.sqlite3"

    def lookup(self, digests: Iterable[str]) -> dict[str, str]:
        if self._db is None:
            return {}
        try:
            return lookup(self._db, _VERSION, digests)
        except sqlite3.Error:
            return {}

    @staticmethod
    def revive(text: str) -> DecisionRecord | None:
        try:
            return DecisionRecord.model_validate_json(text)
        except ValidationError:
            return None

    def add(self, key: str, record: DecisionRecord, text: str | None = None) -> None:
        """Remember `record` under `key`; `text`, when given, is its `model_dump_json()`."""
        if self._db is not None:
            self._new.append((key, record.model_dump_json() if text is None else text))

    def close(self) -> None:
        if self._db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            if self._new:
                with self._db:
                    (count,) = self._db.execute("SELECT count(*) FROM records").fetchone()
                    if count + len(self._new) > MAX_ROWS:
                        self._db.execute("DELETE FROM records")
                    self._db.executemany(
                        "INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                        [(_VERSION, key, text) for key, text in self._new],
                    )
            self._db.close()
        self._db = None
