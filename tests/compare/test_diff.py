"""The word diff: ops rebuild both texts for any Unicode, similarity, matrix, baselines."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.compare import diff as diff_module
from workbench.core.compare.diff import (
    DELETE,
    EQUAL,
    INSERT,
    Differ,
    DiffResult,
    diff_against,
    diff_texts,
    pairwise,
    similarity,
    text_a,
    text_b,
)

# Pieces from many scripts, so generated texts share words and the diffs are interesting.
PIECES = [
    "the", "cat", "sat", " ", "  ", "\n", "\n\n", ",", ".", "!", "don't", "3.14",
    "我", "爱", "北京", "。", "日本語", "の", "カタカナ", "ー",
    "cafe\u0301", "e\u0301", "\u0301", "Stra\u00dfe",
    "👨\u200d👩\u200d👧", "🇩🇪", "👍🏽", "\u200d", "\ufe0f",
    "שלום", "עולם", "مرحبا", "بالعالم", "\u200f",
    "ก่า", "\r\n", "\t", "\x00", "\x1b[31m", "<script>",
]  # fmt: skip

pieces_text = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=60)
mixed_text = st.one_of(pieces_text, any_text, st.text(max_size=60))


def check_rebuilds(a: str, b: str) -> DiffResult:
    result = diff_texts(a, b)
    assert text_a(result.ops) == a
    assert text_b(result.ops) == b
    assert all(text for _, text in result.ops)
    assert all(op in (DELETE, EQUAL, INSERT) for op, _ in result.ops)
    assert 0.0 <= result.similarity <= 1.0
    return result


@settings(max_examples=300)
@given(mixed_text, mixed_text)
def test_ops_rebuild_both_texts(a: str, b: str) -> None:
    check_rebuilds(a, b)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.data())
def test_ops_rebuild_edited_texts(pieces: list[str], data: st.DataObject) -> None:
    edited = list(pieces)
    for _ in range(data.draw(st.integers(0, 5))):
        where = data.draw(st.integers(0, len(edited)))
        kind = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        if kind == "insert" or not edited or where == len(edited):
            edited.insert(where, data.draw(st.sampled_from(PIECES)))
        elif kind == "delete":
            del edited[where]
        else:
            edited[where] = data.draw(st.sampled_from(PIECES))
    check_rebuilds("".join(pieces), "".join(edited))


@given(mixed_text)
def test_identical_texts_give_one_equal_op(text: str) -> None:
    result = diff_texts(text, text)
    assert result.ops == ([(EQUAL, text)] if text else [])
    assert result.similarity == 1.0


def test_no_two_adjacent_ops_share_a_kind_and_deletions_come_first() -> None:
    result = diff_texts("one two three four five", "one 2 three 4 five six")
    kinds = [op for op, _ in result.ops]
    assert all(x != y for x, y in itertools.pairwise(kinds))
    assert (INSERT, DELETE) not in itertools.pairwise(kinds)


def test_reads_as_whole_words() -> None:
    result = diff_texts(
        "The quick brown fox jumps over the lazy dog.",
        "The slow red fox jumped over a lazy dog!",
    )
    assert result.ops == [
        (EQUAL, "The "),
        (DELETE, "quick brown"),
        (INSERT, "slow red"),
        (EQUAL, " fox "),
        (DELETE, "jumps"),
        (INSERT, "jumped"),
        (EQUAL, " over "),
        (DELETE, "the"),
        (INSERT, "a"),
        (EQUAL, " lazy dog"),
        (DELETE, "."),
        (INSERT, "!"),
    ]


def test_an_inserted_word_starts_at_a_word() -> None:
    assert diff_texts("the cat sat", "the cat cat sat").ops == [
        (EQUAL, "the cat "),
        (INSERT, "cat "),
        (EQUAL, "sat"),
    ]


def test_an_inserted_paragraph_keeps_to_line_boundaries() -> None:
    a = "First para.\n\nLast para."
    b = "First para.\n\nNew para.\n\nLast para."
    result = diff_texts(a, b)
    assert result.ops == [
        (EQUAL, "First para.\n\n"),
        (INSERT, "New para.\n\n"),
        (EQUAL, "Last para."),
    ]


def test_chinese_diff_is_per_character() -> None:
    assert diff_texts("我爱北京天安门", "我爱上海天安门").ops == [
        (EQUAL, "我爱"),
        (DELETE, "北京"),
        (INSERT, "上海"),
        (EQUAL, "天安门"),
    ]


def test_combining_marks_and_emoji_are_never_split() -> None:
    family, other = "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👦"
    result = diff_texts(
        f"cafe\u0301 with the family {family} ok", f"cafe with the family {other} ok"
    )
    for _, text in result.ops:
        assert not text.startswith(("\u0301", "\u200d", "\U0001f467", "\U0001f466"))
    assert (DELETE, "cafe\u0301") in result.ops
    assert (DELETE, family) in result.ops


def test_rtl_text() -> None:
    result = diff_texts("שלום עולם יפה", "שלום עולם גדול")
    assert result.ops == [(EQUAL, "שלום עולם "), (DELETE, "יפה"), (INSERT, "גדול")]


def test_similarity_values() -> None:
    assert diff_texts("", "").similarity == 1.0
    assert diff_texts("", "x").similarity == 0.0
    assert diff_texts("a b", "a  b").similarity == 1.0  # whitespace does not count
    assert diff_texts(" ", "  ").similarity == 0.0
    assert diff_texts("one two", "three four").similarity == 0.0
    # 2 * 3 equal words / (4 + 4)
    assert diff_texts("a b c d", "a b c x").similarity == pytest.approx(0.75)


def test_similarity_from_ops_matches() -> None:
    result = diff_texts("a b c d", "a b c x")
    assert similarity(result.ops) == pytest.approx(result.similarity)


def test_pairwise_matrix_is_symmetric_with_unit_diagonal() -> None:
    texts = {"a": "one two three", "b": "one two four", "c": "five six"}
    m = pairwise(texts)
    assert m.names == ["a", "b", "c"]
    assert [m.matrix[i][i] for i in range(3)] == [1.0, 1.0, 1.0]
    assert m.matrix[0][1] == m.matrix[1][0] == pytest.approx(2 * 2 / 6)
    assert m.get("a", "c") == 0.0
    assert m.model_dump()["names"] == ["a", "b", "c"]


def test_any_column_can_be_the_baseline() -> None:
    texts = {"ref": "one two three", "x": "one two four", "y": "one three"}
    results = diff_against("x", texts)
    assert list(results) == ["ref", "y"]
    assert text_a(results["ref"].ops) == texts["x"]
    assert text_b(results["ref"].ops) == texts["ref"]
    with pytest.raises(KeyError):
        diff_against("missing", texts)


def test_vocabulary_overflow_falls_back_to_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diff_module, "_CAPACITY", 3)
    a, b = "alpha beta gamma delta", "alpha beta epsilon delta"
    result = diff_texts(a, b)
    assert text_a(result.ops) == a and text_b(result.ops) == b
    assert 0.0 < result.similarity < 1.0


def test_many_distinct_tokens_beyond_the_bmp() -> None:
    a = " ".join(f"w{i}" for i in range(70_000))
    b = a.replace("w5 ", "v5 ")
    result = diff_texts(a, b)
    assert text_a(result.ops) == a and text_b(result.ops) == b
    assert (DELETE, "w5") in result.ops


def test_diff_result_serializes() -> None:
    result = diff_texts("a b", "a c")
    data = result.model_dump(mode="json")
    assert data == {"ops": [[0, "a "], [-1, "b"], [1, "c"]], "similarity": 0.5}
    assert DiffResult.model_validate(data) == result


def test_differ_shares_work_between_matrix_and_baselines() -> None:
    differ = Differ()
    differ.add("ref", "one two three")
    differ.add("x", "one two four")
    matrix = differ.matrix()
    assert differ.names == ["ref", "x"]
    assert differ.diff("ref", "x") is differ.diff("ref", "x")
    assert matrix.get("x", "ref") == differ.diff("ref", "x").similarity
    differ.add("x", "one two three")  # replacing a text forgets its diffs
    assert differ.diff("ref", "x").similarity == 1.0
