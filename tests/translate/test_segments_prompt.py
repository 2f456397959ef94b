"""The numbered sentences of the prompt (shared by every style of a run) and the check of a
model's segments, without a server."""

from __future__ import annotations

import pytest

from workbench.core.compare.aligned_rows import column_cells
from workbench.core.sentences import split_sentences
from workbench.core.translate.models import RenditionOutput, Segment
from workbench.core.translate.prompts import OutputMode, build_messages
from workbench.core.translate.segments import alignment_from_segments, passage_alignment
from workbench.io.translate.styles import load_catalog

PASSAGE = "Dr. Müller kam\num 8 Uhr. Er war müde.\n\nWir warteten z. B. lange."


@pytest.mark.parametrize("mode", ["json_schema", "json_object"])
def test_json_modes_number_the_passages_sentences_in_the_shared_part(mode: OutputMode) -> None:
    styles = load_catalog().resolve([])
    runs = [build_messages(PASSAGE, "de", "en", style, mode) for style in styles]
    data = runs[0][1]["content"]
    assert all(messages[:-1] == runs[0][:-1] for messages in runs)
    block = data.split("<<<SENTENCES\n", 1)[1].split("\nSENTENCES>>>", 1)[0]
    assert block.splitlines() == [  # the one splitter's sentences, one a line
        "1. Dr. Müller kam um 8 Uhr.",
        "2. Er war müde.",
        "3. Wir warteten z. B. lange.",
    ]
    assert "segments" in runs[0][0]["content"]


def test_text_mode_and_round_trips_are_not_numbered() -> None:
    style = load_catalog().get("rosner")
    text = build_messages(PASSAGE, "de", "en", style, "text")
    assert "SENTENCES" not in str(text) and "segments" not in str(text)
    plain = build_messages(PASSAGE, "de", "en", style, "json_schema", segments=False)
    assert "SENTENCES" not in str(plain) and '"segments": []' in plain[0]["content"]


def test_cjk_segments_rebuild_a_body_written_without_spaces() -> None:
    source = split_sentences("我来了。你走了。他笑了。", "zh")
    body = "Ich kam. Du gingst. Er lachte."
    segments = [
        Segment(source=[1, 2], text="Ich kam. Du gingst."),
        Segment(source=[3], text="Er lachte."),
    ]
    pairs = alignment_from_segments(source, segments, body, "de", "zh")
    assert pairs is not None
    assert [(p.source, p.target) for p in pairs] == [([0, 1], [0, 1]), ([2], [2])]
    assert pairs[0].source_text == "我来了。你走了。", "Chinese sentences join without a space"
    back = alignment_from_segments(
        split_sentences(body, "de"),
        [Segment(source=[1, 2], text="我来了。你走了。"), Segment(source=[3], text="他笑了。")],
        "我来了。你走了。他笑了。",
        "zh",
        "de",
    )
    assert back is not None and [p.target for p in back] == [[0, 1], [2]]


def test_a_sentence_left_out_and_one_added_are_beads_of_their_own() -> None:
    source = split_sentences("Eins. Zwei. Drei.", "de")
    segments = [
        Segment(source=[1], text="One."),
        Segment(source=[2], text=""),
        Segment(source=[], text="An added sentence."),
        Segment(source=[3], text="Three."),
    ]
    pairs = alignment_from_segments(source, segments, "One. An added sentence. Three.", "en", "de")
    assert pairs is not None
    assert [(p.source, p.target) for p in pairs] == [([0], [0]), ([1], []), ([], [1]), ([2], [2])]


def test_pieces_whose_sentences_are_not_the_passages_are_left_to_the_aligner() -> None:
    # a sentence cut in two by the split into pieces: numbered per piece it would not be
    # the passage's sentence, so no shifting makes the numbers right
    answers = [([Segment(source=[1], text="A")], "A"), ([Segment(source=[1], text="B")], "B")]
    pieces = ["Ein", "langer Satz."]
    assert passage_alignment("Ein langer Satz.", pieces, answers, "A\n\nB", "de", "en") is None


def test_malformed_segments_are_no_segments_not_a_failed_answer() -> None:
    answer = RenditionOutput.model_validate_json('{"text": "x", "segments": [{"text": 3}]}')
    assert answer.text == "x" and answer.segments == []
    answer = RenditionOutput.model_validate_json('{"text": "x", "segments": "1: x"}')
    assert answer.segments == []


def test_a_sentence_running_across_segments_joins_them_into_one_bead() -> None:
    source = split_sentences("Er kam. Sie ging. Es regnete.", "de")
    segments = [
        Segment(source=[1], text="He came,"),
        Segment(source=[2], text="and she went."),
        Segment(source=[3], text="It rained."),
    ]
    pairs = alignment_from_segments(
        source, segments, "He came, and she went. It rained.", "en", "de"
    )
    assert pairs is not None
    assert [(p.source, p.target) for p in pairs] == [([0, 1], [0]), ([2], [1])]
    assert pairs[0].target_text == "He came, and she went."


def test_the_target_side_indexes_the_renditions_own_sentences() -> None:
    """The aligned view and the exports split the rendition's text with the one splitter:
    the model's alignment must index those sentences, so the view can place them."""
    source = split_sentences("Eins. Zwei.", "de")
    text = "One. And then: two. Done."
    segments = [Segment(source=[1], text="One."), Segment(source=[2], text="And then: two. Done.")]
    pairs = alignment_from_segments(source, segments, text, "en", "de")
    assert pairs is not None
    sentences = split_sentences(text, "en")
    assert [[sentences[j] for j in p.target] for p in pairs] == [
        ["One."],
        ["And then: two.", "Done."],
    ]
    cells = column_cells(text, pairs, len(source), "en")
    assert cells is not None and len(cells) == 2
