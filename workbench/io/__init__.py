"""The product's one way to write files (see `atomic` and `output` for the guarantees).

- Files the workbench names itself (exports, history, drafts, styles, records, stamps):
  `write_named`, `write_text_atomic`, `write_bytes_atomic`: temp file + fsync + rename, never
  through a link, never outside the folder given, never left half-written; `remove_named`
  removes such a file (a regular file only, never a link).
- A path the user names with `-o`: `write_output`, which behaves like a shell redirection.
- `refuse_link` for files opened by other libraries (the SQLite caches).

The names load on first use (PEP 562), so that importing a light submodule such as
`workbench.io.gc_tuning` (the CLI's entry point does, for `workbench --help` too) does not
load the writers and with them tempfile and pathlib, and the record-parsing worker
(`workbench.io.review.parse_worker`) starts without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.io.atomic import (
        WriteError,
        check_name,
        refuse_link,
        refuse_sqlite_links,
        remove_named,
        write_bytes_atomic,
        write_named,
        write_text_atomic,
    )
    from workbench.io.output import write_output

_WHERE = {
    "WriteError": "workbench.io.atomic",
    "check_name": "workbench.io.atomic",
    "refuse_link": "workbench.io.atomic",
    "refuse_sqlite_links": "workbench.io.atomic",
    "remove_named": "workbench.io.atomic",
    "write_bytes_atomic": "workbench.io.atomic",
    "write_named": "workbench.io.atomic",
    "write_text_atomic": "workbench.io.atomic",
    "write_output": "workbench.io.output",
}

__all__ = [
    "WriteError",
    "check_name",
    "refuse_link",
    "refuse_sqlite_links",
    "remove_named",
    "write_bytes_atomic",
    "write_named",
    "write_output",
    "write_text_atomic",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
