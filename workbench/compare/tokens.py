"""Split text into diff tokens that are right for every script.

A token is one of:

- a run of whitespace (grapheme clusters that start with a space, tab or line break);
- a word: a run of grapheme clusters that start with a letter, digit, mark or underscore,
  with word-internal apostrophes (``don't``, ``l'homme``) and digit separators
  (``3.14``, ``1,000``, ``12:30``) kept inside;
- a single grapheme cluster of a script written without spaces (Chinese, Japanese kana,
  Thai, Lao, Khmer, Myanmar), so a diff can tell two ideographs apart;
- any other single grapheme cluster: punctuation, a symbol, an emoji sequence, a flag.

Grapheme clusters (Unicode extended grapheme clusters, via the `regex` module's ``\\X``) keep
combining marks on their base letter and keep emoji ZWJ sequences, skin tones and flags whole.
Right-to-left text needs nothing special: tokens are in logical (memory) order.

The tokens always concatenate back to the input exactly.
"""

from __future__ import annotations

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


def tokenize(text: str) -> list[str]:
    """The diff tokens of `text`, in order; ``"".join(tokenize(t)) == t`` always."""
    if not text:
        return []
    tokens: list[str] = _token_re().findall(text)
    return tokens


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
