"""The JSON object inside an answer that wraps it in prose (a server that ignored the JSON
schema): `validate_answer` reads it; an answer with no valid object keeps its own error."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from workbench.llm.structured import embedded_json, validate_answer


class Answer(BaseModel):
    text: str
    notes: list[str] = []


OBJECT = '{"text": "I can think.", "notes": ["n"]}'


@pytest.mark.parametrize(
    "content",
    [
        OBJECT,
        f"```json\n{OBJECT}\n```",
        f"Here is the translation:\n```json\n{OBJECT}\n```\nI hope it helps.",
        f"Sure! {OBJECT} Let me know.",
        f"Here it is:\n```\n{OBJECT}\n```",
    ],
)
def test_the_object_is_found_in_its_wrapping(content: str) -> None:
    answer = validate_answer(content, "json_schema", Answer)
    assert answer == Answer(text="I can think.", notes=["n"])


@pytest.mark.parametrize(
    "content", ["I can think.", "Here: {not json}", '{"text": "unterminated', "{}"]
)
def test_no_valid_object_is_the_answers_own_error(content: str) -> None:
    with pytest.raises(ValidationError):
        validate_answer(content, "json_object", Answer)


def test_the_answer_itself_is_not_a_candidate_twice() -> None:
    assert embedded_json(OBJECT) is None
    assert embedded_json("no braces here") is None
    assert embedded_json("x {1} y") == "{1}"
