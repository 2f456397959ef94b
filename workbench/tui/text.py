"""Untrusted text made safe to show: never markup, never terminal control.

Passages, model output, notes and error messages go through `literal()`: control characters
(ANSI escapes included) become visible Unicode control pictures (ESC shows as ␛) and bidi
controls show as `\\u202e`, by the rules of `workbench.core.text_safety.visible`; the text is
wrapped in `Content` without markup parsing, so `[bold]x[/]` shows as those characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.content import Content, Span

from workbench.core.errors import DataFileError
from workbench.core.text_safety import visible as visible

# Diff marks carry a second channel besides colour, which survives 16 colours and NO_COLOR
# (tests/tui/test_tmux_marks.py): insertions bold and underlined, deletions struck.
INSERT_STYLE = "bold underline $text-success on $success-muted"
DELETE_STYLE = "strike $text-error on $error-muted"
# Glossary terms (the source's and their fixed renderings): underlined, a mark that is not a
# diff mark's (those are coloured backgrounds)
TERM_STYLE = "underline $text-accent"


def literal(text: str, style: str = "") -> Content:
    """Untrusted text as Content: shown exactly as the characters it is."""
    shown = visible(text)
    if style and shown:
        return Content(shown, [Span(0, len(shown), style)], strip_control_codes=False)
    return Content(shown, strip_control_codes=False)


def diff_content(ops: Sequence[tuple[int, str]], *, show_deleted: bool = True) -> Content:
    """A column's text marked against the baseline: insertions highlighted, deletions struck.

    `ops` are word-diff ops with the baseline as A: 1 only in this column, -1 only in the
    baseline, 0 in both. Built from spans over plain text, never from markup.
    """
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for op, raw in ops:
        if op < 0 and not show_deleted:
            continue
        text = visible(raw)
        if not text:
            continue
        if op:
            spans.append(Span(offset, offset + len(text), INSERT_STYLE if op > 0 else DELETE_STYLE))
        parts.append(text)
        offset += len(text)
    return Content("".join(parts), spans, strip_control_codes=False)


def tune_cursors(root: object) -> None:
    """Turn cursor blink off under the root when the app asks for it (tests, snapshots)."""
    from textual.dom import DOMNode
    from textual.widgets import Input, TextArea

    if not isinstance(root, DOMNode):
        return
    blink = bool(getattr(root.app, "cursor_blink", True))
    if blink:
        return
    for widget in root.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


def tell(widget: object, text: str, severity: str = "information") -> None:
    """A notification of untrusted text: control characters made visible, never markup."""
    from textual.widget import Widget

    if isinstance(widget, Widget):
        widget.notify(visible(text), severity=severity, markup=False)  # type: ignore[arg-type]


def problem_lines(problems: Sequence[DataFileError], everything: str, shown: int = 3) -> str:
    """The first `shown` files that could not be read, a line each (`name:line: field:
    problem`), then how many more and the command that lists them all (`everything`)."""
    lines = []
    for error in problems[:shown]:
        where = Path(error.path).name + (f":{error.line}" if error.line else "")
        lines.append(f"{where}: {f'{error.field}: ' if error.field else ''}{error.problem}")
    if len(problems) > shown:
        lines.append(f"and {len(problems) - shown} more (`{everything}` lists them)")
    return visible("\n".join(lines))
