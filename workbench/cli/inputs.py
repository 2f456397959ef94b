"""Reading the passage and other inputs the commands take, with one clear error for each
kind of bad input."""

from __future__ import annotations

import sys
from pathlib import Path

from workbench.errors import WorkbenchError

MAX_PASSAGE_BYTES = 10 * 1024 * 1024


def read_passage(
    source: str | None, *, max_bytes: int = MAX_PASSAGE_BYTES, what: str = "passage"
) -> tuple[str, str]:
    """The text and a name for it, from a file or from stdin ('-' or nothing piped).

    Read through `workbench.textinput.read_limited`: never more than `max_bytes`, whatever the
    input (a file, a device such as /dev/zero, a FIFO, a pipe)."""
    from workbench.textinput import read_limited
    from workbench.yamlio import decode_text

    if source in (None, "-"):
        if source is None and sys.stdin.isatty():
            raise WorkbenchError(f"no {what}: give a FILE, or pipe the text in on stdin")
        path, where = None, "stdin"
    else:
        path, where = Path(source), source
    text = decode_text(read_limited(path, max_bytes, where), where)
    if not text.strip():
        raise WorkbenchError(f"{where}: the {what} is empty")
    return text.strip("\n"), where


def read_text_input(source: str, option: str) -> str:
    """Another text input (a reference translation, say): same checks as the passage."""
    try:
        text, _ = read_passage(source)
    except WorkbenchError as exc:
        raise WorkbenchError(f"{option} {exc.message}") from None
    return text


def check_language(value: str, option: str) -> str:
    value = value.strip()
    if not value:
        raise WorkbenchError(f"{option} must name a language, e.g. de or German")
    if len(value) > 40 or any(ch in value for ch in "\n\r\t<>"):
        raise WorkbenchError(f"{option}: {value[:40]!r} is not a language name or code")
    return value


def write_output(text: str, output: str | None) -> None:
    """To stdout, or atomically to a file."""
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from workbench.atomic import write_text_atomic

    path = Path(output)
    if path.is_dir():
        raise WorkbenchError(f"--output {output}: is a folder; give a file name")
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        raise WorkbenchError(f"--output {output}: cannot write: {exc.strerror or exc}") from None
