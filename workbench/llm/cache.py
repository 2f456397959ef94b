"""A response cache on disk: SQLite in the user cache dir.

Keyed by provider identity (endpoint, model), the messages and the parameters. Only successful
answers are stored; the API key is never part of the key or the value.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from workbench import paths
from workbench.io import refuse_sqlite_links


def cache_path() -> Path:
    return paths.cache_dir() / "responses.sqlite3"


class ResponseCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        refuse_sqlite_links(self.path)
        self._db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS responses ("
            " key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)"
        )

    @staticmethod
    def make_key(identity: dict[str, Any], messages: Any, params: dict[str, Any]) -> str:
        blob = json.dumps(
            {"identity": identity, "messages": messages, "params": params},
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT value FROM responses WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except json.JSONDecodeError:
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO responses (key, value, created) VALUES (?, ?, ?)",
            (key, json.dumps(value, ensure_ascii=False), time.time()),
        )

    def close(self) -> None:
        self._db.close()
