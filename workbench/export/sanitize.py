"""Untrusted text for a terminal, a Markdown file or an HTML page: the names the run exports
use. The rules are `workbench.core.text_safety`'s (the one module that decides them)."""

from __future__ import annotations

from workbench.core.text_safety import html_text, markdown_text
from workbench.core.text_safety import terminal as strip_controls

__all__ = ["html_text", "markdown_text", "strip_controls"]
