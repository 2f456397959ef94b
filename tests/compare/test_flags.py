"""Skepticism flags: length ratio, untranslated words, names and numbers."""

from __future__ import annotations

import pytest

from workbench.core.compare.flags import (
    Flag,
    FlagConfig,
    flag_rendition,
    letter_units,
    names,
    normalize_number,
    numbers,
)

SOURCE = (
    "Yesterday Alice met Bob in Paris and paid 1,000 euros for an extraordinary breakfast. "
    "It was 3.5 times dearer than the ordinary one in London."
)


def kinds(flags: list[Flag]) -> list[str]:
    return [f.kind for f in flags]


def test_a_faithful_rendition_has_no_flags() -> None:
    rendition = (
        "Hier, Alice a rencontré Bob à Paris et a payé 1 000 euros pour un petit-déjeuner "
        "exceptionnel. C'était 3,5 fois plus cher que l'ordinaire à London."
    )
    assert flag_rendition(SOURCE, rendition, source_lang="en", target_lang="fr") == []


def test_a_chinese_rendition_is_not_flagged_for_length_or_latin_names() -> None:
    rendition = (
        "昨天爱丽丝在巴黎遇见了鲍勃，花了1000欧元吃了一顿豪华早餐。比伦敦的普通早餐贵3.5倍。"
    )
    assert flag_rendition(SOURCE, rendition, target_lang="zh") == []


def test_length_ratio_bounds_are_configurable() -> None:
    flags = flag_rendition(SOURCE, "Alice paid.")
    assert "length_ratio" in kinds(flags)
    assert "unusually short" in flags[0].message
    long = flag_rendition(SOURCE, SOURCE + " " + SOURCE.replace("1,000", "1,000") * 2)
    assert "length_ratio" in kinds(long)
    relaxed = FlagConfig(length_low=0.01, length_high=10)
    assert "length_ratio" not in kinds(flag_rendition(SOURCE, "Alice paid.", config=relaxed))


def test_short_texts_are_not_length_flagged() -> None:
    assert flag_rendition("Hi there.", "Bonjour à tous, mes chers amis du monde entier!") == []


def test_untranslated_long_words() -> None:
    rendition = (
        "Gestern traf Alice Bob in Paris und zahlte 1.000 Euro für ein extraordinary Frühstück. "
        "Es war 3,5-mal teurer als sonst in London."
    )
    flags = flag_rendition(SOURCE, rendition, source_lang="en", target_lang="de")
    assert kinds(flags) == ["untranslated"]
    assert flags[0].detail == ["extraordinary"]


def test_names_missing_and_added() -> None:
    rendition = (
        "Hier, Alice a rencontré Charles à Paris et a payé 1 000 euros pour un petit-déjeuner "
        "exceptionnel. C'était 3,5 fois plus cher que l'ordinaire à Londres."
    )
    flags = flag_rendition(SOURCE, rendition, source_lang="en", target_lang="fr")
    by_kind = {f.kind: f.detail for f in flags}
    assert by_kind == {"name_missing": ["Bob", "London"], "name_added": ["Charles", "Londres"]}


def test_numbers_missing_and_added() -> None:
    rendition = (
        "Hier, Alice a rencontré Bob à Paris et a payé 2 000 euros pour un petit-déjeuner "
        "exceptionnel. C'était bien plus cher que l'ordinaire à London."
    )
    flags = flag_rendition(SOURCE, rendition)
    by_kind = {f.kind: f.detail for f in flags}
    assert by_kind == {"number_missing": ["3.5", "1000"], "number_added": ["2000"]}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,000", "1000"),
        ("1.000", "1000"),
        ("1 000", "1000"),
        ("1,000.50", "1000.50"),
        ("1.000,5", "1000.5"),
        ("3,14", "3.14"),
        ("0.125", "0.125"),
        ("٣٤", "34"),
        ("１２", "12"),
    ],
)
def test_number_normalization(raw: str, expected: str) -> None:
    assert normalize_number(raw) == expected


def test_numbers_do_not_join_separate_numbers() -> None:
    assert numbers("In 2019 12 people came at 12:30.") == {"2019", "12", "30"}


def test_names_are_mid_sentence_capitals_never_lowercased() -> None:
    text = "Yesterday Alice met Bob. The city was nice. Then Alice said The end of the day."
    assert names(text) == {"Alice", "Bob"}


def test_letter_units_weigh_cjk() -> None:
    assert letter_units("abc def") == 6
    assert letter_units("北京") == 6
    assert letter_units("ひらがな") == 8
    assert letter_units("...  !") == 0
