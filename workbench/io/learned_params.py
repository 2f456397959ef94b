"""What runs learned about the request parameters an endpoint's model takes, kept in the cache
folder (`model-parameters.json`) so `workbench doctor` can say it without sending a request.

Entries are per endpoint (credentials removed) and model: the parameters a request carried that
the server answered (`accepted`), and those it refused with its message (`rejected`). A later
run's findings replace an earlier run's for the same parameter. The file is an aid, never a
cost: a missing, unreadable or broken file reads as empty, and a failed write is ignored.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from workbench.io import paths, write_named

FILE_NAME = "model-parameters.json"
MAX_ENTRIES = 200
LOCK_TIMEOUT = 2.0
"""Seconds to wait for another run writing the file before giving this run's findings up."""
_lock = threading.Lock()


@dataclass
class Learned:
    endpoint: str
    model: str
    accepted: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)
    updated: str = ""


def load_learned() -> list[Learned]:
    """Every entry, newest first (an unreadable or broken file: none)."""
    try:
        data = json.loads((paths.cache_dir() / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    entries = data.get("entries") if isinstance(data, dict) else None
    out: list[Learned] = []
    for raw in entries if isinstance(entries, list) else []:
        entry = _entry(raw)
        if entry is not None:
            out.append(entry)
    return sorted(out, key=lambda e: e.updated, reverse=True)


def learned_for(endpoint: str | None, model: str | None = None) -> list[Learned]:
    """The entries for one endpoint (and model, if given)."""
    return [
        e
        for e in load_learned()
        if e.endpoint == _key(endpoint) and (model is None or e.model == model)
    ]


def record_learned(
    endpoint: str | None, model: str, accepted: set[str], rejected: dict[str, str]
) -> None:
    """Merge one run's findings into the file (written whole, with `write_named`), holding
    its lock (`<cache>/locks/`) from reading it to replacing it, so two runs at once keep both
    their findings."""
    from workbench.core.errors import WorkbenchError
    from workbench.io.review.locking import locked

    endpoint = _key(endpoint)
    try:
        with _lock, locked([paths.cache_dir() / FILE_NAME], timeout=LOCK_TIMEOUT):
            _record(endpoint, model, accepted, rejected)
    except WorkbenchError:  # locked by another run for long, or no lock folder: an aid only
        return


def _record(endpoint: str, model: str, accepted: set[str], rejected: dict[str, str]) -> None:
    """The read-modify-write of `record_learned`, under its locks (another run's findings,
    written meanwhile, are read before ours are added)."""
    entries = load_learned()
    entry = next((e for e in entries if (e.endpoint, e.model) == (endpoint, model)), None)
    if entry is None:
        entry = Learned(endpoint, model)
        entries.insert(0, entry)
    kept_rejected = {k: v for k, v in entry.rejected.items() if k not in accepted}
    kept_rejected.update(rejected)
    kept_accepted = (set(entry.accepted) - set(rejected)) | accepted
    if kept_rejected == entry.rejected and kept_accepted == set(entry.accepted):
        return
    entry.rejected = dict(sorted(kept_rejected.items()))
    entry.accepted = sorted(kept_accepted)
    entry.updated = datetime.now(UTC).isoformat(timespec="seconds")
    entries.sort(key=lambda e: e.updated, reverse=True)
    payload = {"entries": [e.__dict__ for e in entries[:MAX_ENTRIES]]}
    with contextlib.suppress(OSError):  # an aid, never a cost
        write_named(paths.cache_dir(), FILE_NAME, json.dumps(payload, indent=2) + "\n")


def _key(endpoint: str | None) -> str:
    return (endpoint or "").rstrip("/")


def _entry(raw: Any) -> Learned | None:
    if not isinstance(raw, dict):
        return None
    endpoint, model = raw.get("endpoint"), raw.get("model")
    accepted, rejected = raw.get("accepted", []), raw.get("rejected", {})
    if not (isinstance(endpoint, str) and isinstance(model, str)):
        return None
    if not isinstance(accepted, list) or not isinstance(rejected, dict):
        return None
    return Learned(
        endpoint=endpoint,
        model=model,
        accepted=[str(a) for a in accepted],
        rejected={str(k): str(v) for k, v in rejected.items()},
        updated=str(raw.get("updated", "")),
    )
