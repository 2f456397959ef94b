"""A key given twice in one YAML mapping is an error naming the line of the second one (issue
11, item 14): YAML says keys are unique, and last-wins would silently drop what was written
first."""

from __future__ import annotations

import pytest

from workbench.core.errors import DataFileError
from workbench.io.yamlio import parse_yaml


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "a"),
        ("top:\n  x: 1\n  y: [1, 2]\n  x: {z: 1}\n", 4, "x"),
        ("list:\n  - k: 1\n    k: 2\n", 3, "k"),
        ("base: &b {k: 1}\nother:\n  <<: *b\n  k: 2\n  k: 3\n", 5, "k"),  # the full loader's path
        ("1: a\n'1': b\n1: c\n", 3, "1"),
    ],
)
def test_duplicate_keys_are_an_error_with_their_line(text: str, line: int, key: str) -> None:
    with pytest.raises(DataFileError) as info:
        parse_yaml(text, "f.yaml")
    assert info.value.line == line
    assert f"duplicate key {key!r}" in info.value.message or f"duplicate key {key}" in (
        info.value.message
    )


def test_a_merge_key_overridden_is_not_a_duplicate() -> None:
    text = "base: &b {k: 1, j: 2}\nother:\n  <<: *b\n  k: 2\n"
    assert parse_yaml(text, "f.yaml")["other"] == {"k": 2, "j": 2}
    assert parse_yaml("a: 1\n'1': b\n1: c\n", "f.yaml") == {"a": 1, "1": "b", 1: "c"}
