"""Make untrusted text safe to put in a terminal, a Markdown file or an HTML page."""

from __future__ import annotations

import html
import re

# C0 controls except tab and newline, DEL, C1 controls (ESC starts ANSI sequences).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def strip_controls(text: str) -> str:
    """Drop terminal control sequences and control characters; keep tabs and newlines."""
    return _CONTROLS.sub("", _ANSI.sub("", text.replace("\r\n", "\n")))


def html_text(text: str) -> str:
    return html.escape(strip_controls(text), quote=True)


_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def markdown_text(text: str) -> str:
    """Escape what Markdown would read as formatting, so text renders as itself."""
    escaped = _MD_INLINE.sub(r"\\\1", strip_controls(text))
    escaped = _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped)
    return _MD_ORDERED.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped)
