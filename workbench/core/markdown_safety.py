"""Markdown a person wrote, kept as Markdown, but unable to change the document it is put in.

A decision record's answers are Markdown the team wrote, rendered where the ADRs are published
and in the TUI reader. Put into a MADR file as they are, an answer could add headings, swallow
the rest of the record in an unclosed code fence, link to `javascript:` or load a remote image
(a tracking pixel). `safe_block` keeps what an answer means and takes those powers away
(CommonMark and GFM rules; the text has been through `text_safety.terminal` first):

* Code fences at the start of a line are kept, with a plain info string (a language or
  `{attributes}`: what python-markdown, as MkDocs uses it, also takes for a fence); the line
  that ends one is written as the fence that opened it (python-markdown ends a block only
  there), and one left open at the end is closed. A fence anywhere else (indented, in a list
  item or a quote), or with another info string, is escaped: whether it opens or closes a
  block there depends on the containers around it or on the reader, so it is made text
  rather than guessed at.
* Outside fences: a `#` starting a line (`# x`, `#x`, also inside a quote or a list item) and a
  setext underline (`===`, `---` under a line of text) are escaped, so they show as text.
* `<` is written `&lt;`: no raw HTML, no autolinks (`<javascript:...>`). On one line
  (`safe_inline`: a title, an option's name) only a `<` that could open a tag or an autolink
  (a letter, `/`, `!` or `?` follows) is escaped, with a backslash, and so is the `>` that
  would close it (python-markdown, as MkDocs uses it, does not read `\\<` as an escape and
  would take `\\<b>` for a tag; `\\<b\\>` it shows as text), so the line shows `<` as
  written wherever it is read (MADR readers show a heading's `&lt;` as it is).
* A link keeps its target only when it is a web address (http, https, mailto) or relative;
  any other scheme (`javascript:`, `data:`, `vbscript:`, `file:`...) makes it plain text.
  Targets are judged as a browser would see them: entities and escapes decoded, whitespace
  and control characters dropped, case ignored. Link reference definitions likewise.
* An image stays an image only when it is relative (a file next to the record); a remote
  image, or one by reference, becomes plain text.

Escaping costs only looks (a backslash inside code spans), never meaning, and errs towards
text: whatever a renderer could take for structure or for a live target is made literal.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")
_CONTAINER = r"(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*"
_ATX = re.compile(rf"^({_CONTAINER})(#)")
"""A `#` starting a line: CommonMark's heading needs a space after it, python-markdown's not."""
_FENCE_INFO = re.compile(r"[ ]*(?:\{[^\n}]*\}|\.?[\w#.+-]*)[ ]*")
"""An info string python-markdown's fenced_code (MkDocs) also takes for one: a fence with any
other is not a fence there, so its lines would not be code."""
_FENCE_ANYWHERE = re.compile(rf"^({_CONTAINER})(`{{3,}}|~{{3,}})")
_SETEXT = re.compile(rf"^({_CONTAINER})(=+|-+)[ \t]*$")
_REF_DEF = re.compile(
    rf"^({_CONTAINER})(\[(?:[^\[\]\\]|\\.)+\]:)(?=[ \t]*(?:\n(?:[ \t]*>)*)?[ \t]*(\S*))", re.M
)
"""A link reference definition (its label holds no unescaped bracket); its target may be on
the next line, after the `>` of the quotes it is in. The target is looked at, not taken, so a
definition on the next line (which python-markdown reads anywhere) is looked at in turn."""
_AWAITING_TARGET = re.compile(rf"^{_CONTAINER}\[(?:[^\[\]\\]|\\.)+\]:[ \t]*$")
"""A definition whose target is on the next line: mistune takes a fence line there for the
target (so the lines after it are not code), CommonMark a fence; such a fence is made text."""
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINE_START = re.compile(r"^(?:[#>+\-*=~`|]|\d{1,9}[.)])")
_BRACKET = re.compile(r"[\[\]]")
_DESTINATION = re.compile(r"[^\s)]*")
_TITLE_START = re.compile(r"\s[\"'(]")
LOOK_AHEAD = 2048
"""How much of a link target is read to judge it (see `_target`)."""


def target_kind(dest: str) -> str:
    """'local' (relative), 'web' (http, https, mailto, or `//host`) or 'unsafe'."""
    value = _BACKSLASH_ESCAPE.sub(r"\1", html.unescape(dest))
    value = "".join(ch for ch in value if ch.isprintable() and not ch.isspace())
    value = value.lstrip("<").replace("\\", "/").lower()
    scheme = _SCHEME.match(value)
    if scheme:
        return "web" if scheme.group(1) in SAFE_SCHEMES else "unsafe"
    if value.startswith("//"):
        return "web"
    if ":" in value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return "unsafe"  # something a browser might still read as a scheme
    return "local"


_MAYBE_BLOCK = re.compile(r"[#`~<\[]|^[ \t>*+\-\d.)]*(?:=+|-+)[ \t]*$", re.M)
"""Something a rule here may act on: no match (most prose) means nothing to do."""
_MAYBE_INLINE = re.compile(r"[<\[]|^(?:[#>+\-*=~`|]|\d{1,9}[.)])|[ \t]#+[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?<=[ \t])#+(?=[ \t]*$)")
"""A run of `#` ending the text after a space: in a heading, its closing sequence (dropped)."""


def safe_block(text: str) -> str:
    """`text` (already cleaned of control characters) as Markdown that keeps the structure
    of the document around it: see the module's rules."""
    if not _MAYBE_BLOCK.search(text):
        return text
    out: list[str] = []
    chunk: list[str] = []
    fence: tuple[str, int] | None = None  # char and length of the open fence
    for line in text.split("\n"):
        if fence is not None:
            if _closes(line, fence):  # written as the fence opened, which every reader ends at
                out.append(fence[0] * fence[1])
                fence = None
            else:
                out.append(line)
            continue
        opening = _FENCE.match(line)
        info = opening.group(2) if opening else ""
        if (
            opening
            and _FENCE_INFO.fullmatch(info)
            and not (line[0] == "`" and "`" in info)
            and not (chunk and _AWAITING_TARGET.match(chunk[-1]))
        ):
            out.extend(_safe_lines(chunk))
            chunk = []
            fence = (opening.group(1)[0], len(opening.group(1)))
            out.append(line)
            continue
        chunk.append(line)
    out.extend(_safe_lines(chunk))
    if fence is not None:
        char, length = fence
        out.append(char * length)
    return "\n".join(out)


def safe_inline(text: str) -> str:
    """One line of Markdown (no line breaks), made safe as `safe_block` does, that cannot
    start a block wherever it is put (a leading `#`, `>`, `-`, `1.`, fence or table pipe is
    escaped), nor lose a `#` run at its end in a heading, where it would be the heading's
    closing sequence. A backslash at its end is escaped, so it cannot escape what is put
    after it (the `**` closing a bold name)."""
    value = text
    if value.endswith("\\") and (len(value) - len(value.rstrip("\\"))) % 2:
        value += "\\"
    if not _MAYBE_INLINE.search(value):
        return value
    value = _safe_text(value, tags=_escape_tag_starts)
    value = _CLOSING_HASHES.sub(lambda m: "\\#" * len(m.group()), value)
    match = _LINE_START.match(value)
    if match:
        mark = match.group()
        value = (mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark) + value[
            len(mark) :
        ]
    return value


def _closes(line: str, fence: tuple[str, int]) -> bool:
    char, length = fence
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return False
    run = len(stripped) - len(stripped.lstrip(char))
    return run >= length and not stripped[run:].strip()


def _safe_lines(lines: list[str]) -> list[str]:
    if not lines:
        return []
    fixed: list[str] = []
    previous_text = False
    for line in lines:
        heading = _ATX.match(line) or _FENCE_ANYWHERE.match(line)
        if heading:
            line = f"{heading.group(1)}\\{line[heading.end(1) :]}"
        elif previous_text:
            underline = _SETEXT.match(line)
            if underline:
                line = f"{underline.group(1)}\\{line[underline.end(1) :]}"
        fixed.append(line)
        previous_text = bool(line.strip())
    return _safe_text("\n".join(fixed)).split("\n")


_TAG = re.compile(r"(\\*)<(?=[A-Za-z/!?])([^<>]*)(>?)")
"""A `<` that could open a tag or an autolink, and the `>` that would close it."""


def _escape_tag_starts(text: str) -> str:
    """A backslash before each `<` that could open a tag or an autolink, unless one escapes
    it already (an odd run of backslashes before it; an even run escapes only itself), and
    before the `>` that would close it: python-markdown reads `\\<` as a backslash and a `<`,
    and would still take `\\<b>` for a tag, but not `\\<b\\>`."""
    return _TAG.sub(_escape_tag, text)


def _escape_tag(match: re.Match[str]) -> str:
    lead, inner, close = match.groups()
    opening = "<" if len(lead) % 2 else "\\<"
    if close and (len(inner) - len(inner.rstrip("\\"))) % 2 == 0:
        close = "\\>"
    return f"{lead}{opening}{inner}{close}"


def _lt_entity(text: str) -> str:
    return text.replace("<", "&lt;")


def _safe_text(text: str, *, tags: Callable[[str], str] = _lt_entity) -> str:
    """Raw HTML, unsafe link targets and remote images made text (outside code fences);
    `tags` makes each `<` that could open HTML text."""
    text = tags(text)
    text = _REF_DEF.sub(_ref_def, text)
    text = _images(text)
    return _links(text)


def _ref_def(match: re.Match[str]) -> str:
    if target_kind(match.group(3)) == "unsafe":
        start = match.start(2) - match.start()
        whole = match.group()
        return whole[:start] + "\\" + whole[start:]
    return match.group()


def _escaped(text: str, index: int) -> bool:
    """True when the character at `index` is backslash-escaped."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _bracket_ends(text: str) -> dict[int, int]:
    """The index of the `]` closing each `[` that has one (escaped brackets do not count),
    found in one pass: looking for each `[`'s end on its own costs the square of the text
    when thousands are left open."""
    ends: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACKET.finditer(text):
        index = match.start()
        if _escaped(text, index):
            continue
        if match.group() == "[":
            opened.append(index)
        elif opened:
            ends[opened.pop()] = index
    return ends


def _images(text: str) -> str:
    """`![alt](relative)` stays an image; any other image syntax becomes text. Both brackets
    of a pair are escaped: escaping only the `[` would leave its `]` to close a `[` before it
    (`![ ![i](http://x/p.png)` would become a remote image), and the alt text is still read for
    images of its own."""
    escape: list[int] = []
    ends: dict[int, int] | None = None
    for match in re.finditer(r"!\[", text):
        start = match.start() + 1  # the `[`
        if _escaped(text, match.start()):
            continue
        ends = _bracket_ends(text) if ends is None else ends
        end = ends.get(start, -1)
        after = text[end + 1 : end + 2] if end >= 0 else ""
        if after == "(" and _target(text, end + 2) == "local":
            continue
        escape += [start, end] if end >= 0 else [start]
        if after == "[":  # `![alt][ref]`: the reference must not become a link either
            ref_end = ends.get(end + 1, -1)
            escape += [end + 1, ref_end] if ref_end >= 0 else [end + 1]
    if not escape:
        return text
    out: list[str] = []
    pos = 0
    for index in sorted(escape):
        out.append(text[pos:index] + "\\")
        pos = index
    out.append(text[pos:])
    return "".join(out)


def _links(text: str) -> str:
    """A `](target)` whose target is not a web address or relative loses its `(`."""
    out: list[str] = []
    pos = 0
    for match in re.finditer(r"\]\(", text):
        if _escaped(text, match.start()):
            continue
        if _target(text, match.end()) != "unsafe":
            continue
        out.append(text[pos : match.start() + 1] + "\\(")
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def _target(text: str, start: int) -> str:
    """`target_kind` of the link target that starts at `start` (after `(`): leading
    whitespace skipped, up to whitespace or the closing `)`. Its start is all that decides its
    scheme, so only `LOOK_AHEAD` characters are read, and never past the next `](` (thousands
    of `[x](` would otherwise each read the same text again). A target that may go on past
    what was read is judged by its start and never kept as relative: entities a browser drops
    (`&Tab;`) or spaces can push a scheme any distance."""
    stop = text.find("](", start, start + LOOK_AHEAD)
    window = text[start : stop if stop >= 0 else start + LOOK_AHEAD]
    rest = window.lstrip()
    found = _DESTINATION.match(rest)
    dest = found.group() if found else ""
    if _joined(rest) != dest and target_kind(_joined(rest)) == "unsafe":
        return "unsafe"
    if len(dest) < len(rest) or (stop < 0 and start + LOOK_AHEAD >= len(text)):
        return target_kind(dest)  # the whole target: it ends at a space or `)`, or the text does
    amp = dest.rfind("&")  # an entity the window cuts in two is left out, and a lone `\`
    kind = target_kind((dest[:amp] if amp >= 0 else dest).rstrip("\\"))
    return "unsafe" if kind == "local" else kind


def _joined(rest: str) -> str:
    """The target read across white space, up to a title (`"`, `'` or `(` after a space) or
    the `)`: python-markdown takes `java` newline `script:x` for one target, and a browser
    drops the line break. Found in one pass (no pattern that rescans a run of spaces)."""
    end = rest.find(")")
    part = rest if end < 0 else rest[:end]
    title = _TITLE_START.search(part)
    return part[: title.start()] if title else part
