"""Many terms looked for in a text at once (a glossary kept for a whole book): each term is
read and stemmed once per glossary and language, and a text's words lead to the terms that
start with them, so a text costs time by its own length, not the glossary's. Terms are found
exactly as `term_index.TextIndex.find` finds them one by one."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from workbench.core.compare.term_index import (
    TextIndex,
    shared_stems,
    symbolic,
    term_prefixes,
    term_words,
    unspaced,
)


class TermSet:
    """Terms of one language, read for finding them in texts (`spans`, `found`)."""

    def __init__(self, terms: Iterable[str], language: str) -> None:
        self.stems = shared_stems(language)
        self.substrings: list[tuple[str, str, bool]] = []  # (term, folded, bounded)
        self.by_first: dict[str, list[tuple[str, tuple[str, ...], tuple[int, ...]]]] = {}
        worded = []
        for term in dict.fromkeys(terms):
            if unspaced(term) or symbolic(term):
                self.substrings.append((term, term.casefold(), not unspaced(term)))
                continue
            keys, capitals = term_words(term, self.stems)
            if keys:
                self.by_first.setdefault(keys[0], []).append((term, keys, capitals))
                worded.append(term)
        self.prefixes = term_prefixes(worded, self.stems)

    def spans(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """The terms that occur in `text`, each with where it occurs (character spans)."""
        found: dict[str, list[tuple[int, int]]] = {}
        index = TextIndex(text, self.stems, prefixes=self.prefixes)
        for key in index.positions.keys() & self.by_first.keys():
            for term, keys, capitals in self.by_first[key]:
                starts = index.starts_of(keys, capitals)
                if starts:
                    words, n = index.word_spans(), len(keys)
                    found[term] = [(words[i][0], words[i + n - 1][1]) for i in starts]
        for term, folded, bounded in self.substrings:
            where = index.find_substring(folded, bounded=bounded)
            if where:
                found[term] = where
        return found

    def found(self, text: str) -> set[str]:
        """The terms that occur in `text`."""
        return set(self.spans(text))


@lru_cache(maxsize=16)
def term_set(terms: tuple[str, ...], language: str) -> TermSet:
    """The `TermSet` of `terms` in `language`, read once for every text it is used on."""
    return TermSet(terms, language)
