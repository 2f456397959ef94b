"""Many terms found at once (`core.compare.term_set`): the same terms, at the same places, as
looking for each term alone (`term_index.TextIndex.find`), in languages with and without a
stemmer, for words, phrases, acronyms, symbols and unspaced scripts alike."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.compare.glossary import GlossaryEntry, entries_in
from workbench.core.compare.term_index import Stems, TextIndex
from workbench.core.compare.term_set import TermSet

WORDS = [
    "Fluss", "Flüsse", "flossen", "Fährmann", "Fährmannes", "IT", "it", "WHO", "who", "Who",
    "C++", "AT&T", "rivers", "river", "the", "The", "İstanbul", "straße", "STRASSE", "河",
    "河流", "川", "かわ", "Dorf", "Dörfer", "50%", "#1", "e-mail", "naïve", "naive",
]  # fmt: skip
LANGUAGES = ["de", "en", "tr", "zh", "ja", "xx"]


def one_at_a_time(terms: list[str], text: str, language: str) -> dict[str, list]:
    index = TextIndex(text, Stems(language), terms)
    return {term: index.find(term) for term in terms if index.find(term)}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), max_size=12),
    st.lists(st.sampled_from([*WORDS, ".", ",", " "]), max_size=40),
    st.sampled_from(LANGUAGES),
)
def test_found_at_once_as_one_at_a_time(terms: list, words: list, language: str) -> None:
    phrases = [" ".join(words) for words in terms]
    text = " ".join(words)
    assert TermSet(phrases, language).spans(text) == one_at_a_time(phrases, text, language)


def test_a_prompt_gets_the_entries_of_its_piece_alone_from_a_large_glossary() -> None:
    glossary = [GlossaryEntry(source=f"Wort{n}", target=f"word{n}") for n in range(5000)]
    glossary += [GlossaryEntry(source="Fluss", target="river")]
    glossary += [GlossaryEntry(source="der Fährmann", target="the ferryman", style="rosner")]
    piece = "Die Flüsse und Wort17, dem Fährmann zum Trotz; Wort4999."
    found = [e.source for e in entries_in(glossary, piece, "de")]
    assert found == ["Wort17", "Wort4999", "Fluss"]  # "dem Fährmann" is not "der Fährmann"
