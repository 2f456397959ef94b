"""The tokenizer: words, whitespace, punctuation and grapheme clusters in every script."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.core.compare.tokens import is_space, is_word, tokenize, words


def test_latin_words_spaces_and_punctuation() -> None:
    assert tokenize("Hello, world!  Bye.") == [
        "Hello", ",", " ", "world", "!", "  ", "Bye", ".",
    ]  # fmt: skip


def test_apostrophes_and_numbers_stay_inside_words() -> None:
    assert tokenize("don't pay 1,000.50 at 12:30") == [
        "don't", " ", "pay", " ", "1,000.50", " ", "at", " ", "12:30",
    ]  # fmt: skip
    assert tokenize("end.Start") == ["end", ".", "Start"]


def test_chinese_is_one_token_per_ideograph() -> None:
    assert tokenize("我爱北京。") == ["我", "爱", "北", "京", "。"]


def test_japanese_kana_and_kanji_are_single_tokens() -> None:
    assert tokenize("日本語のテキスト") == ["日", "本", "語", "の", "テ", "キ", "ス", "ト"]
    assert tokenize("コーヒー") == ["コ", "ー", "ヒ", "ー"]


def test_mixed_cjk_and_latin() -> None:
    assert tokenize("用Python写") == ["用", "Python", "写"]


def test_thai_has_no_spaces_so_each_cluster_is_a_token() -> None:
    toks = tokenize("ก่า")
    assert toks == ["ก่", "า"]  # the tone mark stays on its consonant


def test_combining_marks_stay_on_their_base() -> None:
    decomposed = "cafe\u0301 e\u0301te\u0301"
    assert tokenize(decomposed) == ["cafe\u0301", " ", "e\u0301te\u0301"]
    assert tokenize("x \u0301y") == ["x", " \u0301", "y"]  # a stray mark after a space


def test_emoji_sequences_and_flags_are_whole() -> None:
    family = "👨\u200d👩\u200d👧"
    assert tokenize(f"{family}🇩🇪👍🏽") == [family, "🇩🇪", "👍🏽"]
    assert tokenize("#️⃣ 1️⃣") == ["#️⃣", " ", "1️⃣"]


def test_hebrew_and_arabic_in_logical_order() -> None:
    assert tokenize("שלום עולם, مرحبا بالعالم!") == [
        "שלום", " ", "עולם", ",", " ", "مرحبا", " ", "بالعالم", "!",
    ]  # fmt: skip
    assert tokenize("السَّلَامُ") == ["السَّلَامُ"]  # harakat are marks, kept in the word


def test_line_breaks_are_whitespace_tokens() -> None:
    assert tokenize("a\r\nb\n\n c") == ["a", "\r\n", "b", "\n\n ", "c"]


def test_kinds() -> None:
    assert is_space(" \n") and not is_space("a")
    assert is_word("word") and is_word("字") and is_word("3.14")
    assert not is_word(",") and not is_word("👍🏽") and not is_word(" ")
    assert words("Hi, you 2!") == ["Hi", "you", "2"]


def test_empty() -> None:
    assert tokenize("") == []


@given(st.text())
def test_tokens_rebuild_any_text(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert all(tokens)
