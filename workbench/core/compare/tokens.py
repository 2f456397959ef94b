"""Split text into diff tokens that are right for every script.

A token is one of:

- a run of whitespace (spaces, tabs, line breaks), with any combining marks stranded after it;
- a word: a run of grapheme clusters that start with a letter, digit, mark or underscore,
  with word-internal apostrophes (``don't``, ``l'homme``) and digit separators
  (``3.14``, ``1,000``, ``12:30``) kept inside;
- a single grapheme cluster of a script written without spaces (Chinese, Japanese kana,
  Thai, Lao, Khmer, Myanmar), so a diff can tell two ideographs apart;
- any other single grapheme cluster: punctuation, a symbol, an emoji sequence, a flag.

Combining marks stay on their base letter (the `regex` module's ``\\w`` includes marks and
ZWJ/ZWNJ), and everything else is cut into Unicode extended grapheme clusters (``\\X``), so emoji
ZWJ sequences, skin tones, keycaps and flags stay whole.
Right-to-left text needs nothing special: tokens are in logical (memory) order.

The tokens always concatenate back to the input exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import regex

# Scripts written without spaces between words: one token per grapheme cluster.
_UNSPACED = r"\p{Han}\p{scx=Hira}\p{scx=Kana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tangut}\p{Yi}"
# A word character: `regex`'s \w already covers letters, digits, marks, connectors and ZWJ/ZWNJ,
# so combining marks stay on their base letter without the (slower) \X per character.
_W = rf"[\w--[{_UNSPACED}]]"

_PATTERN = rf"""
    \s+\p{{M}}*                                      # whitespace run (with stray marks)
  | [{_UNSPACED}]\p{{M}}*                             # one CJK / kana / Thai ... cluster
  | {_W}+ (?: ['’]{_W}+                              # don't, l'homme
            | (?<=\d)[.,:](?=\d){_W}+ )*            # 3.14, 1,000, 12:30
  | \X                                               # anything else: one grapheme cluster
"""


@lru_cache(maxsize=1)
def _token_re() -> regex.Pattern[str]:
    import regex

    return regex.compile(_PATTERN, regex.VERBOSE | regex.V1)


# The same tokens for pure-ASCII text, with the standard `re` module (faster than `regex`).
# For ASCII, `regex`'s \s is [\t\n\v\f\r ] (not \x1c-\x1f), \w is [A-Za-z0-9_], and every
# grapheme cluster is one character ("\r\n" is whitespace, taken first). A test checks that
# both patterns agree on every ASCII text.
_ASCII_WORD = r"[A-Za-z0-9_]+(?:'[A-Za-z0-9_]+|(?<=[0-9])[.,:](?=[0-9])[A-Za-z0-9_]+)*"
_ASCII_SPACE = "\t\n\x0b\x0c\r "
_ASCII_TOKEN = re.compile(rf"[{_ASCII_SPACE}]+|{_ASCII_WORD}|.", re.S)
# Only the tokens that are not whitespace (`is_space`, i.e. str.isspace, also counts \x1c-\x1f)
_ASCII_COUNTED = re.compile(rf"{_ASCII_WORD}|[^{_ASCII_SPACE}\x1c-\x1f]", re.S)


def tokenize(text: str) -> list[str]:
    """The diff tokens of `text`, in order; ``"".join(tokenize(t)) == t`` always."""
    if not text:
        return []
    if text.isascii():
        return _ASCII_TOKEN.findall(text)
    tokens: list[str] = _token_re().findall(text)
    return tokens


def count_words(text: str) -> int:
    """How many tokens of `text` are not whitespace (what the similarity counts)."""
    if text.isascii():
        return len(_ASCII_COUNTED.findall(text))
    return sum(1 for t in tokenize(text) if not is_space(t))


def is_space(token: str) -> bool:
    """True for a whitespace token."""
    return token[:1].isspace()


def is_word(token: str) -> bool:
    """True for a word token (including one CJK character or a number)."""
    first = token[:1]
    return first.isalnum() or first == "_" or (bool(first) and _is_mark(first))


def _is_mark(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char).startswith("M")


def has_line_break(token: str) -> bool:
    return "\n" in token or "\r" in token or "\u2028" in token or "\u2029" in token


def words(text: str) -> list[str]:
    """The word tokens of `text` (no whitespace, no punctuation)."""
    return [t for t in tokenize(text) if is_word(t)]
