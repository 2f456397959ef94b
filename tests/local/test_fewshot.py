"""The few-shot completion prompt for the built-in base model (pure functions)."""

from __future__ import annotations

from workbench.core.translate.models import Exemplar, StyleProfile
from workbench.io.translate.styles import load_catalog
from workbench.llm.fewshot import (
    build_fewshot_prompt,
    exemplar_pairs,
    parse_completion,
    passage_units,
    pick_exemplars,
    renumber,
    split_rendition,
)

KAFKA = "Als Gregor Samsa eines Morgens erwachte."


def style(*exemplars: Exemplar, footnotes: bool = False) -> StyleProfile:
    return StyleProfile(id="t", name="T", brief="b", footnotes=footnotes, exemplars=list(exemplars))


def ex(src: str, tgt: str, source: str, rendition: str) -> Exemplar:
    return Exemplar(source_language=src, target_language=tgt, source=source, rendition=rendition)


def test_prompt_is_exemplar_pairs_then_the_open_passage() -> None:
    exemplars = [ex("de", "en", "Ich bin.", "I am."), ex("de", "en", "Du bist.", "You are.")]
    prompt = build_fewshot_prompt("Er ist.", "de", "en", exemplars, footnotes=False)
    assert prompt.text == (
        "German: Ich bin.\nEnglish: I am.\n\nGerman: Du bist.\nEnglish: You are.\n\n"
        "German: Er ist.\nEnglish:"
    )
    assert prompt.stop == ["\n"]


def test_line_breaks_inside_a_unit_or_exemplar_are_collapsed() -> None:
    exemplars = [ex("de", "en", "Ich\nbin.", "I\n am.")]
    prompt = build_fewshot_prompt("Er\n\nist.", "de", "en", exemplars, footnotes=False)
    assert prompt.text == "German: Ich bin.\nEnglish: I am.\n\nGerman: Er ist.\nEnglish:"


def test_footnote_styles_show_footnote_lines_and_stop_at_a_blank_line() -> None:
    exemplars = [ex("fr", "en", "Maman.", "Maman.[1]\n\n[1] Maman: mother.")]
    prompt = build_fewshot_prompt("Papa.", "fr", "en", exemplars, footnotes=True)
    assert prompt.text == (
        "French: Maman.\nEnglish: Maman.[1]\n[1] Maman: mother.\n\nFrench: Papa.\nEnglish:"
    )
    assert "\n\n" in prompt.stop and "\nFrench:" in prompt.stop
    # a style without footnotes drops them from the exemplar
    plain = build_fewshot_prompt("Papa.", "fr", "en", exemplars, footnotes=False)
    assert "[1] Maman" not in plain.text


def test_split_rendition_separates_footnotes() -> None:
    body, notes = split_rendition("Body one\nline two.[1]\n\n[1] First\ncontinued.\n[2] Second.")
    assert body == "Body one line two.[1]"
    assert notes == ["[1] First continued.", "[2] Second."]


def test_the_pair_then_the_pair_reversed_and_never_another_source_language() -> None:
    de_en = ex("de", "en", "Ja.", "Yes.")
    fr_en = ex("fr", "en", "Oui.", "Yes.")
    en_de = ex("en", "de", "No.", "Nein.")
    assert pick_exemplars(style(de_en, fr_en, en_de), "de", "en") == [
        de_en,
        ex("de", "en", "Nein.", "No."),
    ]
    assert pick_exemplars(style(fr_en, en_de), "es", "en") == []
    reversed_ = pick_exemplars(style(de_en), "en", "de")
    assert reversed_ == [ex("en", "de", "Yes.", "Ja.")]
    assert pick_exemplars(style(de_en), "ja", "ko") == []
    assert pick_exemplars(style(de_en), "de-CH", "en-GB") == [de_en], "regions read the base"


def test_the_nearest_in_length_are_shown_nearest_last_and_never_the_unit_itself() -> None:
    short = ex("de", "en", "Ich bin.", "I am.")
    middle = ex("de", "en", "Ich bin heute müde.", "I am tired today.")
    long_ = ex("de", "en", "Ich bin heute sehr müde und gehe früh.", "I am very tired.")
    kafka = ex("de", "en", KAFKA, "As Gregor Samsa woke one morning.")
    profile = style(short, middle, long_, kafka)
    assert pick_exemplars(profile, "de", "en", "Er ist heute froh.", limit=2) == [short, middle]
    picked = pick_exemplars(profile, "de", "en", KAFKA)
    assert kafka not in picked and len(picked) == 3
    assert kafka not in pick_exemplars(profile, "de", "en", "als gregor samsa eines MORGENS")


def test_exemplar_pairs_go_both_ways() -> None:
    catalog = load_catalog()
    pairs = exemplar_pairs([catalog.styles[s] for s in catalog.builtin_ids])
    assert ("de", "en") in pairs and ("en", "de") in pairs and ("en", "fr") in pairs
    assert not any("ja" in pair for pair in pairs)


def test_every_builtin_style_has_exemplars_for_common_pairs() -> None:
    catalog = load_catalog()
    for style_id in catalog.builtin_ids:
        profile = catalog.styles[style_id]
        for src, tgt in [("de", "en"), ("fr", "en"), ("es", "en"), ("it", "en"), ("en", "de")]:
            exact = [
                e for e in profile.exemplars if (e.source_language, e.target_language) == (src, tgt)
            ]
            assert exact, f"{style_id} has no {src}->{tgt} exemplar"
            for e in exact:
                body, notes = split_rendition(e.rendition)
                assert body and "\n" not in body
                if not profile.footnotes:
                    assert not notes, f"{style_id}: footnotes in a style without them"
        if profile.footnotes:
            assert all(split_rendition(e.rendition)[1] for e in profile.exemplars)


def test_passage_units_are_sentences_in_paragraphs() -> None:
    text = "Eins.\nZwei.\n\n\nDrei. " + "Vier ist lang. " * 40
    units = passage_units(text, max_chars=100)
    assert units[0] == ["Eins.", "Zwei."], "sentence by sentence"
    assert len(units) == 2 and len(units[1]) > 1
    assert all(len(u) <= 100 for u in units[1])
    assert " ".join(units[1]).split() == ("Drei. " + "Vier ist lang. " * 40).split()


def test_parse_completion_takes_the_first_line_and_footnote_lines() -> None:
    assert parse_completion(" I can think.\nGerman: x", footnotes=False).text == "I can think."
    parsed = parse_completion(" I think.[1]\n[1] A note.\nGerman: y", footnotes=True)
    assert parsed.text == "I think.[1]" and parsed.footnotes == ["[1] A note."]
    assert parse_completion("\nEnglish", footnotes=False).text == ""


def test_renumber_shifts_marks_and_footnotes() -> None:
    parsed = parse_completion("A[1] b[2].\n[1] x [1]\n[2] y", footnotes=True)
    shifted = renumber(parsed, 3)
    assert shifted.text == "A[4] b[5]."
    assert shifted.footnotes == ["[4] x [1]", "[5] y"]
