"""The export manifest: which files an export wrote into a folder, and their content hashes.

It lives in the folder it describes (`.workbench-export.json`: a dot file, so no ADR reader
takes it for a record, and its name cannot match `NNNN-*.md`). Anyone who can write to the
folder can write it, so it is read as hostile: a name that is not a plain file name directly
in the folder (a `/`, a `\\`, `..`, an absolute path, a NUL, the manifest itself) is dropped,
and what it says only ever lets the export remove or replace a regular file whose current
content still hashes to what the manifest recorded.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.text_safety import json_text
from workbench.io import write_named

MANIFEST_NAME = ".workbench-export.json"
MAX_BYTES = 64 * 1024 * 1024
_FORMAT = "workbench-export-manifest/1"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_name(name: object) -> bool:
    """A plain file name directly in the folder, and not the manifest's own."""
    return (
        isinstance(name, str)
        and 0 < len(name) <= 255
        and not any(c in name for c in "/\\\x00")
        and ".." not in name
        and not os.path.isabs(name)
        and name not in (".", MANIFEST_NAME)
    )


@dataclass
class Manifest:
    exports: dict[str, dict[str, str]] = field(default_factory=dict)
    """format -> {file name: sha256 of the bytes written}"""
    state: dict[str, dict[str, str]] = field(default_factory=dict)
    """What an export keeps for the next one (the radar's rings: `radar` -> {name: ring});
    hostile like the rest: only string-to-string mappings of sane sizes are kept."""
    found: bool = False
    """A manifest was there and could be read."""
    problem: str | None = None
    """Why a manifest that was there could not be used."""


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST_NAME
    try:
        data = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return Manifest()
    except OSError as exc:
        return Manifest(problem=f"{path}: {exc.strerror or exc}")
    if data is None:
        return Manifest(problem=f"{path}: not a regular file, or too large")
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Manifest(problem=f"{path}: not valid JSON")
    exports = parsed.get("exports") if isinstance(parsed, dict) else None
    if not isinstance(exports, dict):
        return Manifest(problem=f"{path}: no `exports` mapping")
    out: dict[str, dict[str, str]] = {}
    for fmt, files in exports.items():
        if not isinstance(fmt, str) or not isinstance(files, dict):
            continue
        out[fmt] = {
            name: value.lower()
            for name, value in files.items()
            if safe_name(name) and isinstance(value, str) and _is_sha256(value)
        }
    state: dict[str, dict[str, str]] = {}
    raw_state = parsed.get("state")
    for key, values in raw_state.items() if isinstance(raw_state, dict) else []:
        if isinstance(key, str) and isinstance(values, dict):
            state[key] = {
                k: v
                for k, v in values.items()
                if isinstance(k, str) and isinstance(v, str) and len(k) <= 400 and len(v) <= 40
            }
    return Manifest(out, state, found=True)


def write_manifest(folder: Path, manifest: Manifest) -> None:
    body: dict[str, object] = {
        "format": _FORMAT,
        "note": "Written by `workbench review export`: the files it wrote here and their SHA-256.",
        "exports": {
            fmt: dict(sorted(files.items())) for fmt, files in sorted(manifest.exports.items())
        },
    }
    if manifest.state:
        body["state"] = {k: dict(sorted(v.items())) for k, v in sorted(manifest.state.items())}
    text = json_text(json.dumps(body, indent=1, ensure_ascii=False)) + "\n"
    write_named(folder, MANIFEST_NAME, text, make_folder=False)


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of `path` if it is a regular file (not a link to one) of at most `limit`
    bytes; None when it is anything else. FileNotFoundError when there is nothing."""
    found = open_regular(path, limit)
    return None if found is None else found[0]


def open_regular(path: Path, limit: int) -> tuple[bytes, os.stat_result] | None:
    """`read_regular`, with the file's `fstat` (what `workbench.io.remove_named` checks
    before it removes the file)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise FileNotFoundError(exc.errno, exc.strerror, str(path)) from None
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.EMLINK):
            return None  # a symbolic link, a folder, a socket...
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks), info
    finally:
        os.close(fd)


def _is_sha256(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdefABCDEF" for c in value)
