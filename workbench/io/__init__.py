"""The product's one way to write files (see `atomic` and `output` for the guarantees).

- Files the workbench names itself (exports, history, drafts, styles, records, stamps):
  `write_named`, `write_text_atomic`, `write_bytes_atomic`: temp file + fsync + rename, never
  through a link, never outside the folder given, never left half-written; `remove_named`
  removes such a file (a regular file only, never a link).
- A path the user names with `-o`: `write_output`, which behaves like a shell redirection.
- `refuse_link` for files opened by other libraries (the SQLite caches).

The names are imported on first use, so a module of this package that needs none of them (the
record-parsing worker, `workbench.io.review.parse_worker`) starts without them.
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
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(
        "workbench.io.output" if name == "write_output" else "workbench.io.atomic"
    )
    value = getattr(module, name)
    globals()[name] = value
    return value
