"""The glossary check: hits and misses on known renditions, case- and inflection-tolerant by
each language's Snowball stemmer, casefolded where a language has none, substrings in scripts
written without spaces; per-style entries; and what the analysis makes of it."""

from __future__ import annotations

from workbench.core.compare.analysis import analyse
from workbench.core.compare.glossary import (
    MISSING_KIND,
    GlossaryChecker,
    GlossaryEntry,
    entries_for,
    merge,
    term_spans,
)
from workbench.core.translate.models import (
    Comparison,
    Partial,
    Rendition,
    RenditionError,
    SourceText,
    TargetSpec,
)

DE = "Die Flüsse flossen am Dorf vorbei. Der Fährmann Vasudeva lachte. Siddhartha schwieg."
EN = "The rivers ran past the village. The ferryman laughed. Siddhartha was silent."


def entry(source: str, target: str, style: str | None = None) -> GlossaryEntry:
    return GlossaryEntry(source=source, target=target, style=style)


def hits_and_misses(checker: GlossaryChecker, text: str, style: str = "rosner") -> tuple:
    result = checker.check(text, style)
    return [t.source for t in result.hits], [t.source for t in result.misses]


def test_german_source_english_renditions_hits_and_misses_by_stem() -> None:
    # "Flüsse" in the source is the entry's "Fluss"; "rivers" in the rendition is "river"
    glossary = [entry("Fluss", "river"), entry("Fährmann", "ferryman"), entry("Dorf", "hamlet")]
    checker = GlossaryChecker(glossary, DE, "de", "en")
    assert hits_and_misses(checker, EN) == (["Fluss", "Fährmann"], ["Dorf"])
    replaced = "The streams ran past the hamlet. The boatman laughed."
    assert hits_and_misses(checker, replaced) == (["Dorf"], ["Fluss", "Fährmann"])
    assert hits_and_misses(checker, EN.upper()) == (["Fluss", "Fährmann"], ["Dorf"])


def test_english_source_german_renditions_hits_and_misses_by_stem() -> None:
    glossary = [entry("river", "Fluss"), entry("ferryman", "Fährmann"), entry("town", "Stadt")]
    checker = GlossaryChecker(glossary, EN, "en", "de")
    kept = "Die Flüsse flossen am Dorf vorbei. Der FÄHRMANN lachte."
    assert hits_and_misses(checker, kept) == (["river", "ferryman"], [])
    other = "Die Ströme flossen am Dorf vorbei. Der Fährmann lachte."
    assert hits_and_misses(checker, other) == (["ferryman"], ["river"])


def test_a_term_absent_from_the_source_is_neither_hit_nor_miss() -> None:
    checker = GlossaryChecker([entry("Stadt", "town")], DE, "de", "en")
    assert hits_and_misses(checker, EN) == ([], [])


def test_multi_word_terms_match_word_by_word() -> None:
    checker = GlossaryChecker([entry("Vasudeva", "the ferryman Vasudeva")], DE, "de", "en")
    assert hits_and_misses(checker, "Then the Ferryman  Vasudeva laughed.") == (["Vasudeva"], [])
    assert hits_and_misses(checker, "Then Vasudeva, the ferryman, laughed.") == ([], ["Vasudeva"])


def test_languages_without_a_stemmer_are_casefolded_and_cjk_is_a_substring() -> None:
    checker = GlossaryChecker([entry("Fluss", "河流"), entry("Fährmann", "摆渡人")], DE, "de", "zh")
    assert hits_and_misses(checker, "河流流过村庄。摆渡的人笑了。") == (["Fluss"], ["Fährmann"])
    # Japanese has no Snowball stemmer: a Latin term is a casefolded word, kana beside it or not
    checker = GlossaryChecker([entry("Siddhartha", "SIDDHARTHA")], DE, "de", "ja")
    assert hits_and_misses(checker, "siddharthaは黙っていた") == (["Siddhartha"], [])
    assert hits_and_misses(checker, "siddharthasは黙っていた") == ([], ["Siddhartha"])


def test_per_style_entries_win_for_their_style_only() -> None:
    glossary = [entry("Fluss", "river"), entry("Fluss", "stream", style="literal")]
    assert [e.target for e in entries_for(glossary, "literal")] == ["stream"]
    assert [e.target for e in entries_for(glossary, "rosner")] == ["river"]
    checker = GlossaryChecker(glossary, DE, "de", "en")
    streams = "The streams ran past the village."
    assert hits_and_misses(checker, streams, "literal") == (["Fluss"], [])
    assert hits_and_misses(checker, streams, "rosner") == ([], ["Fluss"])


def test_merge_lets_the_later_layer_win_per_term_and_style() -> None:
    far = [entry("Fluss", "river"), entry("Dorf", "village")]
    near = [entry("fluss", "stream"), entry("Fluss", "brook", style="literal")]
    merged = merge(far, near)
    assert [(e.source, e.target, e.style) for e in merged] == [
        ("fluss", "stream", None),
        ("Dorf", "village", None),
        ("Fluss", "brook", "literal"),
    ]


def test_term_spans_mark_every_form_in_the_text() -> None:
    text = "Der Fluss, die Flüsse, des FLUSSES; der Flussgott."
    spans = term_spans(text, ["Fluss"], "de")
    assert [text[a:b] for a, b in spans] == ["Fluss", "Flüsse", "FLUSSES"]
    assert term_spans("ß Straße", ["strasse"], "de") == [(2, 8)]


def _run(texts: dict[str, str], glossary: list[GlossaryEntry]) -> Comparison:
    return Comparison(
        id="r1",
        source=SourceText(text=DE, language="de"),
        target=TargetSpec(language="en"),
        renditions=[Rendition(style=s, style_name=s, text=t) for s, t in texts.items()],
        glossary=glossary,
    )


def test_the_analysis_records_hits_and_misses_and_flags_each_miss_by_name() -> None:
    glossary = [entry("Fluss", "river"), entry("Fährmann", "ferryman")]
    run = analyse(
        _run({"rosner": EN, "literal": "The streams ran. The boatman laughed."}, glossary)
    )
    kept, missed = run.renditions
    assert kept.glossary is not None and not kept.glossary.misses
    assert not [f for f in kept.flags if f.kind == MISSING_KIND]
    assert missed.glossary is not None
    assert [t.source for t in missed.glossary.misses] == ["Fluss", "Fährmann"]
    [flag] = [f for f in missed.flags if f.kind == MISSING_KIND]
    assert flag.detail == ["Fluss", "Fährmann"]
    assert '"Fluss" -> "river"' in flag.message and '"Fährmann" -> "ferryman"' in flag.message


def test_no_glossary_no_check_and_a_partial_rendition_is_not_checked() -> None:
    run = analyse(_run({"rosner": EN}, []))
    assert run.renditions[0].glossary is None
    partial = _run({"rosner": "The streams"}, [entry("Fluss", "river")])
    error = RenditionError(type="timeout", message="deadline")
    partial.renditions[0] = partial.renditions[0].model_copy(
        update={"error": error, "partial": Partial.of(error, "The streams")}
    )
    [r] = analyse(partial).renditions
    assert r.glossary is None and [f.kind for f in r.flags] == ["partial"]


def test_decomposed_accents_and_turkish_dotted_capital_i_are_the_same_words() -> None:
    """Accents typed as combining marks (NFD: macOS file names, some editors) and Turkish İ,
    whose casefold is i plus a combining dot, are one word with the composed form."""
    nfd = "Fl" + "u\u0308" + "sse"
    checker = GlossaryChecker([entry("Fluss", "Flüsse")], "Der Fluss.", "de", "de")
    assert hits_and_misses(checker, f"Die {nfd}.") == (["Fluss"], [])
    checker = GlossaryChecker([entry("Mu\u0308ller", "Miller")], "Herr Müller kam.", "de", "en")
    assert hits_and_misses(checker, "Mr Smith came.") == ([], ["Mu\u0308ller"])
    checker = GlossaryChecker([entry("İstanbul", "Istanbul")], "İstanbul'a gittim.", "tr", "en")
    assert hits_and_misses(checker, "I went to Paris.") == ([], ["İstanbul"])
    checker = GlossaryChecker([entry("Istanbul", "İstanbul")], "to Istanbul", "en", "tr")
    assert hits_and_misses(checker, "İstanbul'a gittim.") == (["Istanbul"], [])
    assert term_spans(f"Die {nfd}.", ["Flüsse"], "de") == [(4, 4 + len(nfd))]


def test_vowel_signs_stay_in_their_word() -> None:
    """Devanagari vowel signs are combining marks: "कोट" (coat) is not "काट" (cut), which
    only share the consonants the signs split them into."""
    checker = GlossaryChecker([entry("coat", "कोट")], "a coat", "en", "hi")
    assert hits_and_misses(checker, "उसने काट दिया") == ([], ["coat"])
    assert hits_and_misses(checker, "उसने कोट पहना") == (["coat"], [])


def test_a_term_with_symbols_needs_its_symbols() -> None:
    """ "C++" is not "C" nor "C#": the symbols of a term are part of it (case still aside)."""
    checker = GlossaryChecker(
        [entry("C++", "C++"), entry("AT&T", "AT&T")], "C++ und AT&T", "de", "en"
    )
    assert hits_and_misses(checker, "C# and AT T") == ([], ["C++", "AT&T"])
    assert hits_and_misses(checker, "c++ and at&t") == (["C++", "AT&T"], [])
    checker = GlossaryChecker([entry("C++", "C++")], "Vitamin C ist gesund.", "de", "en")
    assert hits_and_misses(checker, "Vitamin C is healthy.") == ([], [])  # not in the source
    assert term_spans("We use C# and C++.", ["C++"], "en") == [(14, 17)]


def test_an_acronym_is_not_the_common_word_it_spells() -> None:
    """Case is forgiven, but an acronym (a term word in capitals) is not the lower-case word
    it spells: "it" is no "IT", "who" no "WHO"; a text in capitals still keeps its terms."""
    checker = GlossaryChecker(
        [entry("IT", "IT"), entry("WHO", "WHO")], "Die IT der WHO.", "de", "en"
    )
    assert hits_and_misses(checker, "It is who we are.") == ([], ["IT", "WHO"])
    assert hits_and_misses(checker, "The IT of the WHO.") == (["IT", "WHO"], [])
    checker = GlossaryChecker([entry("IT", "IT")], "It was late. Es war spät.", "en", "de")
    assert hits_and_misses(checker, "Es war spät.") == ([], [])  # "It" is not the term
    checker = GlossaryChecker([entry("Fluss", "river")], "Der Fluss.", "de", "en")
    assert hits_and_misses(checker, "THE RIVER.") == (["Fluss"], [])
    assert term_spans("it and IT", ["IT"], "en") == [(7, 9)]


def test_stemmers_that_strip_a_prefix_find_the_term_behind_it() -> None:
    """Arabic's article and clitics, Indonesian's verb prefixes, Irish mutations, Dutch ge-,
    Persian's Arabic letters: these stemmers change how a word starts, so a word is not
    passed over for starting unlike every term."""
    cases = [
        ("en", "ar", "river", "نهر", "عبرنا النهر ثم الكتاب"),  # al-nahr: the river
        ("en", "ar", "book", "كتاب", "قرأت الكتاب"),
        ("en", "id", "read", "baca", "Saya membaca buku itu."),
        ("en", "ga", "woman", "bean", "Tháinig an bhean isteach."),
        ("en", "nl", "work", "werk", "Hij heeft hard gewerkt."),
        ("en", "fa", "book", "کتاب", "كتابها را خواندم"),  # written with Arabic kaf
    ]
    for source_language, language, source, target, text in cases:
        checker = GlossaryChecker([entry(source, target)], source, source_language, language)
        assert hits_and_misses(checker, text) == ([source], []), (language, text)
        assert term_spans(text, [target], language), (language, text)
    # and in the source: an Arabic passage's "the river" is the entry's "river"
    checker = GlossaryChecker([entry("نهر", "river")], "عبرنا النهر", "ar", "en")
    assert hits_and_misses(checker, "We crossed the river.") == (["نهر"], [])
