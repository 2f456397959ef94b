"""`ColumnKey(style, endpoint, model, sample)` and its text form: every key reads back as
itself, whatever its model's name holds; the forms written before models joined the key keep
their meaning."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.columns import ColumnKey, column_keys

styles = st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,20}\Z")
endpoints = st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,10}\Z").filter(lambda n: n != "default")
models = st.one_of(
    st.text(min_size=1, max_size=30),
    st.text(alphabet=":/.@#-_0123456789abcdef", min_size=1, max_size=20),
    st.sampled_from(
        ["qwen2.5:7b", "hf.co/bartowski/x:Q4_K_M", "claude-3@20240229", "x#2", "#1", ":", "a:"]
    ),
)
samples = st.integers(min_value=1, max_value=12)


@given(styles, st.one_of(st.none(), endpoints), models, samples)
def test_every_key_reads_back_as_itself(
    style: str, endpoint: str | None, model: str, sample: int
) -> None:
    key = ColumnKey(style, endpoint, model, sample)
    assert ColumnKey.parse(str(key)) == key
    assert str(key).startswith(f"{style}@")


@given(styles, samples)
def test_a_key_without_a_model_is_written_as_before(style: str, sample: int) -> None:
    key = ColumnKey(style, sample=sample)
    assert str(key) == (style if sample == 1 else f"{style}#{sample}")
    assert ColumnKey.parse(str(key)) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("rosner", ColumnKey("rosner")),
        ("rosner#2", ColumnKey("rosner", sample=2)),
        ("reference", ColumnKey("reference")),
        ("rosner#1", ColumnKey("rosner#1")),  # as before: no later sample, part of the style
        ("rosner@gpt-4o", ColumnKey("rosner", None, "gpt-4o")),
        ("rosner@gpt-4o#3", ColumnKey("rosner", None, "gpt-4o", 3)),
        ("rosner@ollama:qwen2.5:7b#2", ColumnKey("rosner", "ollama", "qwen2.5:7b", 2)),
        ("rosner@default:qwen2.5:7b", ColumnKey("rosner", None, "qwen2.5:7b")),
        ("rosner@claude-3@2024", ColumnKey("rosner", None, "claude-3@2024")),
        ("rosner@x#2#1", ColumnKey("rosner", None, "x#2")),
        ("rosner@hf.co/a:b", ColumnKey("rosner", None, "hf.co/a:b")),  # no endpoint name
    ],
)
def test_text_forms(text: str, key: ColumnKey) -> None:
    assert ColumnKey.parse(text) == key


def test_the_default_endpoint_is_written_before_a_model_with_a_colon() -> None:
    assert str(ColumnKey("rosner", None, "qwen2.5:7b")) == "rosner@default:qwen2.5:7b"
    assert str(ColumnKey("rosner", None, "x#2")) == "rosner@x#2#1"


def test_keys_that_cannot_be() -> None:
    for bad in (
        lambda: ColumnKey("rosner", "ollama"),  # an endpoint without its model
        lambda: ColumnKey("rosner", "default", "m"),
        lambda: ColumnKey("rosner", "Bad Name", "m"),
        lambda: ColumnKey("rosner", None, ""),
        lambda: ColumnKey("rosner", sample=0),
    ):
        with pytest.raises(ValueError):
            bad()
    with pytest.raises(TypeError):  # the old positional sample is caught, not misread
        ColumnKey("rosner", 2)  # type: ignore[arg-type]


def test_columns_are_style_by_model_by_sample() -> None:
    keys = column_keys(["rosner", "literal"], 2, [(None, "a"), ("far", "b")])
    assert [str(k) for k in keys] == [
        "rosner@a",
        "rosner@a#2",
        "rosner@far:b",
        "rosner@far:b#2",
        "literal@a",
        "literal@a#2",
        "literal@far:b",
        "literal@far:b#2",
    ]
    assert keys[3].label("Hilda Rosner") == "Hilda Rosner · far:b #2"
