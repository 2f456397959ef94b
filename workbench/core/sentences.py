"""The one sentence splitter of the product: `sentencex` (rule-based, ~300 languages, CJK
。！？ included, German and English abbreviations known), compiled code that reads no files.

Paragraphs (blank lines, whatever the line ends: LF, CRLF or a lone CR) always end a
sentence; each sentence comes back stripped, and sentences with nothing but spaces are left
out, so the pieces are what a reader counts. Each sentence is a piece of the text itself,
character for character (the exports find them in the text).
"""

from __future__ import annotations

import re

_LINE_END = r"(?:\r\n|\r(?!\n)|\n)"  # a CR before an LF is part of that line end
PARAGRAPH_BREAK = re.compile(f"{_LINE_END}\\s*{_LINE_END}")
"""A blank line (spaces on it or not), whatever the line ends."""
_WIDE_SPACE_BEFORE_PERIOD = re.compile(r"[^\S\x00-\x7f](?=\.)")
"""A space other than ASCII's (no-break, ideographic, thin, line separator ...) before a
period: after one capital letter (a name's initial, `Typ A\u00a0.`) sentencex 1.0.32 cuts
the text inside that space's bytes and panics (a Rust backtrace and an exception that is
no `Exception`), so the splitter sees an ASCII space there instead."""


def base_language(tag: str) -> str:
    """`de-CH` -> `de`: sentencex knows languages, not regions."""
    return (tag or "en").replace("_", "-").split("-")[0].lower() or "en"


def split_sentences(text: str, language: str) -> list[str]:
    """The sentences of `text` (a BCP 47 language tag picks the rules), in order."""
    lang = base_language(language)
    out: list[str] = []
    for paragraph in PARAGRAPH_BREAK.split(text):
        if not paragraph.strip():
            continue
        for sentence in _segment(lang, paragraph):
            sentence = sentence.strip()
            if sentence:
                out.append(sentence)
    return out


def _segment(lang: str, paragraph: str) -> list[str]:
    """sentencex's pieces of `paragraph`, taken from `paragraph` itself; the whole paragraph
    as one piece if sentencex fails on it all the same (a panic of its Rust code)."""
    import sentencex

    guarded = _WIDE_SPACE_BEFORE_PERIOD.sub(" ", paragraph)
    try:
        pieces = sentencex.segment(lang, guarded)
    except BaseException as exc:  # pyo3's PanicException is a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        return [paragraph]
    if guarded == paragraph:
        return list(pieces)
    if "".join(pieces) != guarded:  # the pieces always make up the text; if not, one piece
        return [paragraph]
    out, at = [], 0
    for piece in pieces:  # one character for one: the same places in the paragraph
        out.append(paragraph[at : at + len(piece)])
        at += len(piece)
    return out
