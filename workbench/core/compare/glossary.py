"""A glossary: fixed renderings of names and terms, and the check that a rendition keeps them.

An entry maps a `source` term to its `target` rendering, with an optional `note` for the model
and an optional `style`: without one the entry holds for every style of a run (it goes into
the prompt's shared prefix), with one only for that style (its own message; it wins over an
entry for every style with the same source term).

The check is case- and inflection-tolerant: words are compared by their Snowball stems
(`snowballstemmer`) where the language has a stemmer ("Flüsse" and "Fluss" are the same
word, and so are "rivers" and "river"), casefolded elsewhere; a term in a script written
without spaces (Chinese, Japanese, Thai ...) is found as a casefolded substring, and so is a
term with symbols (C++, AT&T: not inside a longer word). Combining marks (decomposed accents,
vowel signs) belong to their word. A rendition
misses an entry when the source term occurs in the source and the fixed rendering does not
occur in the rendition (it is missing, or another rendering stands in its place).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:  # pragma: no cover
    from workbench.core.compare.flags import Flag

GLOSSARY_FIELDS = ("source", "target", "note", "style")
MISSING_KIND = "glossary_missing"

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
# scripts written without spaces between words (and Hangul, whose particles join the word):
# a term in one is found as a substring
_U = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f"
    "\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
_UNSPACED = re.compile(f"[{_U}]")
_SYMBOLS = "#&@%*"  # with Unicode's symbols (+, $, ©): a term's symbols are part of it
_PREFIX = 2  # words are stemmed only when they start like a term's word (see TextIndex)


class GlossaryEntry(BaseModel):
    """One fixed rendering (see the module docs)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(min_length=1, description="the term as it stands in the source")
    target: str = Field(min_length=1, description="its fixed rendering in the target language")
    note: str = Field(default="", description="a hint for the model (context, usage)")
    style: str | None = Field(default=None, description="only for this style; none: every style")

    @field_validator("source", "target", "note", mode="before")
    @classmethod
    def _one_line(cls, value: Any) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("style", mode="before")
    @classmethod
    def _no_blank_style(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @property
    def key(self) -> tuple[str, str | None]:
        """Entries with the same key are the same entry (a nearer glossary's wins)."""
        return (self.source.casefold(), self.style)


class TermCheck(BaseModel):
    """A glossary term that occurs in the source, and whether this rendition keeps it."""

    source: str
    target: str


class GlossaryCheck(BaseModel):
    """A rendition checked against the run's glossary: the terms of the source it renders as
    fixed (hits) and those whose fixed rendering it lacks (misses)."""

    hits: list[TermCheck] = Field(default_factory=list)
    misses: list[TermCheck] = Field(default_factory=list)


def merge(*layers: Iterable[GlossaryEntry]) -> list[GlossaryEntry]:
    """The entries of every layer, a later layer's entry replacing an earlier one with the same
    source term (and style), in place."""
    merged: dict[tuple[str, str | None], GlossaryEntry] = {}
    for layer in layers:
        for entry in layer:
            merged[entry.key] = entry
    return list(merged.values())


def shared_entries(entries: Sequence[GlossaryEntry]) -> list[GlossaryEntry]:
    """The entries for every style (the prompt's shared prefix)."""
    return [e for e in entries if e.style is None]


def style_entries(entries: Sequence[GlossaryEntry], style: str) -> list[GlossaryEntry]:
    """The entries for `style` alone (its own message)."""
    return [e for e in entries if e.style == style]


def entries_for(entries: Sequence[GlossaryEntry], style: str) -> list[GlossaryEntry]:
    """What holds for a rendition in `style`: its own entries, and the shared ones for the
    source terms it has none of."""
    own = style_entries(entries, style)
    terms = {e.source.casefold() for e in own}
    return [e for e in shared_entries(entries) if e.source.casefold() not in terms] + own


def one_style_terms(entries: Sequence[GlossaryEntry], styles: Collection[str]) -> set[str]:
    """The source terms (casefolded) with an entry for one of the run's `styles`: while a run
    is blind no column is checked or marked for them, since only that style's column would
    be. An entry for a style the run does not have tells no column apart."""
    return {e.source.casefold() for e in entries if e.style and e.style in styles}


def blind_entries(entries: Sequence[GlossaryEntry], styles: Collection[str]) -> list[GlossaryEntry]:
    """What holds for every column of a blind run (of `styles`) alike: the entries for every
    style of the terms that have no entry for one of those styles."""
    own = one_style_terms(entries, styles)
    return [e for e in entries if not e.style and e.source.casefold() not in own]


def prompt_lines(entries: Sequence[GlossaryEntry]) -> list[str]:
    """The entries as prompt lines: `- "source" -> "target" (note)`."""
    return [f'- "{e.source}" -> "{e.target}"' + (f" ({e.note})" if e.note else "") for e in entries]


# ---------------------------------------------------------------------------- matching


@lru_cache(maxsize=64)
def _stemmer(language: str) -> Any | None:
    """The Snowball stemmer of a language tag (`de`, `pt-BR`), or None where there is none."""
    name = _SNOWBALL.get(language.lower().replace("_", "-").split("-")[0])
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


class _Stems:
    """A language's word keys (the stem of the casefolded word), each word stemmed once."""

    def __init__(self, language: str) -> None:
        self.stemmer = _stemmer(language)
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
            stem = self.cache[folded] = self.stemmer.stemWord(composed)
        return stem


def _unspaced(term: str) -> bool:
    return _UNSPACED.search(term) is not None


def _symbolic(term: str) -> bool:
    """Whether `term` has symbols (`+`, `#`, `&` ...) that words alone would not keep."""
    return any(c in _SYMBOLS or unicodedata.category(c).startswith("S") for c in term)


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


class TextIndex:
    """One text's words, keyed for matching terms in one language. Only words that start like
    a word of one of `terms` (two letters, casefolded, accents aside) are stemmed: stemming is
    the costly part, and a word's stem starts as the word does."""

    def __init__(self, text: str, stems: _Stems, terms: Iterable[str]) -> None:
        self.text = text
        self.stems = stems
        prefixes: set[str] = set()
        for term in terms:
            for word in _words().findall(term.casefold()):
                prefixes.add(_prefix(word))
                prefixes.add(_prefix(stems.key(word)))
        folded = text.casefold()
        # the usual case: the folded text has the same offsets, its words are read in one go
        self._tokenized = folded if len(folded) == len(text) else text
        words = _words().findall(self._tokenized)
        if self._tokenized is text:
            words = [w.casefold() for w in words]
        keyed = {w: stems.key(w) for w in set(words) if stems.prefix(w) in prefixes}
        self.keys: list[str | None] = [keyed.get(w) for w in words]
        self.positions: dict[str, list[int]] = {}
        for i, key in enumerate(self.keys):
            if key is not None:
                self.positions.setdefault(key, []).append(i)
        self._spans: list[tuple[int, int]] | None = None
        self._folded: tuple[str, list[int] | None] | None = None

    def find(self, term: str) -> list[tuple[int, int]]:
        """Where `term` occurs: character spans of the text."""
        if _unspaced(term):
            return self._find_substring(term.casefold())
        if _symbolic(term):
            return self._find_substring(term.casefold(), bounded=True)
        n, starts = self._starts(term)
        if not starts:
            return []
        if self._spans is None:
            self._spans = [m.span() for m in _words().finditer(self._tokenized)]
        spans = self._spans
        return [(spans[i][0], spans[i + n - 1][1]) for i in starts]

    def contains(self, term: str) -> bool:
        """Whether `term` occurs in the text."""
        if _unspaced(term):
            return bool(self._find_substring(term.casefold()))
        if _symbolic(term):
            return bool(self._find_substring(term.casefold(), bounded=True))
        return bool(self._starts(term)[1])

    def _starts(self, term: str) -> tuple[int, list[int]]:
        """The number of words of `term`, and the indexes of the words where it starts."""
        words = [self.stems.key(w) for w in _words().findall(term.casefold())]
        if not words or words[0] not in self.positions:
            return len(words), []
        n = len(words)
        return n, [i for i in self.positions[words[0]] if self.keys[i : i + n] == words]

    def _find_substring(self, needle: str, *, bounded: bool = False) -> list[tuple[int, int]]:
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


class GlossaryChecker:
    """Checks the renditions of one run: the source is read once, each rendition once."""

    def __init__(
        self,
        entries: Sequence[GlossaryEntry],
        source: str,
        source_language: str,
        target_language: str,
    ) -> None:
        self.entries = list(entries)
        self.source_stems = _Stems(source_language)
        self.target_stems = _Stems(target_language)
        self.targets = sorted({e.target for e in self.entries})
        index = TextIndex(source, self.source_stems, (e.source for e in self.entries))
        self.in_source = {e.source for e in self.entries if index.contains(e.source)}

    def check(self, text: str, style: str) -> GlossaryCheck:
        """The hits and misses of a rendition in `style`."""
        index = TextIndex(text, self.target_stems, self.targets)
        result = GlossaryCheck()
        for entry in entries_for(self.entries, style):
            if entry.source not in self.in_source:
                continue
            term = TermCheck(source=entry.source, target=entry.target)
            (result.hits if index.contains(entry.target) else result.misses).append(term)
        return result


def term_spans(text: str, terms: Iterable[str], language: str) -> list[tuple[int, int]]:
    """Where any of `terms` occurs in `text` (a text in `language`): sorted, disjoint spans."""
    terms = [t for t in dict.fromkeys(terms) if t.strip()]
    if not terms or not text:
        return []
    index = TextIndex(text, _Stems(language), terms)
    spans = sorted(span for term in terms for span in index.find(term))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def glossary_flag(check: GlossaryCheck, max_items: int = 10) -> Flag | None:
    """One flag naming the terms whose fixed rendering a rendition lacks (None: none)."""
    from workbench.core.compare.flags import Flag

    if not check.misses:
        return None
    shown = [f'"{m.source}" -> "{m.target}"' for m in check.misses]
    listed = ", ".join(shown[:max_items])
    if len(shown) > max_items:
        listed += f" and {len(shown) - max_items} more"
    return Flag(
        kind=MISSING_KIND,
        message=f"glossary renderings missing or replaced: {listed}",
        detail=[m.source for m in check.misses],
    )
