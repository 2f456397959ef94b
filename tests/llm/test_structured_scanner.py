"""The incremental scanner: whatever the pieces, the streamed text is the final parsed field."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import from_json

from workbench.llm.json_scanner import JsonFieldScanner
from workbench.llm.structured import AnswerStream

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def answers(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    """A JSON answer as a model might write it, its field's value, and the answer in pieces."""
    text = draw(st.text())
    others = draw(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=4))
    others.pop("text", None)
    items = list(others.items())
    items.insert(draw(st.integers(0, len(items))), ("text", text))
    obj: dict[str, Any] = dict(items)
    answer = json.dumps(
        obj,
        ensure_ascii=draw(st.booleans()),
        indent=draw(st.sampled_from([None, 0, 2])),
    )
    answer = draw(st.sampled_from(["", " ", "\n"])) + answer + draw(st.sampled_from(["", "\n"]))
    cuts = sorted(draw(st.lists(st.integers(0, len(answer)), max_size=40)))
    pieces = [answer[a:b] for a, b in zip([0, *cuts], [*cuts, len(answer)], strict=True)]
    return answer, text, pieces


def stream(pieces: list[str], field: str = "text") -> str:
    scanner = JsonFieldScanner(field)
    shown = ""
    for piece in pieces:
        delta, reset = scanner.feed(piece)
        shown = delta if reset else shown + delta
    return shown


@given(answers())
def test_streamed_text_is_the_final_field(answer: tuple[str, str, list[str]]) -> None:
    whole, text, pieces = answer
    assert stream(pieces) == from_json(whole)["text"] == text


@given(answers())
def test_what_is_shown_only_grows(answer: tuple[str, str, list[str]]) -> None:
    _, text, pieces = answer
    scanner = JsonFieldScanner()
    shown = ""
    for piece in pieces:
        delta, reset = scanner.feed(piece)
        assert not reset
        shown += delta
        assert text.startswith(shown)


@given(st.text(min_size=1), st.text(min_size=1), st.data())
def test_a_field_written_twice_starts_over(first: str, second: str, data: st.DataObject) -> None:
    whole = f'{{"text": {json.dumps(first)}, "notes": [], "text": {json.dumps(second)}}}'
    cuts = sorted(data.draw(st.lists(st.integers(0, len(whole)), max_size=20)))
    pieces = [whole[a:b] for a, b in zip([0, *cuts], [*cuts, len(whole)], strict=True)]
    assert stream(pieces) == from_json(whole)["text"] == second


def test_escapes_cut_anywhere() -> None:
    value = 'a\n"b"\\ c\u00fc \U0001f600 \u2028 /'
    whole = json.dumps({"notes": ['x\\"y'], "text": value}, ensure_ascii=True)
    assert "\\ud83d\\ude00" in whole
    for size in range(1, 8):
        pieces = [whole[i : i + size] for i in range(0, len(whole), size)]
        assert stream(pieces) == value


def test_another_field_and_nested_keys() -> None:
    whole = '{"text": {"brief": "no"}, "meta": {"brief": "nested"}, "brief": "top"}'
    assert stream([whole], "brief") == "top"
    assert stream([whole[:30], whole[30:]], "brief") == "top"


def test_fenced_answer_is_followed() -> None:
    whole = '```json\n{"text": "Ich kann denken."}\n```'
    assert stream([whole[i : i + 3] for i in range(0, len(whole), 3)]) == "Ich kann denken."


def test_prose_is_not_shown() -> None:
    assert JsonFieldScanner().feed("Sure! Here is") == ("", False)
    assert stream(['Sure: {"text": "x"}']) == ""


def test_lone_surrogate_shows_a_replacement() -> None:
    assert stream(['{"text": "a\\ud83d', ' b"}']) == "a\ufffd b"


def test_answer_stream_keeps_content_and_text() -> None:
    deltas: list[str] = []
    resets: list[int] = []
    answer = AnswerStream("json_object", "text", deltas.append, lambda: resets.append(1))
    for piece in ['{"te', 'xt": "Ich', ' kann"', ', "text": "neu"}']:
        answer.feed(piece)
    assert answer.content == '{"text": "Ich kann", "text": "neu"}'
    assert answer.shown == "neu" and resets == [1]
    plain = AnswerStream("text", "text", deltas.append, lambda: None)
    plain.feed("Ich ")
    plain.feed("kann")
    assert plain.shown == plain.content == "Ich kann"
