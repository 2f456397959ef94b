"""A Markdown renderer for the tests that check what a careless site would make of our output."""

from __future__ import annotations

from markdown_it import MarkdownIt


class TrustingMarkdown(MarkdownIt):
    """A renderer that trusts every URL (markdown-it refuses `javascript:` and the like)."""

    def validateLink(self, url: str) -> bool:
        return True


def html_tables(html: str) -> list[list[list[str]]]:
    """The tables of an HTML page: each a list of rows, each row its cells' text."""
    from html.parser import HTMLParser

    tables: list[list[list[str]]] = []

    class Parser(HTMLParser):
        cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "table":
                tables.append([])
            elif tag == "tr" and tables:
                tables[-1].append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self.cell is not None and tables and tables[-1]:
                tables[-1][-1].append("".join(self.cell))
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    parser = Parser(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return tables
