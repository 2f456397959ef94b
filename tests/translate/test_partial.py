from __future__ import annotations

import json

from workbench.llm.partial import StreamingTextField


def test_text_field_grows_as_json_arrives() -> None:
    full = json.dumps({"text": 'Ich kann "denken" – ü', "notes": ["a"]}, ensure_ascii=False)
    field = StreamingTextField()
    shown = ""
    for end in range(1, len(full) + 1):
        delta, reset = field.feed(full[:end])
        assert not reset
        shown += delta
    assert shown == 'Ich kann "denken" – ü'


def test_rewritten_field_resets() -> None:
    field = StreamingTextField()
    field.feed('{"text": "abc')
    delta, reset = field.feed('{"text": "xyz"}')
    assert reset and delta == "xyz"


def test_non_json_is_ignored() -> None:
    assert StreamingTextField().feed("Sure! Here is") == ("", False)
