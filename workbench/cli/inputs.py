"""Reading the passage and other inputs the commands take, with one clear error for each
kind of bad input."""

from __future__ import annotations

import sys
from pathlib import Path

from workbench.errors import WorkbenchError

MAX_PASSAGE_BYTES = 10 * 1024 * 1024


def read_passage(source: str | None) -> tuple[str, str]:
    """The passage text and a name for it, from a file or from stdin ('-' or nothing piped)."""
    if source in (None, "-"):
        if source is None and sys.stdin.isatty():
            raise WorkbenchError("no passage: give a FILE, or pipe the text in on stdin")
        data = sys.stdin.buffer.read(MAX_PASSAGE_BYTES + 1)
        where = "stdin"
    else:
        path = Path(source)
        where = str(path)
        if not path.exists():
            raise WorkbenchError(f"{where}: no such file")
        if path.is_dir():
            raise WorkbenchError(f"{where}: is a folder, not a file")
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_PASSAGE_BYTES + 1)
        except OSError as exc:
            raise WorkbenchError(f"{where}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_PASSAGE_BYTES:
        raise WorkbenchError(f"{where}: passage is larger than {MAX_PASSAGE_BYTES // 2**20} MiB")
    from workbench.yamlio import decode_text

    text = decode_text(data, where)
    if not text.strip():
        raise WorkbenchError(f"{where}: the passage is empty")
    return text.strip("\n"), where


def read_text_input(source: str, option: str) -> str:
    """Another text input (a reference translation, say): same checks as the passage."""
    try:
        text, _ = read_passage(source)
    except WorkbenchError as exc:
        raise WorkbenchError(f"{option} {exc.message}") from None
    return text


def check_language(value: str, option: str) -> str:
    """The language `value` names (a code or a name such as German), as its BCP 47 tag;
    anything else is exit 2 with the closest matches."""
    from workbench.core.languages import LanguageError, parse_language

    try:
        return parse_language(value).tag
    except LanguageError as exc:
        raise WorkbenchError(f"{option}: {exc}") from None


def write_output(text: str, output: str | None) -> None:
    """To stdout, or to the user's `-o` path as a shell redirection would (`workbench.io`)."""
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from workbench.io import write_output as write_user_path

    write_user_path(output, text, option="--output")
