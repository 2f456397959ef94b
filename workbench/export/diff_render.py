"""Render word-diff ops for people: HTML, Markdown, ANSI colours and plain markers.

Ops are ``(op, text)`` pairs as made by `workbench.compare.diff`: -1 only in A (deleted),
0 in both, 1 only in B (inserted). All text is untrusted (model output, user files), so every
renderer first cleans it by the rules of `workbench.core.text_safety` (escape sequences, control
and bidi characters removed; tab and line breaks kept), and HTML and Markdown escape the rest.
Nothing here imports rich or textual: the colours are plain ANSI SGR codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from workbench.core.text_safety import html_text, markdown_text, terminal

Op = tuple[int, str]


def clean_text(text: str) -> str:
    """`text` without escape sequences, control or bidi characters (`text_safety.terminal`)."""
    return terminal(text)


# -- plain and ANSI ---------------------------------------------------------------------------

PLAIN_MARKERS = {-1: ("[-", "-]"), 1: ("{+", "+}")}
_SGR = {-1: "\x1b[31;9m", 1: "\x1b[32;4m"}  # red struck through; green underlined
_RESET = "\x1b[0m"


def ops_to_plain(ops: Iterable[Op]) -> str:
    """``[-deleted-]{+inserted+}`` markers, like ``git diff --word-diff=plain``."""
    out = []
    for op, text in ops:
        clean = clean_text(text)
        if op == 0:
            out.append(clean)
        elif clean:
            start, end = PLAIN_MARKERS[op]
            out.append(f"{start}{clean}{end}")
    return "".join(out)


def ops_to_ansi(ops: Iterable[Op]) -> str:
    """Deletions red and struck through, insertions green and underlined (ANSI SGR codes).

    Styles are closed before each line break so colours never bleed into the next line.
    """
    out = []
    for op, text in ops:
        clean = clean_text(text)
        if op == 0:
            out.append(clean)
            continue
        style = _SGR[op]
        out.append(
            "\n".join(f"{style}{line}{_RESET}" if line else "" for line in clean.split("\n"))
        )
    return "".join(out)


# -- HTML ---------------------------------------------------------------------------------------

DIFF_CSS = """\
.wb-diff { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.5;
  font-family: ui-serif, Georgia, serif; unicode-bidi: plaintext; }
.wb-diff del { background: #ffd7d5; color: #82071e; text-decoration: line-through; }
.wb-diff ins { background: #ccffd8; color: #055d20; text-decoration: none; }
.wb-heatmap { border-collapse: collapse; font-family: ui-sans-serif, system-ui, sans-serif; }
.wb-heatmap th, .wb-heatmap td { border: 1px solid #bbb; padding: 0.3em 0.6em; }
.wb-heatmap td { text-align: right; font-variant-numeric: tabular-nums; color: #111; }
.wb-heatmap th { background: #f3f3f3; font-weight: 600; }
"""


def escape_html(text: str) -> str:
    """Clean (see `clean_text`) and HTML-escape untrusted text, quotes included."""
    return html_text(text)


def ops_to_html(ops: Iterable[Op]) -> str:
    """A ``<div class="wb-diff">`` fragment: ``<del>`` for deletions, ``<ins>`` for insertions.

    Style it with `DIFF_CSS` (included by `html_page`).
    """
    parts = ['<div class="wb-diff">']
    for op, text in ops:
        escaped = escape_html(text)
        if not escaped:
            continue
        if op == -1:
            parts.append(f"<del>{escaped}</del>")
        elif op == 1:
            parts.append(f"<ins>{escaped}</ins>")
        else:
            parts.append(escaped)
    parts.append("</div>")
    return "".join(parts)


def similarity_colour(value: float) -> str:
    """A background colour from red (0.0) through yellow to green (1.0)."""
    value = min(1.0, max(0.0, value))
    return f"hsl({round(120 * value)}, 70%, 82%)"


def similarity_heatmap_html(names: Sequence[str], matrix: Sequence[Sequence[float]]) -> str:
    """A ``<table class="wb-heatmap">`` fragment: one row and column per name, each cell's
    background coloured by its similarity (0..1), the value printed to two decimals."""
    if len(matrix) != len(names) or any(len(row) != len(names) for row in matrix):
        raise ValueError("the matrix must be square, one row and column per name")
    head = "".join(f'<th scope="col">{escape_html(n)}</th>' for n in names)
    rows = []
    for name, row in zip(names, matrix, strict=True):
        cells = "".join(f'<td style="background: {similarity_colour(v)}">{v:.2f}</td>' for v in row)
        rows.append(f'<tr><th scope="row">{escape_html(name)}</th>{cells}</tr>')
    return (
        '<table class="wb-heatmap"><thead><tr><th></th>'
        + head
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def html_page(title: str, body_html: str, *, css: str = DIFF_CSS) -> str:
    """A complete, self-contained HTML page (no outside resources; a Content-Security-Policy
    forbids loading any). `body_html` must already be safe HTML; `title` is escaped here."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="und">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape_html(title)}</title>\n"
        "<style>\n"
        "body { max-width: 60em; margin: 2em auto; padding: 0 1em; "
        "font-family: ui-sans-serif, system-ui, sans-serif; color: #111; }\n"
        ".wb-meta { color: #555; }\n"
        f"{css}</style>\n</head>\n<body>\n{body_html}\n</body>\n</html>\n"
    )


# -- Markdown -----------------------------------------------------------------------------------


def escape_markdown(text: str) -> str:
    """Clean `text` and backslash-escape what Markdown (CommonMark, GFM) would interpret."""
    return markdown_text(text)


def _wrap_md(text: str, marker: str) -> str:
    """Wrap each line's non-blank middle in `marker`; edge whitespace stays outside, where
    emphasis markers still work."""
    out = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        out.append(f"{lead}{marker}{core}{marker}{trail}")
    return "\n".join(out)


def ops_to_markdown(ops: Iterable[Op]) -> str:
    """``~~deleted~~`` and ``**inserted**`` with the text escaped; line breaks are kept."""
    out = []
    for op, text in ops:
        escaped = escape_markdown(text)
        if op == -1:
            out.append(_wrap_md(escaped, "~~"))
        elif op == 1:
            out.append(_wrap_md(escaped, "**"))
        else:
            out.append(escaped)
    return "".join(out)
