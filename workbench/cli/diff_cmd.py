"""`workbench diff A B`: a word diff of two existing texts, no LLM involved."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli import use_colour
from workbench.cli.given_path import GivenPath

if TYPE_CHECKING:  # pragma: no cover
    from workbench.core.compare.diff import DiffResult

MAX_BYTES = 16 * 1024 * 1024  # a long book; the diff of two such takes a few seconds


def read_input(path: Path) -> str:
    """A UTF-8 text to compare ('-': stdin), never read past MAX_BYTES (a FIFO, /dev/zero);
    every problem is a WorkbenchError (exit 2)."""
    from workbench.core.errors import DataFileError
    from workbench.io.textinput import read_limited
    from workbench.io.yamlio import decode_text

    stdin = str(path) == "-"
    where = "stdin" if stdin else str(path)
    text = decode_text(read_limited(None if stdin else path, MAX_BYTES, where), where)
    if not text.strip():
        raise DataFileError(where, "the file is empty" if not text else "the file has no text")
    return text


def render_text(result: DiffResult, a: Path, b: Path, *, colour: bool) -> str:
    from workbench.core.text_safety import name
    from workbench.export.diff_render import ops_to_ansi, ops_to_plain

    body = ops_to_ansi(result.ops) if colour else ops_to_plain(result.ops)
    names = f"A: {name(a)}, B: {name(b)}"  # shown, not removed: the file can be found
    legend = "" if colour else " [-only in A-] {+only in B+}"
    gap = "\n" if body.endswith("\n") else "\n\n"
    return f"{body}{gap}similarity {result.similarity:.3f} ({names}){legend}\n"


def render_json(result: DiffResult, a: Path, b: Path) -> str:
    import json

    from workbench.core.text_safety import json_text, utf8_name

    data = {
        "a": {"path": utf8_name(str(a))},
        "b": {"path": utf8_name(str(b))},
        "ops": [[op, text] for op, text in result.ops],
        "similarity": result.similarity,
    }
    return json_text(json.dumps(data, ensure_ascii=False, indent=None)) + "\n"


def render_html(result: DiffResult, a: Path, b: Path) -> str:
    from workbench.export.diff_render import escape_html, html_page, ops_to_html

    title = f"{a.name} → {b.name}"
    body = (
        f"<h1>{escape_html(title)}</h1>\n"
        '<p class="wb-meta">'
        f"A: <code>{escape_html(str(a))}</code><br>"
        f"B: <code>{escape_html(str(b))}</code><br>"
        f"similarity <strong>{result.similarity:.3f}</strong> "
        "(share of words in common) · <del>only in A</del> · <ins>only in B</ins></p>\n"
        f"{ops_to_html(result.ops)}"
    )
    return html_page(f"workbench diff: {title}", body)


@click.command("diff")
@click.argument("a", type=GivenPath(path_type=Path, dir_okay=True))
@click.argument("b", type=GivenPath(path_type=Path, dir_okay=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text: coloured on a terminal, [-A-]{+B+} markers otherwise; json: ops and "
    "similarity; html: one self-contained page.",
)
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    help="Write to this file instead of standard output.",
)
@click.option(
    "--color",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text format (auto: only on a terminal, and not when NO_COLOR is set).",
)
def diff(a: Path, b: Path, fmt: str, output: str | None, color: str) -> None:
    """Word-level diff of two UTF-8 text files A and B (two translations, say); one of
    them may be '-', standard input. Each is read up to 16 MiB, and no further.

    \b
    Words, punctuation and whitespace are compared, one character at a time for
    Chinese and Japanese; the similarity is the share of words the two have in common.
    JSON ops are [op, text] pairs: -1 only in A, 0 in both, 1 only in B.
    """
    from workbench.core.compare.diff import diff_texts

    if str(a) == str(b) == "-":
        from workbench.core.errors import WorkbenchError

        raise WorkbenchError("only one of A and B can be '-' (stdin)")
    text_a, text_b = read_input(a), read_input(b)
    result = diff_texts(text_a, text_b)
    if fmt == "json":
        rendered = render_json(result, a, b)
    elif fmt == "html":
        rendered = render_html(result, a, b)
    else:
        colour = use_colour(color, None if output else sys.stdout)
        rendered = render_text(result, a, b, colour=colour)
    if output is not None:
        _write_output(output, rendered)
    else:
        from workbench.io.inputs import write_stdout

        write_stdout(rendered.encode("utf-8"))


def _write_output(path: str, text: str) -> None:
    from workbench.io import write_output

    write_output(path, text, option="--output")
