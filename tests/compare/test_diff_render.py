"""Renderers of diff ops: escaping, control characters, golden HTML page and Markdown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.cli.diff_cmd import render_html
from workbench.core.compare.diff import DiffResult, diff_texts
from workbench.export.diff_render import (
    clean_text,
    escape_markdown,
    html_page,
    ops_to_ansi,
    ops_to_html,
    ops_to_markdown,
    ops_to_plain,
    similarity_heatmap_html,
)

GOLDEN = Path(__file__).parent / "golden"
HOSTILE_A = (
    "Intro <script>alert('x')</script> & [bold]x[/] \x1b[31mred\x1b[0m "
    "\x1b]8;;file:///etc/passwd\x07link\x1b]8;;\x07 bell\x07 end.\r\n"
    "- list item\n\n# heading *star* _under_ `code`"
)
HOSTILE_B = (
    'Intro <b onclick="x">bold</b> & [link=file:///etc/passwd]y[/link] red '
    "link bell end!\n- list item changed\n\n# heading *star* _under_ `code` 😀"
)
OPS = diff_texts(HOSTILE_A, HOSTILE_B).ops


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("WORKBENCH_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")


def test_clean_text_removes_escapes_and_controls() -> None:
    assert clean_text("a\x1b[31mb\x1b[0mc") == "abc"
    assert clean_text("a\x1b]8;;http://x\x07b\x1b]8;;\x07c") == "abc"
    assert clean_text("a\x00b\x07c\x7fd\x85e\x9b1mf") == "abcdef"
    assert clean_text("tab\tnew\nline\r\nold\rmac") == "tab\tnew\nline\nold\nmac"
    assert clean_text("שלום\u200f 😀 e\u0301") == "שלום\u200f 😀 e\u0301"


def test_html_page_golden() -> None:
    result = DiffResult(ops=OPS, similarity=diff_texts(HOSTILE_A, HOSTILE_B).similarity)
    page = render_html(result, Path("a <1>.txt"), Path("b.txt"))
    check_golden("diff_page.html", page)
    assert "<script>" not in page and "script&gt;alert(&#x27;x&#x27;)" in page
    assert "bold]x[/]" in page  # rich markup means nothing in HTML: shown as written
    assert "\x1b" not in page and "\x07" not in page and "\r" not in page
    assert 'onclick="x"' not in page
    assert "http://" not in page.replace("http-equiv", "") and "https://" not in page
    assert "src=" not in page and "<link" not in page


def test_markdown_golden() -> None:
    check_golden("diff.md", ops_to_markdown(OPS) + "\n")


def test_html_fragment_marks_insertions_and_deletions() -> None:
    html = ops_to_html([(0, "a "), (-1, "b<"), (1, "c&"), (0, "")])
    assert html == '<div class="wb-diff">a <del>b&lt;</del><ins>c&amp;</ins></div>'


def test_plain_and_ansi() -> None:
    ops = [(0, "a "), (-1, "b\x1b[2J"), (1, "c\nd")]
    assert ops_to_plain(ops) == "a [-b-]{+c\nd+}"
    assert ops_to_ansi(ops) == "a \x1b[31;9mb\x1b[0m\x1b[32;4mc\x1b[0m\n\x1b[32;4md\x1b[0m"


def test_markdown_escaping_and_whitespace_outside_markers() -> None:
    assert ops_to_markdown([(0, "a"), (-1, " *b* "), (1, "\nc_\n")]) == "a ~~\\*b\\*~~ \n**c\\_**\n"
    assert escape_markdown("1. <x> [l](u) ~t~ #h") == "1\\. \\<x\\> \\[l\\]\\(u\\) \\~t\\~ \\#h"
    assert escape_markdown("- item\n+ two") == "\\- item\n\\+ two"


def test_heatmap() -> None:
    table = similarity_heatmap_html(["ref", "<b>"], [[1.0, 0.25], [0.25, 1.0]])
    assert table.count("<tr>") == 3
    assert "&lt;b&gt;" in table and "<b>" not in table
    assert "hsl(120, 70%, 82%)" in table and "hsl(30, 70%, 82%)" in table
    assert ">0.25<" in table
    with pytest.raises(ValueError):
        similarity_heatmap_html(["a"], [[1.0, 0.5]])


def test_html_page_is_self_contained() -> None:
    page = html_page("t <x>", "<p>hi</p>")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>t &lt;x&gt;</title>" in page
    assert "default-src 'none'" in page
