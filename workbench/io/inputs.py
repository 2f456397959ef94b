"""Reading the passage and other inputs the commands take, with one clear error for each
kind of bad input."""

from __future__ import annotations

import sys
from pathlib import Path

from workbench.core.errors import WorkbenchError

MAX_PASSAGE_BYTES = 10 * 1024 * 1024


def read_passage(
    source: str | None, *, max_bytes: int = MAX_PASSAGE_BYTES, what: str = "passage"
) -> tuple[str, str]:
    """The text and a name for it, from a file or from stdin ('-' or nothing piped).

    Read through `workbench.io.textinput.read_limited`: never more than `max_bytes`, whatever the
    input (a file, a device such as /dev/zero, a FIFO, a pipe)."""
    from workbench.core.text_safety import blank
    from workbench.io.textinput import read_limited
    from workbench.io.yamlio import decode_text

    if source in (None, "-"):
        if source is None and sys.stdin is not None and sys.stdin.isatty():
            raise WorkbenchError(f"no {what}: give a FILE, or pipe the text in on stdin")
        path, where = None, "stdin"
    elif source == "":  # `translate "$UNSET"`: Path("") would be ".", the current folder
        raise WorkbenchError(f"the {what}'s file name is empty (give a path, or - for stdin)")
    else:
        path, where = Path(source), source
    text = decode_text(read_limited(path, max_bytes, where), where)
    if blank(text):  # nothing to show: white space, or characters invisible on their own
        raise WorkbenchError(f"{where}: the {what} is empty")
    return text.strip("\n"), where


def read_text_input(source: str, option: str) -> str:
    """Another text input (a reference translation, say): same checks as the passage."""
    if source == "":
        raise WorkbenchError(f"{option}: the file name is empty (give a path, or - for stdin)")
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


def check_stdout() -> None:
    """A `WriteError` (one line, exit 2) when the process was started with stdout closed
    (`>&-`): there is nowhere to write the output but a file."""
    if sys.stdout is None:
        from workbench.io.atomic import WriteError

        raise WriteError("cannot write the output: stdout is closed (give -o PATH)")


def write_stdout(data: str | bytes) -> None:
    """Standard output, written and flushed (text through `sys.stdout`, bytes as they are): a
    full disk, or any write error but a reader gone away (that stays a BrokenPipeError), is
    one line naming standard output, exit 2, like the write errors of `-o`."""
    check_stdout()
    try:
        sys.stdout.flush()
        if isinstance(data, str):
            sys.stdout.write(data)
            sys.stdout.flush()
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise WorkbenchError(f"cannot write standard output: {exc.strerror or exc}") from None


def write_output(text: str, output: str | None) -> None:
    """To stdout, or to the user's `-o` path as a shell redirection would (`workbench.io`)."""
    if output is None or output == "-":
        write_stdout(text)
        return
    from workbench.io import write_output as write_user_path

    write_user_path(output, text, option="--output")
