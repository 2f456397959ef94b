"""Reading a TOML data file (the settings, the model table): one clear error naming the file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from workbench.core.errors import DataFileError

MAX_TOML_BYTES = 4 * 1024 * 1024
"""A settings file larger than this is not read (a real one is a few kilobytes)."""


def read_toml(path: Path, *, max_bytes: int = MAX_TOML_BYTES) -> dict[str, object] | None:
    """The file's tables; None when there is no such file. Not UTF-8, not TOML (nested too
    deeply too), larger than `max_bytes`, not a regular file (a FIFO is never waited on, a
    device never read) or not readable: a `DataFileError` naming the file and what is wrong."""
    from workbench.io.textinput import read_regular

    if not path.exists():  # a dangling link too, as before: no settings
        return None
    data = read_regular(path, max_bytes)
    try:
        return tomllib.loads(data.decode("utf-8-sig"))  # a BOM (Notepad) is no statement
    except UnicodeDecodeError:
        raise DataFileError(str(path), "not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(str(path), f"TOML syntax error: {exc}") from None
    except RecursionError:
        raise DataFileError(str(path), "TOML syntax error: nested too deeply") from None
