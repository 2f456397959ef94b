"""`workbench.core.text_safety`, `markdown_safety` and `languages`: the one place that decides
what untrusted text may hold, per target (issue 11, items 9, 10, 11)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.markdown_helpers import TrustingMarkdown
from workbench.core import text_safety as ts
from workbench.core.languages import LanguageError, display_name, parse_language
from workbench.core.markdown_safety import target_kind

HOSTILE = [
    "[bold]x[/]",
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;aGk=\x07",
    "\x1b]0;title\x1b\\",
    "\x1bP+q\x1b\\",
    "\x9b2J",
    "a\u202eb",
    "a\u2066b\u2069",
    "cr\rlf",
    "nul\x00",
    "del\x7f",
    "bad \udcff byte",
]
RAW = ["\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u2069", "\r", "\x00", "\x7f", "\udcff"]


def raw_free(text: str) -> bool:
    return not any(ch in text for ch in RAW)


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize(
    "target",
    [ts.terminal, ts.one_line, ts.name, ts.visible, ts.html_text, ts.markdown_text,
     ts.markdown_block, ts.markdown_inline, ts.csv_cell, ts.trimmed_csv_cell, ts.yaml_scalar,
     ts.file_name_part],
)  # fmt: skip
def test_no_target_lets_a_control_through(text: str, target: object) -> None:
    assert callable(target)
    out = target(text)
    assert raw_free(out), (target, text, out)
    out.encode("utf-8")  # never a lone surrogate


def test_whole_escape_sequences_go_not_just_esc() -> None:
    assert ts.terminal("a\x1b[31mred\x1b[0m b") == "ared b"
    assert ts.terminal("x\x1b]52;c;aGk=\x07y") == "xy"
    assert ts.terminal("x\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\y") == "xlinky"
    assert ts.terminal("l1\r\nl2\rl3\tt") == "l1\nl2\nl3\tt"
    assert ts.terminal("שלום\u200f ok") == "שלום\u200f ok"  # a bidi mark is kept


def test_names_show_controls_visibly_on_one_line() -> None:
    assert ts.name("de\x1b]0;HACKED\x07") == "de␛]0;HACKED␇"
    assert ts.name("a\nb\tc\u202ed") == "a␊b␉c\\u202ed"
    assert ts.visible("a\x1b[1m\nb\u2066") == "a␛[1m\nb\\u2066"


def test_json_text_keeps_the_data_and_escapes_controls() -> None:
    value = {"t": "a\u202eb\x1b[31m\x85\u2028 ok é"}
    dumped = ts.json_text(json.dumps(value, ensure_ascii=False))
    assert raw_free(dumped) and "\u2028" not in dumped and "\x85" not in dumped
    assert "é" in dumped
    assert json.loads(dumped) == value


@pytest.mark.parametrize("value", ["plain ascii", "del \x7f here \x7f", "é \x7f \x9f", ""])
def test_json_text_ascii_shortcut_escapes_as_the_general_rule(value: str) -> None:
    dumped = json.dumps({"t": value}, ensure_ascii=False)
    escaped = ts.json_text(dumped)
    assert "\x7f" not in escaped and json.loads(escaped) == {"t": value}
    assert escaped == re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", dumped)


def test_csv_yaml_html_and_file_names() -> None:
    row = next(csv.reader(io.StringIO(ts.csv_cell("=HYPERLINK(x)\n") + "\n")))
    assert row == ["'=HYPERLINK(x)"]
    assert yaml.safe_load("k: " + ts.yaml_scalar('a "b"\u202e: c\n- d')) == {"k": 'a "b": c - d'}
    assert ts.html_text("<b x='1'>\x1b[1m") == html.escape("<b x='1'>", quote=True)
    assert ts.file_name_part("../..\x07/etc\u202e/passwd") == "etc-passwd"


@pytest.mark.parametrize(
    ("dest", "kind"),
    [
        ("https://example.org", "web"),
        ("mailto:a@b.c", "web"),
        ("//evil.example/x", "web"),
        ("docs/a.md", "local"),
        ("javascript:alert(1)", "unsafe"),
        ("JaVa&#x53;cript:alert(1)", "unsafe"),
        ("java\\script:x", "local"),  # not a scheme: a backslash is not a scheme character
        (" data:text/html,x", "unsafe"),
        ("vbscript:x", "unsafe"),
        ("&lt;javascript:x>", "unsafe"),
        ("\\\\evil.example/x", "local"),  # Markdown makes it \\evil...: one slash, a path
        ("\\\\\\\\evil.example/x", "web"),  # two backslashes left: //evil
    ],
)
def test_link_targets_are_judged_as_a_browser_sees_them(dest: str, kind: str) -> None:
    assert target_kind(dest) == kind


def _headings(text: str) -> int:
    md = MarkdownIt("commonmark")
    return sum(tok.type == "heading_open" for tok in md.parse(text))


def _document(answer: str) -> str:
    return "# Title\n\n## One\n\n" + ts.markdown_block(answer) + "\n\n## Two\n\nEnd.\n"


def _live(text: str) -> tuple[list[str], list[str]]:
    md = TrustingMarkdown("commonmark")
    links: list[str] = []
    images: list[str] = []
    stack = md.parse(text)
    while stack:
        tok = stack.pop()
        if tok.type == "link_open":
            links.append(str(tok.attrs["href"]))
        if tok.type == "image":
            images.append(str(tok.attrs["src"]))
        stack.extend(tok.children or [])
    return links, images


MARKDOWN_PIECES = st.sampled_from(
    ["```", "~~~~", "    ```", "# h", "## h", "===", "---", "> # q", "- # l", "1. # n", "text",
     "", "[a](javascript:x)", "![i](http://e/t.png)", "![i][r]", "[r]: javascript:x",
     "[r]:\n  data:x", "<script>", "`", "``", "\\", "\\```", "- ```", "  ```",
     "[x](<javascript:y>)",
     "[", "]", "(", ")", "!", "*", "_", "|a|b|\n|-|-|", "> ```", "\t```", "1. ~~~", "<!--",
     "   ===", "> - ## x", "  # y", "*\t# z", "```a`b", "````", "[r]", "> [r]:\n> javascript:x",
     "- > [r]:\n  >  data:x"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=12), st.lists(st.sampled_from(["\n", " ", ""])))
def test_any_answer_keeps_the_documents_headings(pieces: list[str], seps: list[str]) -> None:
    answer = "".join(p + (seps[i] if i < len(seps) else "\n") for i, p in enumerate(pieces))
    document = _document(answer)
    assert _headings(document) == 3, (answer, document)
    links, images = _live(document)
    assert all(target_kind(h) != "unsafe" for h in links), (answer, links)
    assert all(target_kind(s) == "local" for s in images), (answer, images)
    assert "<script>" not in MarkdownIt("commonmark").render(document)


@pytest.mark.parametrize(
    "definition",
    [
        "> [x]:\n> javascript:alert(1)",
        "> > [x]:\n> >   javascript:alert(1)",
        "- > [x]:\n  > JavaScript:alert(1) 'title'",
        "> [x]:\n>\tdata:text/html,x",
    ],
)
def test_a_reference_definition_in_a_quote_with_its_target_on_the_next_line_is_text(
    definition: str,
) -> None:
    """`> [x]:` then `> javascript:...`: the quote's `>` starts the next line, and the target
    after it is still the definition's (python-markdown, as MkDocs renders ADRs, made it a
    live `javascript:` link)."""
    links, _ = _live(_document(f"See [x] and [the docs][x].\n\n{definition}"))
    assert links == []


def test_python_markdown_s_headings_and_fences_are_read_the_same_way() -> None:
    """python-markdown (MkDocs, a common ADR site) reads a few things as CommonMark does not:
    `#x` is a heading there (no space needed); a fence is one only with a plain info string
    (a language, or `{attributes}`), and ends only at the very same fence at the start of a
    line. What it would not take for a fence is made text, and a fence's end is written as
    its start, so both read the same code blocks: no raw HTML outside them."""
    assert ts.markdown_block("#1 priority\n> #tag\n- ##x") == "\\#1 priority\n> \\#tag\n- \\##x"
    assert ts.markdown_block("```python\n<b>\n```") == "```python\n<b>\n```"  # code is code
    assert ts.markdown_block("~~~ {.yaml #id}\n<b>\n~~~") == "~~~ {.yaml #id}\n<b>\n~~~"
    for answer in (
        "~~~~ <b>\n<script>x</script>\n~~~~",
        "```yaml title=x\n<script>x</script>\n```",
        "~~~~//e/p.png> # q\n<script>x</script>",
        "```{a`b}\n<script>x</script>\n```",  # not a fence in CommonMark
    ):
        out = ts.markdown_block(answer)
        assert "<script>" not in out and "&lt;script>" in out, out
    assert ts.markdown_block("```\n<b>\n  `````\t\nafter <i>") == "```\n<b>\n```\nafter &lt;i>"
    assert ts.markdown_block("````\nx\n``` not the end\n`````") == "````\nx\n``` not the end\n````"


def test_python_markdown_s_link_targets_are_judged_too() -> None:
    """python-markdown reads a definition on any line, even right after another one, and a
    link target across a line break (`java` newline `script:`, which a browser joins)."""
    out = ts.markdown_block("   [r]: \n[r]: javascript:x\n\n[r]")
    assert "\\[r]: javascript:x" in out, out
    out = ts.markdown_block("> [r]:\n[r]:\n  data:x")
    assert out.count("\\[r]:") == 2, out
    assert ts.markdown_block("[a](java\nscript:alert(1))") == "[a]\\(java\nscript:alert(1))"
    assert ts.markdown_block("[a]( java\tscript:x)") == "[a]\\( java\tscript:x)"
    # a definition waiting for its target: mistune takes the fence line for the target, so
    # the lines after it would not be code there (raw HTML): the fence is made text
    for fence in ("```", "~~~~"):
        out = ts.markdown_block(f"[r]:\n{fence}\n<script>alert(1)</script>\n{fence}")
        assert "<script>" not in out and f"\\{fence}" in out, out
    kept = "[a](docs/x.md 'see: y') [b](https://e.org \"t: u\")"
    assert ts.markdown_block(kept) == kept


@pytest.mark.parametrize(
    "answer",
    [
        '"t" ![ ![i](http://e.example/t.png)\n\n[x](\n\n)\n//e.example/p.png](\n',
        "![a ![b](http://e.example/t.png)](local.png)",
        "[x ![i][r]](http://e.example/t.png)\n\n[r]: http://e.example/p.png",
    ],
)
def test_a_remote_image_made_text_leaves_no_bracket_to_pair_with(answer: str) -> None:
    """Escaping a remote image's `[` alone left its `]` to close a `[` before it (which the
    check had paired with a `]` paragraphs later): `![ !\\[i](http://...)` is a remote image."""
    _, images = _live(_document(answer))
    assert all(target_kind(src) == "local" for src in images), images


def test_markdown_block_keeps_what_an_answer_means() -> None:
    answer = "Use **Kafka**, see [docs](https://kafka.apache.org).\n\n```yaml\na: <b>\n```\n"
    out = ts.markdown_block(answer)
    assert "**Kafka**" in out and "[docs](https://kafka.apache.org)" in out
    assert "```yaml\na: <b>\n```" in out  # code is code
    assert ts.markdown_block("```\nopen").endswith("open\n```")
    assert ts.markdown_block("~~~~\nopen").endswith("open\n~~~~")
    assert ts.markdown_block("- ```\nx") == "- \\```\nx"
    assert ts.markdown_inline("# not a heading") == "\\# not a heading"
    assert ts.markdown_inline("1. first") == "1\\. first"
    # one line: `<` shows as written, escaped only where it could open a tag or an autolink,
    # and so is the `>` that would close it (python-markdown reads `\<b>` as `\` and a tag)
    assert ts.markdown_inline("C<D & <b>x</b> <https://e> x < 3") == (
        "C\\<D & \\<b\\>x\\</b\\> \\<https://e\\> x < 3"
    )
    assert ts.markdown_inline("a\\<b> c\\\\<b>") == "a\\<b\\> c\\\\\\<b\\>"  # never unescaped
    assert ts.markdown_inline("C<D & E>F <a\\>") == "C\\<D & E\\>F \\<a\\>"


@pytest.mark.parametrize(
    ("given", "tag", "name"),
    [
        ("de", "de", "German"),
        ("DE", "de", "German"),
        ("de-CH", "de-CH", "German (Switzerland)"),
        ("pt_BR", "pt-BR", "Portuguese (Brazil)"),
        ("German", "de", "German"),
        ("deutsch", "de", "German"),
        ("english", "en", "English"),
        ("français", "fr", "French"),
        (" en ", "en", "English"),
    ],
)
def test_languages_by_code_and_name(given: str, tag: str, name: str) -> None:
    language = parse_language(given)
    assert (language.tag, language.name) == (tag, name)
    assert display_name(tag) == name


@pytest.mark.parametrize(
    ("given", "suggested"),
    [
        ("Germn", "German (de)"),
        ("de\x1b]0;HACKED\x07", "German (de)"),
        ("de\n", None),
        ("und", None),
        ("zz", None),
        ("qaa", None),  # private use: a valid code that names no language
        ("x-klingon", None),
        ("x" * 100, None),
        ("", None),
    ],
)
def test_anything_else_is_refused_with_suggestions(given: str, suggested: str | None) -> None:
    if given == "de\n":  # surrounding whitespace is trimmed: this one is fine
        assert parse_language(given).tag == "de"
        return
    with pytest.raises(LanguageError) as info:
        parse_language(given)
    message = str(info.value)
    assert raw_free(message) and "\n" not in message
    if suggested:
        assert suggested in message


def test_display_name_of_something_old_is_given_back_safely() -> None:
    assert display_name("Klingonish\x1b[31m") == "Klingonish"


def test_core_imports_nothing_above_it_and_no_ui_or_io_library() -> None:
    code = (
        "import sys\n"
        "import workbench.core.text_safety, workbench.core.markdown_safety\n"
        "import workbench.core.languages\n"
        "bad = [m for m in sys.modules if m.startswith('workbench.') and not "
        "m.startswith('workbench.core')]\n"
        "bad += [m for m in ('textual', 'rich', 'yaml', 'pydantic', 'sqlite3', 'openai') "
        "if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab |\t\n\x1b\u202e"), max_size=8), max_size=6))
def test_one_lines_is_one_line_of_each(texts: list[str]) -> None:
    assert ts.one_lines(texts) == [ts.one_line(t) for t in texts]
    assert ts.one_lines(["a b", "c|d"]) == ["a b", "c|d"]


@pytest.mark.parametrize(
    "answer",
    [
        "[x](j" + "&Tab;" * 420 + "avascript:alert(1))",  # padding past the look-ahead
        "[x](" + "&NewLine;" * 300 + "javascript:alert(1))",
        "![x](" + "&Tab;" * 420 + "//evil.example/pixel.png)",  # a remote image
        "[x](" + " " * 2100 + "javascript:alert(1))",
    ],
    ids=["tabs", "newlines", "image", "spaces"],
)
def test_padding_a_link_target_past_the_look_ahead_never_keeps_it_live(answer: str) -> None:
    """Entities a browser drops (tab, newline) can pad a target's start any length: a target
    whose start the look-ahead cannot see whole is made text, never kept."""
    out = ts.markdown_block(answer)
    links, images = _live(out)
    assert links == [] and images == [], out[-80:]


@pytest.mark.parametrize("piece", ["![", "[x](", "![x](", "[", "]("], ids=str)
def test_making_markdown_safe_is_linear_in_unclosed_brackets(
    piece: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thousands of unclosed `![` or `[x](` (a hostile answer) cost work in proportion to the
    text, not to its square: counted in the checks each bracket and target costs."""
    from workbench.core import markdown_safety as ms

    calls = {"escaped": 0, "target": 0}
    escaped, target = ms._escaped, ms.target_kind

    def counted_escaped(text: str, index: int) -> bool:
        calls["escaped"] += 1
        return escaped(text, index)

    def counted_target(dest: str) -> str:
        calls["target"] += len(dest)
        return target(dest)

    monkeypatch.setattr(ms, "_escaped", counted_escaped)
    monkeypatch.setattr(ms, "target_kind", counted_target)
    text = piece * 4000
    ms.safe_block(text)
    assert calls["escaped"] <= 4 * len(text), calls
    assert calls["target"] <= 64 * len(text), calls


def test_a_yaml_scalar_holds_characters_yaml_cannot_hold_raw() -> None:
    """U+FFFE and U+FFFF are not allowed raw in a YAML stream (PyYAML and js-yaml refuse the
    whole front matter): they are written as escapes, and read back as they were."""
    value = "A\ufffeB\uffffC \U0001f600"
    scalar = ts.yaml_scalar(value)
    assert "\ufffe" not in scalar and "\uffff" not in scalar
    assert yaml.safe_load("k: " + scalar) == {"k": value}
    assert json.loads(scalar) == value


@pytest.mark.parametrize(
    ("text", "is_blank"),
    [
        ("", True),
        (" \n\t", True),
        ("\x1b[2J\x07", True),
        ("\u200b\ufeff\u2060\u00ad\u200d\u3164\u034f\ufe0f", True),
        ("\u200e\u200f", True),  # bidi marks alone show nothing
        ("a\u200b", False),
        ("\u0600", False),  # Arabic number sign: a format character that shows
        ("…", False),
    ],
)
def test_blank_is_what_shows_as_nothing(text: str, is_blank: bool) -> None:
    assert ts.blank(text) is is_blank
