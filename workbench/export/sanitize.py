"""Make untrusted text safe to put in a terminal, a Markdown file or an HTML page.

One implementation, shared with the diff renderers: escape sequences and control characters
are removed (tab and newline kept), then HTML or Markdown escaping is applied.
"""

from __future__ import annotations

from workbench.export.diff_render import clean_text, escape_html, escape_markdown


def strip_controls(text: str) -> str:
    return clean_text(text)


def html_text(text: str) -> str:
    return escape_html(text)


def markdown_text(text: str) -> str:
    return escape_markdown(text)
