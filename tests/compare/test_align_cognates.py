"""The cognates the aligner anchors on (`core.align_cognates`): which words count, folded
how, and put in which sentence."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st


def test_cognates_are_rare_words_whose_first_four_letters_both_texts_have() -> None:
    from workbench.core.align_cognates import cognates

    def by_sentence(found: tuple[np.ndarray, np.ndarray], starts: list[str]) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for row, ident in zip(*(side.tolist() for side in found), strict=True):
            out.setdefault(row, set()).add(starts[ident])
        return out

    french = ["Marie ouvrit la lettre.", "Elle était\nintacte.", "Elle pensa à elle, elle, elle."]
    english = ["Marie opened the letter.", "It was intact.", "She thought of her."]
    found = cognates(french, english)
    assert found.starts == ["inta", "lett", "mari"]  # "elle": in no English sentence
    fr, en = by_sentence(found.source, found.starts), by_sentence(found.target, found.starts)
    assert fr == {0: {"mari", "lett"}, 1: {"inta"}}  # a line end inside a sentence: a space
    assert en == {0: {"mari", "lett"}, 1: {"inta"}}
    assert cognates(["Die Historia."] * 4, ["A history."] * 4).starts == [], (
        "more than RARE times in each text: too common to place a sentence"
    )


def test_cognates_fold_case_and_accents_in_any_script() -> None:
    """Accents dropped (decomposed, the combining marks left out), case folded, letters beyond
    the Basic Multilingual Plane (Deseret) read like any other."""
    from workbench.core.align_cognates import cognates

    found = cognates(["Écoles et ÉTÉS.", "𐐀𐐨𐐩𐐪𐐫 ok."], ["ecoles, etes!", "𐐨𐐨𐐩𐐪 no."])
    assert found.starts == ["ecol", "etes", "𐐨𐐨𐐩𐐪"]
    assert found.source[0].tolist() == found.target[0].tolist() == [0, 0, 1]
    assert cognates([], ["Something."]).starts == []
    assert cognates(["", " . "], ["Something."]).starts == []


def test_cognates_of_a_text_with_more_different_letters_than_16_bits_hold() -> None:
    """Four letters are packed into one 64-bit number, 16 bits each; a text whose letters go
    beyond the Basic Multilingual Plane is ranked instead, and one with more than 65,535
    different letters has its four-letter starts ranked whole: still exact."""
    from workbench.core.align_cognates import cognates

    han = [chr(c) for c in range(0x20000, 0x2EBF0) if chr(c).isalpha()]  # CJK Extensions B-F
    bmp = [chr(c) for c in range(0x4E00, 0xA000) if chr(c).isalpha()]  # CJK Unified
    letters = han + bmp
    assert len(letters) > 1 << 16
    words = ["".join(letters[k : k + 4]) for k in range(0, len(letters) - 3, 4)]
    source = [" ".join(words[k : k + 100]) + "." for k in range(0, len(words), 100)]
    target = [source[3], source[0]]
    found = cognates(source, target)
    assert len(found.starts) == 200
    assert set(found.starts) == set(words[300:400]) | set(words[:100])
    assert set(found.source[0].tolist()) == {0, 3} and set(found.target[0].tolist()) == {0, 1}


def test_cognates_of_hard_wrapped_sentences_stay_in_their_sentence() -> None:
    """Sentences of a hard-wrapped text hold line ends; the cognates were put in the line's
    number, not the sentence's, and every sentence after the first wrap got its neighbour's."""
    from workbench.core.align_features import features

    french = ["Marie ouvrit\nla lettre.", "Elle était\nintacte.", "Fin."]
    english = ["Marie opened the letter.", "It was intact.", "The end."]
    source, target = features(french, english)
    assert source.cognates.rows.tolist() == target.cognates.rows.tolist() == [0, 0, 1]


def _plain_cognates(source: list[str], target: list[str]) -> set[tuple[int, int, str]]:
    """The same anchors the plain way, word by word: (side, sentence, four letters)."""
    import unicodedata
    from collections import Counter

    from workbench.core.align_cognates import COGNATE_PREFIX, RARE

    def starts(sentences: list[str]) -> list[tuple[int, str]]:
        out = []
        for k, sentence in enumerate(sentences):
            folded = unicodedata.normalize("NFKD", sentence.replace("\n", " ").lower())
            kept = "".join(
                "" if unicodedata.combining(c) else c if c.isalpha() else " " for c in folded
            )
            out += [(k, w[:COGNATE_PREFIX]) for w in kept.split() if len(w) >= COGNATE_PREFIX]
        return out

    sides = [starts(source), starts(target)]
    rare = [{w for w, n in Counter(w for _k, w in side).items() if n <= RARE} for side in sides]
    shared = rare[0] & rare[1]
    return {(s, k, w) for s, side in enumerate(sides) for k, w in side if w in shared}


_LETTERS = "abcdeéèàüößÆæİıΣσς AÉÖ\n\t.,!?1234漢字かな한글𝔄𐐀𐐨\u0301\u0308ﬁẞ"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=_LETTERS, max_size=40), max_size=8),
    st.lists(st.text(alphabet=_LETTERS, max_size=40), max_size=8),
)
def test_cognates_are_those_read_word_by_word(source: list[str], target: list[str]) -> None:
    from workbench.core.align_cognates import cognates

    found = cognates(source, target)
    got = {
        (side, row, found.starts[ident])
        for side, (rows, ids) in enumerate((found.source, found.target))
        for row, ident in zip(rows.tolist(), ids.tolist(), strict=True)
    }
    assert got == _plain_cognates(source, target)
    assert found.starts == sorted({w for _s, _k, w in got})
