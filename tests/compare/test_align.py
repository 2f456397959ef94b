"""Sentence alignment against gold alignments made by hand (merges and splits, Latin and
CJK), and the property every alignment keeps: each sentence of both texts exactly once, in
order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.align import align, align_texts
from workbench.core.sentences import split_sentences

Gold = list[tuple[list[int], list[int]]]


def beads(source: str, target: str, src_lang: str, tgt_lang: str) -> Gold:
    return [(p.source, p.target) for p in align_texts(source, target, src_lang, tgt_lang)]


DE = (
    "Als Siddhartha zwanzig Jahre alt war, verließ er das Haus seines Vaters. Govinda folgte "
    "ihm. Sie gingen lange, und sie sprachen wenig. Am dritten Tag kamen sie an einen Fluss. "
    "Der Fährmann hieß Vasudeva. Er fragte: „Wohin wollt ihr?“ Siddhartha antwortete nicht."
)
EN = (
    "When Siddhartha was twenty years old, he left his father's house, and Govinda followed "
    "him. They walked for a long time. They spoke little. On the third day they came to a "
    'river. The ferryman was called Vasudeva. He asked: "Where do you want to go?" '
    "Siddhartha did not answer."
)


def test_de_en_with_a_merge_and_a_split() -> None:
    assert beads(DE, EN, "de", "en") == [
        ([0, 1], [0]),  # two German sentences, one English
        ([2], [1, 2]),  # one German sentence, two English
        ([3], [3]),
        ([4], [4]),
        ([5], [5]),
        ([6], [6]),
    ]


EN_SOURCE = (
    "The meeting began at 9 o'clock. The committee approved 3 of the 5 proposals, and it "
    "rejected the other two after a long debate. Maria Keller took the minutes. Nobody "
    "objected. The next meeting is on 14 March."
)
DE_TARGET = (
    "Die Sitzung begann um 9 Uhr. Der Ausschuss billigte 3 der 5 Vorschläge. Die anderen "
    "beiden lehnte er nach langer Debatte ab. Maria Keller führte das Protokoll, und niemand "
    "widersprach. Die nächste Sitzung ist am 14. März."
)


def test_en_de_with_a_split_and_a_merge() -> None:
    assert beads(EN_SOURCE, DE_TARGET, "en", "de") == [
        ([0], [0]),
        ([1], [1, 2]),
        ([2, 3], [3]),
        ([4], [4]),
    ]


ZH = "悉达多坐在河边。他听着河水的声音。乔文达来了，他问：“你在做什么？”悉达多笑了。他没有回答。"
EN_FROM_ZH = (
    "Siddhartha sat by the river and listened to the sound of the water. Govinda came. He "
    'asked: "What are you doing?" Siddhartha smiled. He did not answer.'
)


def test_zh_en_with_a_merge_and_a_split() -> None:
    assert beads(ZH, EN_FROM_ZH, "zh", "en") == [
        ([0, 1], [0]),
        ([2], [1, 2]),
        ([3], [3]),
        ([4], [4]),
    ]


JA = (
    "川は静かに流れていた。シッダールタは岸に座り、水を見つめた。"
    "ゴーヴィンダは三日後に来た。彼は何も言わなかった。"
)
EN_FROM_JA = (
    "The river flowed quietly. Siddhartha sat on the bank. He looked at the water. Govinda "
    "came three days later, in the rain. He said nothing."
)


def test_ja_en_with_a_split() -> None:
    assert beads(JA, EN_FROM_JA, "ja", "en") == [
        ([0], [0]),
        ([1], [1, 2]),
        ([2], [3]),
        ([3], [4]),
    ]


def test_a_sentence_left_out_is_a_1_0_bead() -> None:
    """No anchor is in or next to the sentence left out. The two whole texts' length ratio
    (0.75) counts it, and with that ratio the pairs after it shifted and a 2-1 merge took up
    the shift at the end; the paired sentences' own ratio (about 1.06) finds it."""
    source = [
        "The train left Munich at 7.",
        "Anna sat by the window.",
        "She read a book about rivers.",
        "Outside, the fields were white with the first snow of a long winter.",
        "The conductor checked her ticket.",
        "He smiled at her.",
        "She arrived in Vienna at 11.",
    ]
    target = [
        "Der Zug verließ München um 7.",
        "Anna saß am Fenster.",
        "Sie las ein Buch über Flüsse.",
        "Der Schaffner kontrollierte ihre Fahrkarte.",
        "Er lächelte sie an.",
        "Sie kam um 11 in Wien an.",
    ]
    assert [(list(b.source), list(b.target)) for b in align(source, target)] == [
        ([0], [0]),
        ([1], [1]),
        ([2], [2]),
        ([3], []),
        ([4], [3]),
        ([5], [4]),
        ([6], [5]),
    ]


KAMALA_DE = [
    "Siddhartha ging zu Kamala, der schönen Kurtisane.",
    "Sie empfing ihn in ihrem Garten unter den Mangobäumen.",
    "Was kannst du, fragte sie ihn.",
    "Ich kann denken.",
    "Ich kann warten.",
    "Ich kann fasten.",
    "Sie lachte über seine Antwort und sah ihn lange an.",
    "Dann schickte sie ihn zu Kamaswami, dem reichen Kaufmann.",
    "Der Kaufmann prüfte ihn mit vielen Fragen über Schreiben und Rechnen.",
    "Siddhartha las ihm einen Vers vor, den er selbst geschrieben hatte.",
    "Kamaswami war zufrieden und nahm ihn in sein Haus auf.",
    "So begann Siddharthas Leben unter den Kindermenschen.",
]
KAMALA_EN = [
    "Siddhartha went to Kamala, the beautiful courtesan.",
    "She received him in her garden under the mango trees.",
    "What can you do, she asked him.",
    "I can think.",
    "I can wait.",
    "I can fast.",
    "She laughed at his answer and looked at him for a long time.",
    "Then she sent him to Kamaswami, the rich merchant.",
    "The merchant tested him with many questions about writing and arithmetic.",
    "Siddhartha read him a verse that he had written himself.",
    "Kamaswami was satisfied and took him into his house.",
    "Thus began Siddhartha's life among the child people.",
]
NOTE = (
    "(Fasting was one of the ascetic practices of the Samanas, the wandering monks with whom "
    "Siddhartha had lived for three years before he came to the city.)"
)


def one_to_one(count: int) -> Gold:
    return [([k], [k]) for k in range(count)]


def test_a_translators_note_added_is_a_0_1_bead() -> None:
    """A note the translator put in the text stands alone; every pair after it stays paired
    (Gale and Church's length cost glued it to "I can fast." and shifted the rest)."""
    target = [*KAMALA_EN[:6], NOTE, *KAMALA_EN[6:]]
    found = [(list(b.source), list(b.target)) for b in align(KAMALA_DE, target)]
    assert found == [
        *one_to_one(6),
        ([], [6]),
        *[([k], [k + 1]) for k in range(6, 12)],
    ]


def test_a_sentence_left_out_before_a_name_is_a_1_0_bead() -> None:
    target = [*KAMALA_EN[:8], *KAMALA_EN[9:]]
    found = [(list(b.source), list(b.target)) for b in align(KAMALA_DE, target)]
    assert found == [*one_to_one(8), ([8], []), *[([k], [k - 1]) for k in range(9, 12)]]


def test_sentences_left_out_or_added_are_found_in_long_texts() -> None:
    """20 generated texts of 100 sentences, 3% left out and 3% added (`bench.bench_align`):
    most sentences standing alone are found so, and nearly every bead ends where it should
    (with the length cost on them: 90% of the ends, none found alone)."""
    from bench.bench_align import alone_found

    share, alone, found_alone = alone_found()
    assert share >= 0.96
    assert found_alone >= alone / 2


def test_one_sentence_left_out_or_neighbours_joined_anywhere_in_hand_made_passages() -> None:
    """Six hand-made passages (German, French, Spanish, Chinese and Japanese with English, 72
    sentences a side): each sentence left out of either side in turn, in both directions
    (288 alignments), each two neighbours joined (264) and each three (240). As the session
    of 2026-12-01 found the aligner, 8 of the 288 came out exactly right: the whole texts'
    length ratio counts the sentence left out; Gale and Church's variance (6.8 per letter
    unit) is about six times what close translations show, so a neighbour merged with the
    sentence left out looked as likely as the lone sentence; a lone sentence's names were
    charged to it; and nothing but numbers and names told sentences of about the same length
    apart. Joins of two were right 258 times, of three never (no 3-1 beads). Now 158, 262
    and 238. The rest of those left out need what neither lengths nor shared words give:
    which of several sentences of about the same length is the one missing."""
    from bench.bench_align import hand_made_found

    found = hand_made_found()
    assert {name: total for name, (_right, total) in found.items()} == {
        "left out": 288,
        "two joined": 264,
        "three joined": 240,
    }
    assert found["left out"][0] >= 150
    assert found["two joined"][0] >= 258
    assert found["three joined"][0] >= 230


def test_three_sentences_translated_as_one_are_a_3_1_bead() -> None:
    """The seed's passage as Hilda Rosner has it: one sentence for Hesse's three. Without 3-1
    beads the reference's "I can fast" was shown as left out, beside "Ich kann fasten"."""
    hesse = "Ich kann denken. Ich kann warten. Ich kann fasten."
    rosner = "I can think, I can wait, I can fast."
    assert beads(hesse, rosner, "de", "en") == [([0, 1, 2], [0])]
    assert beads(rosner, hesse, "en", "de") == [([0], [0, 1, 2])]


STEPS = [
    "Step 1: open the lid.",
    "Step 2: remove the old filter carefully, turning it to the left until it comes loose.",
    "Step 3: insert the new filter.",
]
SCHRITTE = [
    "Schritt 1: Deckel öffnen und den alten Filter vorsichtig nach links drehen, bis er sich löst.",
    "Schritt 2: herausnehmen.",
    "Schritt 3: den neuen Filter einsetzen.",
]


def test_numbers_anchor_what_lengths_alone_would_shift() -> None:
    anchored = [(list(b.source), list(b.target)) for b in align(STEPS, SCHRITTE)]
    assert anchored == [([0], [0]), ([1], [1]), ([2], [2])]
    words = {"1": "one", "2": "two", "3": "three"}

    def unnumbered(texts: list[str]) -> list[str]:
        return [t.replace(t.split()[1][0], words[t.split()[1][0]], 1) for t in texts]

    by_length = [(list(b.source), list(b.target)) for b in align(unnumbered(STEPS), SCHRITTE)]
    assert by_length != anchored, "without the numbers, lengths alone pull the steps apart"


def test_empty_sides() -> None:
    assert align([], []) == []
    assert [(b.source, b.target) for b in align(["A."], [])] == [((0,), ())]
    assert [(b.source, b.target) for b in align([], ["A.", "B."])] == [((), (0,)), ((), (1,))]


def test_the_splitter_handles_cjk_and_abbreviations() -> None:
    assert split_sentences("悉达多在思考。乔文达笑了！为什么？", "zh") == [
        "悉达多在思考。",
        "乔文达笑了！",
        "为什么？",
    ]
    assert split_sentences("Dr. Müller kam z. B. am 3. Mai. Er ging.", "de") == [
        "Dr. Müller kam z. B. am 3. Mai.",
        "Er ging.",
    ]
    assert split_sentences("Mr. Smith met Dr. Jones at 5 p.m. today. He left.", "en-GB") == [
        "Mr. Smith met Dr. Jones at 5 p.m. today.",
        "He left.",
    ]


sentence = st.text(
    alphabet=st.sampled_from("abc xyz 0123456789 ABC 漢字かな"), min_size=1, max_size=80
).filter(str.strip)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(sentence, max_size=40),
    st.lists(sentence, max_size=40),
    st.integers(min_value=1, max_value=20),
)
def test_every_sentence_of_both_texts_once_and_in_order(
    source: list[str], target: list[str], band: int
) -> None:
    result = align(source, target, band=band)
    assert [i for b in result for i in b.source] == list(range(len(source)))
    assert [j for b in result for j in b.target] == list(range(len(target)))
    for b in result:
        assert (len(b.source), len(b.target)) in {
            (1, 1),
            (1, 0),
            (0, 1),
            (2, 1),
            (1, 2),
            (3, 1),
            (1, 3),
        }


def test_a_long_run_of_merges_stays_inside_the_band() -> None:
    """40 merges in a row put the texts 40 sentences apart, far more than the band: the band
    follows the cumulative lengths, not the sentence counts."""
    import random

    rng = random.Random(7)

    def sentence() -> str:
        words = ["".join(rng.choice("aeioulmnrst") for _ in range(rng.randint(3, 9)))]
        words += ["".join(rng.choice("aeioulmnrst") for _ in range(rng.randint(2, 9)))
                  for _ in range(rng.randint(3, 25))]  # fmt: skip
        return " ".join(words).capitalize() + "."

    source = [sentence() for _ in range(200)]
    target = [source[i] + " " + source[i + 1] for i in range(0, 80, 2)] + source[80:]
    result = [(list(b.source), list(b.target)) for b in align(source, target)]
    truth = [([i, i + 1], [i // 2]) for i in range(0, 80, 2)]
    truth += [([i], [i - 40]) for i in range(80, 200)]
    assert result == truth


def test_long_passages_are_cut_with_the_same_splitter() -> None:
    """The pieces a long passage is sent in (and the local model's units) end where
    `split_sentences` ends sentences: not after an abbreviation, and after 。 in Chinese."""
    from workbench.core.translate.prompts import split_passage

    german = " ".join(["Dr. Müller kam am 3. Mai nach Hause, z. B. mit dem Zug."] * 6)
    pieces = split_passage(german, 70, "de")
    assert all(p.endswith("Zug.") for p in pieces), pieces
    chinese = "悉达多在思考。乔文达笑了！为什么？" * 4
    assert all(p[-1] in "。！？" for p in split_passage(chinese, 20, "zh"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_windows_searched_side_by_side_find_the_one_search_path(seed: int) -> None:
    """A long text is searched in overlapping windows side by side (`align_search`): the path
    is the one a single search over the whole band finds, merges, splits and numbers included."""
    import random

    rng = random.Random(seed)

    def sentence(words: int) -> str:
        out = ["".join(rng.choice("aeioulmnrstkd") for _ in range(rng.randint(2, 9)))
               for _ in range(words)]  # fmt: skip
        if rng.random() < 0.2:
            out.insert(1, str(rng.randint(2, 999)))
        return " ".join(out).capitalize() + rng.choice(".....?!")

    source: list[str] = []
    target: list[str] = []
    while len(source) < 600:
        roll, first = rng.random(), sentence(rng.randint(3, 30))
        if roll < 0.08:
            second = sentence(rng.randint(3, 30))
            source += [first, second]
            target.append(first + " " + second)
        elif roll < 0.16:
            words = first.split()
            source.append(first)
            target += [" ".join(words[: len(words) // 2]) + ".", " ".join(words[len(words) // 2 :])]
        elif roll < 0.18:
            source.append(first)  # left out of the translation
        else:
            source.append(first)
            target.append(first)
    windowed = align(source, target)
    assert windowed == align(source, target, window=10**6)
    assert align(target, source, window=40) == align(target, source, window=10**6)
