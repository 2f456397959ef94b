"""A German noun another column left untranslated is not a name that column confirms (issue 14,
item 6: on the seed's paragraph the embedded model copied German sentences, and the good columns
were then flagged for "names in the source but not here: Notlage, Ungeduld")."""

from __future__ import annotations

from workbench.core.compare.flags import flag_rendition

SOURCE = (
    "So aber kann Siddhartha ruhig warten, er kennt keine Ungeduld, er kennt keine Notlage. "
    "Dazu, Herr, ist Fasten gut."
)
GOOD = (
    "But as it is, Siddhartha can wait calmly, he knows no impatience, he knows no need. "
    "For that, sir, fasting is good."
)
COPYING = (
    "So aber kann Siddhartha ruhig warten, er kennt keine Ungeduld, er kennt keine Notlage. "
    "For that, sir, fasting is good."
)
OTHER_GOOD = "But Siddhartha can wait quietly, he knows no impatience and no distress. It is good."


def _names_flags(rendition: str, others: list[str]) -> list[str]:
    flags = flag_rendition(SOURCE, rendition, source_lang="de", target_lang="en", others=others)
    return [f.message for f in flags if f.kind.startswith("name")]


def test_nouns_another_column_left_as_they_are_are_not_confirmed_names() -> None:
    assert _names_flags(GOOD, [COPYING, OTHER_GOOD]) == []


def test_a_name_the_good_columns_share_is_still_confirmed() -> None:
    missing = "But as it is, he can wait calmly, he knows no impatience. For that, sir, it is good."
    flags = _names_flags(missing, [GOOD, OTHER_GOOD])
    assert any("Siddhartha" in f for f in flags), flags
