"""`core.sentences.split_sentences` on text that broke it: a space other than ASCII's before a
period (sentencex 1.0.32 panics there), and old Mac line ends (a lone CR) between paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.sentences import split_sentences

# sentencex cuts the text at len(text before the period) - 1 byte when the word before it is
# one capital letter (a name's initial): inside the space when that space takes 2 or 3 bytes
WIDE_SPACES = ["\u00a0", "\u202f", "\u2009", "\u3000", "\u2028", "\u1680", "\x85"]


@pytest.mark.parametrize("space", WIDE_SPACES)
@pytest.mark.parametrize("language", ["de", "en", "fr", "zh"])
def test_a_capital_and_a_wide_space_before_a_period(space: str, language: str) -> None:
    """The sentences end where they end with an ASCII space there, and keep their own."""
    text = f"Take vitamin C{space}. It helps."
    sentences = split_sentences(text, language)
    assert " ".join(sentences) == text
    plain = split_sentences(text.replace(space, " "), language)
    assert [len(s) for s in sentences] == [len(s) for s in plain]


def test_the_sentences_are_the_texts_own() -> None:
    """What the splitter is given in place of the wide space never shows: each sentence is
    the text's own (the exports find them in the text by search)."""
    assert split_sentences("Take vitamin C\u00a0. It helps. Typ B\u3000.", "en") == [
        "Take vitamin C\u00a0.",
        "It helps.",
        "Typ B\u3000.",
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_blank_line_ends_a_sentence_whatever_the_line_ends(newline: str) -> None:
    text = f"Kapitel Eins{newline}{newline}Er ging. Sie blieb.{newline}"
    assert split_sentences(text, "de") == ["Kapitel Eins", "Er ging.", "Sie blieb."]


def test_one_line_end_is_no_paragraph() -> None:
    assert split_sentences("Er ging\r\nnach Hause. Sie\rblieb.", "de") == [
        "Er ging\r\nnach Hause.",
        "Sie\rblieb.",
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(["A", "b", " ", ".", "!", "?", "。", "\n", "\r", *WIDE_SPACES]),
        max_size=40,
    ),
    st.sampled_from(["de", "en", "zh", "ar", "th"]),
)
def test_any_text_splits_into_its_own_pieces(text: str, language: str) -> None:
    sentences = split_sentences(text, language)
    rest = text
    for sentence in sentences:
        assert sentence and sentence == sentence.strip()
        before, found, rest = rest.partition(sentence)
        assert found and not before.strip()
    assert not rest.strip()


def test_a_panic_of_the_splitter_leaves_the_paragraph_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sentencex

    class PanicException(BaseException):  # what pyo3 raises: no Exception
        pass

    def panic(language: str, text: str) -> list[str]:
        raise PanicException("byte index 1 is not a char boundary")

    monkeypatch.setattr(sentencex, "segment", panic)
    assert split_sentences("Eins. Zwei.\n\nDrei.", "de") == ["Eins. Zwei.", "Drei."]


def test_an_interrupt_in_the_splitter_is_no_panic(monkeypatch: pytest.MonkeyPatch) -> None:
    import sentencex

    def interrupted(language: str, text: str) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(sentencex, "segment", interrupted)
    with pytest.raises(KeyboardInterrupt):
        split_sentences("Eins. Zwei.", "de")
