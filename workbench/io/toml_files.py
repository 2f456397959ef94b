"""Reading a TOML data file (the settings, the model table): one clear error naming the file."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from workbench.core.errors import DataFileError

MAX_TOML_BYTES = 4 * 1024 * 1024
"""A settings file larger than this is not read (a real one is a few kilobytes)."""


def read_toml(path: Path, *, max_bytes: int = MAX_TOML_BYTES) -> dict[str, object] | None:
    """The file's tables; None when there is no such file. Not UTF-8, not TOML (nested too
    deeply too), larger than `max_bytes`, not a regular file (a FIFO is never waited on, a
    device never read) or not readable: a `DataFileError` naming the file and what is wrong."""
    found = read_toml_text(path, max_bytes=max_bytes)
    return None if found is None else found[0]


def read_toml_text(
    path: Path, *, max_bytes: int = MAX_TOML_BYTES
) -> tuple[dict[str, object], str] | None:
    """`read_toml`'s tables and the text they were read from (for `field_line`)."""
    from workbench.io.textinput import read_regular

    if not path.exists():  # a dangling link too, as before: no settings
        return None
    data = read_regular(path, max_bytes)
    try:
        text = data.decode("utf-8-sig")  # a BOM (Notepad) is no statement
        return tomllib.loads(text), text
    except UnicodeDecodeError:
        raise DataFileError(str(path), "not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(str(path), f"TOML syntax error: {exc}") from None
    except RecursionError:
        raise DataFileError(str(path), "TOML syntax error: nested too deeply") from None


_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_KEY_PATH = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"\s*\[\[?\s*({_KEY_PATH})\s*\]\]?\s*(?:#.*)?$")
_ASSIGNMENT = re.compile(rf"\s*({_KEY_PATH})\s*=")


def _key_parts(path: str) -> list[str]:
    parts = re.findall(_KEY_PART, path)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def field_line(text: str, loc: Sequence[int | str]) -> int | None:
    """The 1-based line where the setting at `loc` (a pydantic error location) is written, or
    its nearest table; None when neither is found (an inline table, say). Lines inside a
    multi-line string are passed over."""
    want = [str(p) for p in loc]
    table: list[str] = []
    best: tuple[int, int] | None = None  # (depth, line) of the deepest prefix of `want`
    in_string: str | None = None
    for number, line in enumerate(text.split("\n"), 1):  # TOML ends lines at LF alone
        if in_string is not None:
            if line.count(in_string) % 2:
                in_string = None
            continue
        header = _HEADER.match(line)
        assignment = None if header else _ASSIGNMENT.match(line)
        if header:
            table = _key_parts(header.group(1))
            full = table
        elif assignment:
            full = table + _key_parts(assignment.group(1))
        else:
            continue
        if full == want:
            return number
        if want[: len(full)] == full and (best is None or len(full) > best[0]):
            best = (len(full), number)
        for quotes in ('"""', "'''"):
            if assignment and line.count(quotes) % 2:
                in_string = quotes
    return best[1] if best else None
