"""A Markdown renderer for the tests that check what a careless site would make of our output."""

from __future__ import annotations

from markdown_it import MarkdownIt


class TrustingMarkdown(MarkdownIt):
    """A renderer that trusts every URL (markdown-it refuses `javascript:` and the like)."""

    def validateLink(self, url: str) -> bool:
        return True
