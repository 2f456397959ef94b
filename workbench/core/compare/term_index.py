"""Finding glossary terms in a text: case- and inflection-tolerant, by the language's Snowball
stem (`snowballstemmer`) where it has one ("Flüsse" and "Fluss" are the same word, and so are
"rivers" and "river"), casefolded elsewhere. Combining marks (decomposed accents, vowel signs,
Turkish İ casefolded) belong to their word. A term in a script written without spaces
(Chinese, Japanese, Thai ...) is found as a casefolded substring, and so is a term with symbols
(C++, AT&T: not inside a longer word). A term word in capitals of 2 to 4 letters (an acronym
that may spell a common word: IT, WHO) matches only a word in capitals.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# language subtag -> Snowball algorithm (those snowballstemmer ships)
_SNOWBALL = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "eo": "esperanto",
    "et": "estonian",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "no": "norwegian",
    "nb": "norwegian",
    "nn": "norwegian",
    "fa": "persian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "st": "sesotho",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
# the stemmers that may change how a word starts (Arabic's article and clitics, Indonesian's
# verb prefixes, Irish mutations, Dutch and Yiddish ge-, Sesotho's noun classes, Persian's and
# Serbian's letters normalised, Esperanto's x-system, Greek's accents): their words are all
# stemmed, as none can be passed over for starting unlike every term (see TextIndex)
_CHANGES_START = {
    "arabic",
    "dutch",
    "esperanto",
    "greek",
    "indonesian",
    "irish",
    "persian",
    "serbian",
    "sesotho",
    "yiddish",
}
# scripts written without spaces between words (and Hangul, whose particles join the word):
# a term in one is found as a substring
_U = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f"
    "\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
_UNSPACED = re.compile(f"[{_U}]")
_SYMBOLS = "#&@%*"  # with Unicode's symbols (+, $, ©): a term's symbols are part of it
_ACRONYM = 4  # the longest term word in capitals that must stand in capitals (see _starts)
_PREFIX = 2  # words are stemmed only when they start like a term's word (see TextIndex)
_STEMMING = threading.Lock()


def _algorithm(language: str) -> str | None:
    """The Snowball algorithm of a language tag (`de`, `pt-BR`), or None where there is none."""
    return _SNOWBALL.get(language.lower().replace("_", "-").split("-")[0])


@lru_cache(maxsize=64)
def _stemmer(language: str) -> Any | None:
    """The Snowball stemmer of a language tag (`de`, `pt-BR`), or None where there is none."""
    name = _algorithm(language)
    if name is None:
        return None
    import snowballstemmer

    if name not in snowballstemmer.algorithms():
        return None
    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=1)
def _words() -> Any:
    """A word: letters, digits and the combining marks on them (`regex`'s \\w: decomposed
    accents, Turkish İ casefolded, Devanagari vowel signs stay in their word), not of the
    scripts above; each character of those is a word of its own (with its marks)."""
    import regex

    return regex.compile(f"[^\\W_{_U}]+|[{_U}]\\p{{M}}*")


def _prefix(word: str) -> str:
    """The start of a casefolded word without accents: what a word and its stem share."""
    head = word[: _PREFIX + 2]
    if not head.isascii():
        head = "".join(
            c for c in unicodedata.normalize("NFD", head) if not unicodedata.combining(c)
        )
    return head[:_PREFIX]


class Stems:
    """A language's word keys (the stem of the casefolded word), each word stemmed once."""

    def __init__(self, language: str) -> None:
        self.stemmer = _stemmer(language)
        self.keeps_start = self.stemmer is None or _algorithm(language) not in _CHANGES_START
        """Whether a word's stem starts as the word does (else every word is stemmed)."""
        self.cache: dict[str, str] = {}
        self.prefixes: dict[str, str] = {}

    def prefix(self, folded: str) -> str:
        found = self.prefixes.get(folded)
        if found is None:
            found = self.prefixes[folded] = _prefix(folded)
        return found

    def key(self, folded: str) -> str:
        if self.stemmer is None:
            return unicodedata.normalize("NFC", folded) if not folded.isascii() else folded
        stem = self.cache.get(folded)
        if stem is None:
            composed = unicodedata.normalize("NFC", folded) if not folded.isascii() else folded
            with _STEMMING:  # a Snowball stemmer keeps the word it works on in itself
                stem = self.stemmer.stemWord(composed)
            self.cache[folded] = stem
        return stem


@lru_cache(maxsize=64)
def shared_stems(language: str) -> Stems:
    """One `Stems` of a language for the whole process: a word is stemmed once, whatever
    text or glossary it comes from."""
    return Stems(language)


def unspaced(term: str) -> bool:
    return _UNSPACED.search(term) is not None


def symbolic(term: str) -> bool:
    """Whether `term` has symbols (`+`, `#`, `&` ...) that words alone would not keep."""
    return _symbols().search(term) is not None


@lru_cache(maxsize=1)
def _symbols() -> Any:
    import regex

    return regex.compile(f"[{re.escape(_SYMBOLS)}\\p{{S}}]")


def _folded_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """`text` casefolded, and where its characters came from when folding changed lengths."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded, None
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        f = char.casefold()
        parts.append(f)
        origin.extend([index] * len(f))
    origin.append(len(text))
    return "".join(parts), origin


def term_prefixes(terms: Iterable[str], stems: Stems) -> set[str]:
    """The starts (`_prefix`) of the words of `terms` and of their stems: the words of a text
    that may be one of the terms' words start so."""
    prefixes: set[str] = set()
    for term in terms:
        for word in _words().findall(term.casefold()):
            prefixes.add(_prefix(word))
            prefixes.add(_prefix(stems.key(word)))
    return prefixes


def term_words(term: str, stems: Stems) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A term's word keys, and which of its words must stand in capitals: those in capitals,
    2 to 4 letters (an acronym that may spell a common word: IT, WHO, AIDS)."""
    raw = _words().findall(term)
    keys = tuple(stems.key(w.casefold()) for w in raw)
    return keys, tuple(k for k, w in enumerate(raw) if 1 < len(w) <= _ACRONYM and w.isupper())


class TextIndex:
    """One text's words, keyed for matching terms in one language. Only words that start like
    a word of one of `terms` (two letters, casefolded, accents aside; or `prefixes`, from
    `term_prefixes`) are stemmed: stemming is the costly part, and a word's stem starts as
    the word does (in the languages whose stemmer may change a word's start, every word is
    stemmed)."""

    def __init__(
        self,
        text: str,
        stems: Stems,
        terms: Iterable[str] = (),
        *,
        prefixes: set[str] | None = None,
    ) -> None:
        self.text = text
        self.stems = stems
        if prefixes is None:
            prefixes = term_prefixes(terms, stems)
        folded = text.casefold()
        # the usual case: the folded text has the same offsets, its words are read in one go
        self._tokenized = folded if len(folded) == len(text) else text
        words = _words().findall(self._tokenized)
        if self._tokenized is text:
            words = [w.casefold() for w in words]
        keeps_start = stems.keeps_start
        keyed = {
            w: stems.key(w) for w in set(words) if not keeps_start or stems.prefix(w) in prefixes
        }
        self.keys: list[str | None] = [keyed.get(w) for w in words]
        self.positions: dict[str, list[int]] = {}
        for i, key in enumerate(self.keys):
            if key is not None:
                self.positions.setdefault(key, []).append(i)
        self._spans: list[tuple[int, int]] | None = None
        self._capitals: list[bool] | None = None
        self._folded: tuple[str, list[int] | None] | None = None

    def find(self, term: str) -> list[tuple[int, int]]:
        """Where `term` occurs: character spans of the text."""
        if unspaced(term):
            return self.find_substring(term.casefold())
        if symbolic(term):
            return self.find_substring(term.casefold(), bounded=True)
        n, starts = self._starts(term)
        if not starts:
            return []
        spans = self.word_spans()
        return [(spans[i][0], spans[i + n - 1][1]) for i in starts]

    def contains(self, term: str) -> bool:
        """Whether `term` occurs in the text."""
        if unspaced(term):
            return bool(self.find_substring(term.casefold()))
        if symbolic(term):
            return bool(self.find_substring(term.casefold(), bounded=True))
        return bool(self._starts(term)[1])

    def _starts(self, term: str) -> tuple[int, list[int]]:
        """The number of words of `term`, and the indexes of the words where it starts."""
        keys, capitals = term_words(term, self.stems)
        return len(keys), self.starts_of(keys, capitals)

    def starts_of(self, keys: tuple[str, ...], capitals: tuple[int, ...]) -> list[int]:
        """The indexes of the words where a term of these word `keys` starts, its words at
        `capitals` in capitals (`term_words`)."""
        if not keys or keys[0] not in self.positions:
            return []
        n, wanted = len(keys), list(keys)
        starts = [i for i in self.positions[keys[0]] if self.keys[i : i + n] == wanted]
        if capitals and starts:
            upper = self._upper()
            starts = [i for i in starts if all(upper[i + k] for k in capitals)]
        return starts

    def word_spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = [m.span() for m in _words().finditer(self._tokenized)]
        return self._spans

    def _upper(self) -> list[bool]:
        """Whether each word of the text is written in capitals."""
        if self._capitals is None:
            self._capitals = [self.text[a:b].isupper() for a, b in self.word_spans()]
        return self._capitals

    def find_substring(self, needle: str, *, bounded: bool = False) -> list[tuple[int, int]]:
        """Where `needle` (casefolded) stands; `bounded`: not inside a longer word."""
        if self._folded is None:
            self._folded = _folded_with_offsets(self.text)
        folded, origin = self._folded
        found = []
        start = folded.find(needle)
        while start >= 0:
            end = start + len(needle)
            if bounded and not _bounded(folded, needle, start, end):
                start = folded.find(needle, start + 1)
                continue
            if origin is None:
                found.append((start, end))
            else:
                found.append((origin[start], origin[end - 1] + 1))
            start = folded.find(needle, end)
        return found


def _bounded(text: str, needle: str, start: int, end: int) -> bool:
    """Whether `needle` at `text[start:end]` is not part of a longer word at either end."""
    before = start > 0 and needle[:1].isalnum() and text[start - 1].isalnum()
    after = end < len(text) and needle[-1:].isalnum() and text[end].isalnum()
    return not (before or after)
