"""A response cache on disk: SQLite in the user cache dir.

Keyed by provider identity (endpoint, model), the messages and the parameters. Only successful
answers are stored; the API key is never part of the key or the value.

The cache is an optimisation and never costs a rendition: any error opening, reading or writing
it (a wrong schema, corrupted pages, a lock another process holds past a short timeout) turns it
off for the rest of the run, every lookup becomes a miss, and one warning says why. A link at
the database's name is refused when the cache is opened (an OSError: the caller runs without a
cache, with a warning), never followed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.io import paths, refuse_sqlite_links

LOCK_TIMEOUT = 1.0
"""Seconds to wait for another process's lock before giving the cache up for this run."""


def cache_path() -> Path:
    return paths.cache_dir() / "responses.sqlite3"


class ResponseCache:
    def __init__(
        self, path: Path | None = None, *, on_warning: Callable[[str], None] | None = None
    ) -> None:
        self.path = path or cache_path()
        self.on_warning = on_warning
        self.warnings: list[str] = []
        self._db: sqlite3.Connection | None = None
        refuse_sqlite_links(self.path)  # a link is refused (an OSError), never followed
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS responses ("
                " key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)"
            )
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)

    @property
    def usable(self) -> bool:
        return self._db is not None

    def _give_up(self, exc: BaseException) -> None:
        """Turn the cache off for this run, with one warning."""
        db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()
        message = (
            f"response cache {self.path} unusable ({exc}); answers are neither read from nor "
            "saved to it this run (delete the file to start a fresh cache)"
        )
        self.warnings.append(message)
        if self.on_warning is not None:
            self.on_warning(message)

    @staticmethod
    def make_key(identity: dict[str, Any], messages: Any, params: dict[str, Any]) -> str:
        blob = json.dumps(
            {"identity": identity, "messages": messages, "params": params},
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM responses WHERE key = ?", (key,)).fetchone()
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)
            return None
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except (json.JSONDecodeError, TypeError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, value, created) VALUES (?, ?, ?)",
                (key, json.dumps(value, ensure_ascii=False), time.time()),
            )
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
