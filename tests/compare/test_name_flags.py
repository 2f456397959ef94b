"""Missing names: a source token that stands verbatim in another column or in the reference
is a name, whatever the source's capitalisation rules; every column that lacks it is flagged,
naming it. Checked on a whole run (`analyse`), as the exports and the TUI see it."""

from __future__ import annotations

from workbench.core.compare.analysis import analyse
from workbench.core.translate.models import Comparison, Reference, Rendition, SourceText, TargetSpec

DE = (
    "Siddhartha sprach zu Govinda: Der Fluss lehrt uns das Warten. "
    "Govinda schwieg, und Siddhartha sah dem Wasser zu."
)
FAITHFUL = (
    "Siddhartha said to Govinda: The river teaches us to wait. "
    "Govinda was silent, and Siddhartha watched the water."
)
NAMELESS = "He said to his friend: The river teaches us to wait. The friend was silent."
HALF = "Siddhartha said to his friend: The river teaches us to wait. His friend was silent."


def run(source: str, lang: str, *texts: str, reference: str | None = None) -> Comparison:
    renditions = [Rendition(style=f"s{i}", style_name=f"S{i}", text=t) for i, t in enumerate(texts)]
    return analyse(
        Comparison(
            id="20260101-000000-abcd",
            source=SourceText(text=source, language=lang),
            target=TargetSpec(language="en"),
            renditions=renditions,
            reference=Reference(text=reference) if reference else None,
        )
    )


def missing(r: Rendition) -> list[str]:
    return [d for f in r.flags if f.kind == "name_missing" for d in f.detail]


def test_german_source_names_found_through_another_column() -> None:
    result = run(DE, "de", FAITHFUL, NAMELESS, HALF)
    faithful, nameless, half = result.renditions
    assert missing(faithful) == []
    assert missing(nameless) == ["Govinda", "Siddhartha"]
    assert missing(half) == ["Govinda"]
    flag = next(f for f in nameless.flags if f.kind == "name_missing")
    assert "Govinda" in flag.message and "Siddhartha" in flag.message


def test_german_capitalised_nouns_are_not_names() -> None:
    result = run(DE, "de", FAITHFUL, FAITHFUL.replace("river", "stream"))
    for r in result.renditions:
        assert missing(r) == [], "Fluss, Wasser, Warten are nouns, not names"


def test_german_names_found_through_the_reference_alone() -> None:
    result = run(DE, "de", NAMELESS, reference=FAITHFUL)
    assert missing(result.renditions[0]) == ["Govinda", "Siddhartha"]


def test_english_source_names_at_sentence_start_found_through_another_column() -> None:
    source = "Siddhartha spoke to Govinda. Govinda listened. Kamala waited by the river."
    french = "Siddhartha parla à Govinda. Govinda écoutait. Kamala attendait près du fleuve."
    lacking = "Il parla à son ami. Son ami écoutait. Une femme attendait près du fleuve."
    faithful, nameless = run(source, "en", french, lacking).renditions
    assert missing(faithful) == []
    assert missing(nameless) == ["Govinda", "Kamala", "Siddhartha"]


def test_cjk_source_names_come_from_the_other_columns_and_the_reference() -> None:
    source = "悉达多对乔文达说：河流教会我们等待。乔文达沉默了，悉达多看着河水。"
    faithful, nameless = run(source, "zh", FAITHFUL, NAMELESS, reference=FAITHFUL).renditions
    assert missing(faithful) == []
    assert missing(nameless) == ["Govinda", "Siddhartha"]


def test_cjk_source_with_latin_names_kept_verbatim() -> None:
    source = "Siddhartha（悉达多）对Govinda说：河流教会我们等待。"
    faithful, nameless = run(source, "zh", FAITHFUL, NAMELESS).renditions
    assert missing(faithful) == []
    assert missing(nameless) == ["Govinda", "Siddhartha"]


def test_a_single_column_without_names_elsewhere_keeps_the_old_rules() -> None:
    [only] = run(DE, "de", NAMELESS).renditions
    assert missing(only) == [], "German capitals alone say nothing"
