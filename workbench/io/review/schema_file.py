"""The decision-record schema kept beside the records, for editors.

Each record file names it in its first line (`SCHEMA_LINE`, a relative path, so the folder can
move); yaml-language-server (VS Code's YAML extension, and editors built on it) then checks
the record as it is typed. The schema is written (atomically, never through a link) whenever a
record is written and the file there is not already the same; a folder where it cannot be
written (`.schema` a link, a read-only folder) costs only the editor's check, never the record.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from workbench.io import WriteError, write_named

SCHEMA_FOLDER = ".schema"
SCHEMA_NAME = "decision-record.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{SCHEMA_NAME}\n"


@functools.cache
def schema_bytes() -> bytes:
    from workbench.core.schema_ids import decision_record_schema

    return (json.dumps(decision_record_schema(), indent=2, ensure_ascii=False) + "\n").encode()


def with_schema_line(text: str) -> str:
    """A record file's text, its first line naming the schema."""
    return SCHEMA_LINE + text


def write_schema_beside(records_folder: Path) -> bool:
    """Make `records_folder/.schema/decision-record.schema.json` the current schema; False
    when it cannot be (see the module docstring)."""
    folder = records_folder / SCHEMA_FOLDER
    if os.path.islink(folder):
        return False
    wanted = schema_bytes()
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(folder / SCHEMA_NAME, flags)
    except OSError:
        pass  # none yet (or a link, which write_named refuses)
    else:
        with os.fdopen(fd, "rb") as handle:
            if handle.read(len(wanted) + 1) == wanted:
                return True
    try:
        write_named(folder, SCHEMA_NAME, wanted)
    except (WriteError, OSError):
        return False
    return True
