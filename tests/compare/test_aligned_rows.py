"""A column placed sentence by sentence in the source's rows, with its diff marks cut to each
row (`workbench.core.compare.aligned_rows`), as the TUI's aligned view shows it."""

from __future__ import annotations

from workbench.core.align import SentencePair
from workbench.core.compare.aligned_rows import Piece, column_cells, cut_ops, sentence_spans
from workbench.core.compare.diff import diff_texts


def bead(source: list[int], target: list[int]) -> SentencePair:
    return SentencePair(source=source, target=target, source_text="", target_text="")


def plain(cell: tuple[Piece, ...]) -> list[tuple[str, str]]:
    return [(p.kind, "".join(t for op, t in p.ops if op >= 0)) for p in cell]


def test_merges_splits_added_and_left_out_go_where_the_export_puts_them() -> None:
    text = "One. Two and three. Extra. Four here. Four there."
    alignment = [
        bead([0], [0]),
        bead([1, 2], [1]),  # 2-1: the third row shows the merge mark
        bead([], [2]),  # 0-1: joins the row before, after "+ "
        bead([3], []),  # 1-0: left out
        bead([4], [3, 4]),  # 1-2: both in one row
    ]
    cells = column_cells(text, alignment, 5, "en")
    assert cells is not None
    assert [plain(c) for c in cells] == [
        [("text", "One.")],
        [("text", "Two and three.")],
        [("merged", ""), ("added", "Extra.")],
        [],
        [("text", "Four here."), ("text", "Four there.")],
    ]


def test_an_alignment_against_another_split_of_the_source_is_not_used() -> None:
    assert column_cells("One. Two.", [bead([0], [0]), bead([5], [1])], 2, "en") is None
    assert column_cells("One.", None, 2, "en") is None


def test_diff_marks_are_cut_at_sentence_boundaries_and_rebuild_each_sentence() -> None:
    base = "I can think.\n\nI can wait. I can fast."
    text = "I know how to think.\n\nI can wait. I can fast well."
    ops = diff_texts(base, text).ops
    sentences = ["I know how to think.", "I can wait.", "I can fast well."]
    spans = sentence_spans(text, sentences)
    assert spans is not None
    cut = cut_ops(ops, spans)
    # each sentence's words (ops 0 and 1) are exactly the sentence; nothing in between
    assert ["".join(t for op, t in c if op >= 0) for c in cut] == sentences
    # the baseline's words only in the first sentence are struck there, and nowhere else
    assert "".join(t for op, t in cut[0] if op < 0).split() == ["can"]
    assert all(op >= 0 for c in cut[1:2] for op, _ in c)
    assert (1, " well") in cut[2] or any(op == 1 and "well" in t for op, t in cut[2])
    # every op of the diff is kept somewhere (but the spaces between sentences)
    kept = "".join(t for c in cut for op, t in c if op < 0)
    assert kept.replace(" ", "") == "".join(t for op, t in ops if op < 0).replace(" ", "")


def test_marks_are_left_off_when_the_ops_are_not_the_columns_text() -> None:
    cells = column_cells("One. Two.", [bead([0], [0]), bead([1], [1])], 2, "en", [(0, "x")])
    assert cells is not None and cells[0][0].ops == ((0, "One."),)
