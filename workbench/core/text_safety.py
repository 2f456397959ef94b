"""What untrusted text may contain, per target: the one place that decides it.

Untrusted text is anything we did not write: passages, model output, record fields, file and
path names, languages typed by a user, exception messages. The rules, for every target:

* Terminal escape sequences (CSI, OSC, DCS, ... and their 8-bit forms) go whole, so no
  `[31m` is left behind; so do the other C0 and C1 control characters, except tab and newline.
* ``\\r\\n`` and a lone ``\\r`` become ``\\n`` (a carriage return would overwrite the line).
* Bidi embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069) go: they reorder
  what is shown (the "Trojan Source" trick). Bidi marks (LRM, RLM, ALM) are kept: they only
  nudge neutral characters and real right-to-left text needs them.
* A lone surrogate (a file name that was not UTF-8) becomes U+FFFD, so printing never fails.

Then each target adds its own rule: `terminal` and `one_line` for plain text, `name` for file
names, paths and other identifiers shown to people (control characters made visible, so a
file can still be found), `visible` for the TUI (the same, keeping lines), `html_text`,
`markdown_text` (everything literal), `markdown_block` / `markdown_inline` (Markdown a team
wrote, kept as Markdown, made safe by `workbench.core.markdown_safety`), `csv_cell` (and
`trimmed_csv_cell` for a reader that trims values),
`yaml_scalar` for front matter, `json_text` for JSON (the data exact, the controls escaped),
`file_name_part` for a piece of a file name, and `prompt_marker` for the markers that fence
data in a prompt to a model.
"""

from __future__ import annotations

import html
import json
import re

from workbench.core.markdown_safety import safe_block, safe_inline

_ESCAPE = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: title, clipboard (52), hyperlinks
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC
    r"|[\x90\x98\x9e\x9f][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # 8-bit DCS, SOS, PM, APC
)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_UNSAFE = re.compile(f"{_ESCAPE}|[{_CONTROLS}{BIDI_CONTROLS}]|[\ud800-\udfff]")
_SHOW = re.compile(f"[{_CONTROLS}{BIDI_CONTROLS}]|[\ud800-\udfff]")
_SHOW_ALL = re.compile(f"[\t\n{_CONTROLS}{BIDI_CONTROLS}\u2028\u2029]|[\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029]")
_ANY_UNSAFE = re.compile(f"[{_CONTROLS}{BIDI_CONTROLS}\u2028\u2029]|[\ud800-\udfff]")
"""A character that some rule acts on: no match means the text is already clean."""
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _drop(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group()[0] <= "\udfff" else ""


def terminal(text: str) -> str:
    """Plain text safe for a terminal or a plain-text file: see the module's rules."""
    if text.isprintable() or not _ANY_UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_drop, _LINE_BREAKS.sub("\n", text))


clean = terminal
"""The base rule every other target starts from."""

_INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u2064"
    "\u206a-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
"""Characters that show as nothing at all (zero-width spaces and joiners, the byte-order
mark, soft hyphen, variation selectors, Hangul fillers, bidi marks)."""
_SHOWS = re.compile(f"[^\\s{_INVISIBLE}]")


def blank(text: str) -> bool:
    """True when `text` shows as nothing once cleaned (`terminal`): only white space, control
    characters and characters that are invisible on their own (a zero-width space, a BOM).
    Stops at the first character that shows."""
    first = _SHOWS.search(text)
    if first is None:
        return True
    if first.group().isprintable():  # only white space and invisible characters before it
        return False
    return _SHOWS.search(terminal(text)) is None  # a control character: the cleaned text


def one_line(text: str) -> str:
    """`terminal(text)` on one line: every run of whitespace becomes one space."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # printable: no control characters, no whitespace but the plain space
    return " ".join(terminal(text).split())


def one_lines(texts: list[str]) -> list[str]:
    """`one_line` of each text; a long list that needs no change (the usual case) is checked
    in a few passes over the texts joined, not text by text."""
    joined = "|".join(texts)  # "|" is printable and makes no "  ", leading or trailing space
    if (
        joined.isprintable()
        and "  " not in joined
        and "| " not in joined
        and " |" not in joined
        and joined[:1] != " "
        and joined[-1:] != " "
    ):
        return texts
    return [one_line(t) for t in texts]


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, ␀ for NUL
    if code == 0x7F:
        return "\u2421"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Every control character shown as a visible stand-in (tab and newline kept): what the
    TUI shows for untrusted text. ESC is ␛, so an escape sequence shows as the text it is."""
    if text.isprintable():
        return text
    return _SHOW.sub(_picture, text.replace("\r\n", "\n"))


def first_control(text: str) -> str | None:
    """The first character of `text` that every target drops or shows as a stand-in (a
    control character other than tab and newline, a bidi embedding, override or isolate, a
    lone surrogate), or None: for data that must be what it shows (a glossary's terms)."""
    if text.isprintable():
        return None
    found = _SHOW.search(text)
    return found.group() if found is not None else None


def first_control_in_name(text: str) -> str | None:
    """`first_control`, tab and line breaks too: for a name that must be one line (a model's)."""
    return first_control(text) or next((c for c in text if c in "\t\n\r"), None)


def name(text: object) -> str:
    """A file name, path, id or language as printed for people: on one line, every control
    character (newline and tab too) made visible, so the name cannot act on the terminal
    and the file can still be found."""
    value = str(text)
    if value.isprintable():
        return value
    return _SHOW_ALL.sub(_picture, value)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_name(text: str) -> str:
    """A file name that was not UTF-8 (Python gives its bytes as lone surrogates, which no
    UTF-8 text or JSON can hold) with each such byte as U+FFFD, as a replacing decoder would."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def html_text(text: str) -> str:
    """`terminal(text)` escaped for HTML text or a quoted attribute."""
    return html.escape(terminal(text), quote=True)


_MD_INLINE = re.compile(r"([\\`*_\[\]{}<>()#+!|~&$])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-=])|(\d+)([.)]))", re.MULTILINE)


def markdown_text(text: str) -> str:
    """`terminal(text)` with everything Markdown (CommonMark, GFM) would interpret escaped:
    the text shows as the characters it is."""
    escaped = _MD_INLINE.sub(r"\\\1", terminal(text))
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    """``- x`` -> ``\\- x``; ``1. x`` -> ``1\\. x`` (a list or heading marker made literal)."""
    lead, mark, digits, dot = match.groups()
    return f"{lead}\\{mark}" if mark else f"{lead}{digits}\\{dot}"


def markdown_block(text: str) -> str:
    """Markdown a person wrote (a record's answer), kept as Markdown but unable to change the
    structure of the document it is put in; see `workbench.core.markdown_safety`."""
    return safe_block(terminal(text))


def markdown_inline(text: str) -> str:
    """One line of Markdown a person wrote (an option's name, say), made safe the same way,
    and unable to start a block (a heading, a list, a quote) wherever it is put."""
    return safe_inline(one_line(text))


def csv_cell(text: str) -> str:
    """One line, and never a formula a spreadsheet would run (``'`` put before it)."""
    value = one_line(text)
    return "'" + value if value.startswith(FORMULA_START) else value


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?%?")


def trimmed_csv_cell(text: str) -> str:
    """A CSV cell for a reader that trims every value (BYOR's radar): one line, never a formula
    a spreadsheet would run, and shown by that reader as written.

    Only text a spreadsheet would take for a formula is guarded: it starts with = + - or @ and
    is not a plain number ("-1" stays as it is). The guard is a leading space, not `csv_cell`'s
    apostrophe: a spreadsheet reads " =A1" as text, and BYOR trims every value it reads
    (InputSanitizer), so a blip shows "@backstage/core", where an apostrophe would be shown as
    part of the name. (Tabs and carriage returns, which some spreadsheets also treat as
    formula starts, never reach a cell: `one_line` turns them into spaces.)"""
    value = one_line(text)
    if value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return " " + value
    return value


_YAML_UNPRINTABLE = re.compile("[\ufffe\uffff]")
"""What YAML cannot hold raw once `one_line` has run (PyYAML and js-yaml refuse the stream)."""


def yaml_scalar(text: str) -> str:
    """A double-quoted YAML scalar (YAML front matter) holding `one_line(text)`; a character
    YAML cannot hold raw is a `\\uXXXX` escape (the same in JSON)."""
    dumped = json.dumps(one_line(text), ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def json_text(dumped: str) -> str:
    """JSON text with the characters a terminal or an editor would act on escaped as
    ``\\uXXXX``: DEL, C1 controls, bidi controls, line and paragraph separators (C0 controls
    are escaped by every JSON encoder already). The data is exact: a JSON reader gets the
    same strings back. Valid because such characters can only be inside JSON strings."""
    if dumped.isascii():  # known without a scan; of the characters, only DEL can be there
        return dumped.replace("\x7f", "\\u007f") if "\x7f" in dumped else dumped
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


_FILE_NAME_UNSAFE = re.compile(r'[/\\:*?"<>|]+')


def file_name_part(text: str, *, max_len: int = 80) -> str:
    """A piece of a file name from untrusted text: one line, no path separators or
    characters Windows refuses, no leading dot (so never ``..`` or a hidden file)."""
    value = _FILE_NAME_UNSAFE.sub("-", one_line(text)).strip(" .-")
    return value[:max_len].rstrip(" .-")


def prompt_marker(tag: str, *texts: str) -> str:
    """The marker name of a block of data in a prompt (`<<<TAG` ... `TAG>>>`) that none of
    `texts` holds: `tag` itself, else `tag-2`, `tag-3`, ...; so a passage or a rendition
    cannot close its block early and go on as instructions. The text is sent as it is."""
    marker, n = tag, 1
    while any(f"<<<{marker}" in t or f"{marker}>>>" in t for t in texts):
        n += 1
        marker = f"{tag}-{n}"
    return marker
