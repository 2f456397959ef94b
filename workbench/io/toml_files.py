"""Reading a TOML data file (the settings, the model table): one clear error naming the file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from workbench.core.errors import DataFileError


def read_toml(path: Path) -> dict[str, object] | None:
    """The file's tables; None when there is no such file. Not UTF-8, not TOML, or not readable:
    a `DataFileError` naming the file and what is wrong."""
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise DataFileError(str(path), "not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(str(path), f"TOML syntax error: {exc}") from None
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read: {exc.strerror or exc}") from None
