"""Pure rules the embedded model's guards use: repetition beyond the source, notes copied
from an exemplar (issue 14 items 5 and 7)."""

from __future__ import annotations

from workbench.core.translate.leaks import drop_leaked
from workbench.core.translate.repetition import repeated_phrase, runaway_at, source_repeats

SIDDHARTHA = (
    "Im Schatten des Hauses, in der Sonne des Flußufers bei den Booten, im Schatten des "
    "Salwaldes, im Schatten des Feigenbaumes wuchs Siddhartha auf."
)
KING = "Es war einmal ein König, der hatte eine Tochter, die war schöner als alle anderen."
NURSERY = (
    "Es war einmal ein kleines Mädchen, dem war Vater und Mutter gestorben, und es war so arm, "
    "dass es kein Kämmerchen mehr hatte, darin zu wohnen, und kein Bettchen mehr, darin zu "
    "schlafen."
)
NURSERY_NOTE = (
    "Once upon a time there was a little girl ...[1]\n\n[1] The diminutives Kämmerchen and "
    "Bettchen belong to the idiom of the nursery tale; they soften the poverty they describe."
)
KAFKA = "Als Gregor Samsa eines Morgens aus unruhigen Träumen erwachte ..."
KAFKA_NOTE = (
    '[1] Ungeziefer: literally "vermin", in older German an unclean creature unfit for '
    "sacrifice; Kafka never names its exact form."
)
SOURCES = [NURSERY, KAFKA]
TEXTS = [NURSERY, NURSERY_NOTE, KAFKA, KAFKA_NOTE]


def test_the_source_sets_how_often_a_phrase_may_repeat() -> None:
    assert source_repeats(SIDDHARTHA) == 3  # "im Schatten" three times
    assert source_repeats("Ich kann denken.") == 1
    honest = (
        "In the shadow of the house, in the sun of the riverbank by the boats, in the shadow "
        "of the sal forest, in the shadow of the fig tree Siddhartha grew up."
    )
    assert runaway_at(SIDDHARTHA, honest) is None
    loop = honest[:-27] + ", in the shadow of the willow, in the shadow of the willow"
    at = runaway_at(SIDDHARTHA, loop)
    assert at is not None and loop[at:].startswith("in the shadow of the willow")
    assert repeated_phrase(SIDDHARTHA, loop) == "in the shadow of"


def test_a_clause_said_twice_where_the_source_says_it_once_is_a_loop() -> None:
    source = "Er war auf dem Wasser."
    assert repeated_phrase(source, "He was on the water.") is None
    assert repeated_phrase(source, "He was on the water, he was on the water") == "he was on the"


def test_an_exemplars_footnote_on_a_passage_about_a_king_is_dropped_with_its_mark() -> None:
    text = "Once upon a time there was a king[1] who had a daughter fairer than all others.[2]"
    notes = [
        "[1] The diminutives Kämmerchen and Bettchen belong to the idiom of the nursery tale; "
        "they soften the poverty they describe.",
        "[2] fairer: the old comparative of fair, kept for the tale's daughter.",
    ]
    new_text, kept, _ = drop_leaked(text, notes, [], KING, SOURCES, TEXTS)
    assert kept == ["[1] fairer: the old comparative of fair, kept for the tale's daughter."]
    assert new_text == (
        "Once upon a time there was a king who had a daughter fairer than all others.[1]"
    )


def test_the_kafka_note_leaks_into_another_passage_but_not_into_its_own() -> None:
    note = KAFKA_NOTE
    other = "Jemand musste Josef K. verleumdet haben, denn ohne dass er etwas Böses getan hätte."
    _, kept, notes = drop_leaked("Someone must have slandered Josef K.[1]", [note], [note],
                                 other, SOURCES, TEXTS)  # fmt: skip
    assert kept == [] and notes == []
    own = "Er fand sich in seinem Bett zu einem ungeheueren Ungeziefer verwandelt."
    text, kept, _ = drop_leaked("He found himself transformed into a monstrous vermin.[1]",
                                [note], [], own, SOURCES, TEXTS)  # fmt: skip
    assert kept == [note] and text.endswith("[1]")


def test_a_note_of_new_words_is_kept() -> None:
    note = "[1] Brahmane: a member of the priestly caste, the highest of the four."
    text, kept, _ = drop_leaked("the Brahmin's son[1]", [note], [], "des Brahmanen", SOURCES, TEXTS)
    assert kept == [note] and text == "the Brahmin's son[1]"


def test_a_german_note_copied_from_an_english_exemplar_is_dropped() -> None:
    dickens = (
        "[1] Mit dieser Kette von Gegensätzen eröffnet Dickens die Geschichte zweier Städte "
        "(1859), die in London und Paris zur Zeit der Französischen Revolution spielt."
    )
    source = "It was the best of times, it was the worst of times."
    _, kept, _ = drop_leaked(
        "Der Hund bellte laut in der Nacht.[1]", [dickens], [], "The dog barked loudly at night.",
        [source], [source, dickens],
    )  # fmt: skip
    assert kept == []


def test_a_mark_with_no_footnote_leaves_the_text() -> None:
    # seen on the seed's paragraph: "I can fasten.[1]" and no footnote line after it
    text, footnotes, notes = drop_leaked(
        "I can think. I can fasten.[1] Is it all?[2]",
        ["[2] A real note on all."],
        [],
        "Ich kann denken. Ich kann fasten. Ist das alles?",
        [],
        [],
    )
    assert text == "I can think. I can fasten. Is it all?[1]"
    assert footnotes == ["[1] A real note on all."]
    assert notes == []


def test_a_bracketed_number_of_the_passage_itself_stays() -> None:
    text, _, _ = drop_leaked(
        "As in [3], I can wait.", [], [], "Wie in [3] kann ich warten.", [], []
    )
    assert text == "As in [3], I can wait."
