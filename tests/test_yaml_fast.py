"""`yaml_fast.load` must give exactly what `yaml.load(text, Loader=yaml.CSafeLoader)` gives:
the same value (same types, same key order) or the same exception (type and message)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.errors import DataFileError
from workbench.io import yaml_fast
from workbench.io.yamlio import parse_yaml

pytestmark = pytest.mark.skipif(not yaml_fast.AVAILABLE, reason="PyYAML without libyaml")


def same(a: Any, b: Any, seen: dict[int, int] | None = None) -> bool:
    """Equal, with the same types all the way down, dict keys in the same order; NaN == NaN.
    A node met again (an alias, or one that holds itself) must be the same node on both
    sides (`seen`: the nodes of `a` under way or done, and their match in `b`)."""
    seen = {} if seen is None else seen
    if type(a) is not type(b):
        return False
    if isinstance(a, dict | list):
        if id(a) in seen:
            return seen[id(a)] == id(b)
        seen[id(a)] = id(b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(
            same(ka, kb, seen) and same(a[ka], b[kb], seen) for ka, kb in zip(a, b, strict=True)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y, seen) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dt.datetime):
        return a == b and a.tzinfo == b.tzinfo and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def outcome(load: Any, text: str) -> tuple[str, Any]:
    try:
        return ("value", load(text))
    except Exception as exc:  # compare the failure itself
        return ("error", (type(exc), str(exc)))


def full(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)  # a safe loader


def check(text: str) -> None:
    want, got = outcome(full, text), outcome(yaml_fast.load, text)
    assert want[0] == got[0], (text, want, got)
    if want[0] == "value":
        assert same(want[1], got[1]), (text, want[1], got[1])
    else:
        assert want[1] == got[1], (text, want[1], got[1])


# ---- hand-written edge cases -----------------------------------------------------------------

EDGE_CASES = [
    "",
    "\n",
    "# only a comment\n",
    "---\n",
    "--- \n...\n",
    "~",
    "null",
    "a: 1\n",
    "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: ''\ng: \"\"\n",
    "yes: no\non: off\ny: n\nTrue: FALSE\nx: [Yes, NO, On, OFF, true, false]\n",
    "- 0o17\n- 017\n- 0x1F\n- 0b101\n- 1_000\n- -0\n- +12\n- 190:20:30\n- 0\n- 09\n",
    "- .inf\n- -.Inf\n- +.INF\n- .nan\n- .NaN\n- 1.5\n- 1e3\n- 1.0e+3\n- 6.8523015e+5\n"
    "- 685.230_15e+03\n- 190:20:30.15\n- .5\n- 1.\n",
    "- 2001-12-14\n- 2001-12-14t21:59:43.10-05:00\n- 2001-12-14 21:59:43.10 -5\n"
    "- 2001-12-15T02:59:43.1Z\n- 2002-12-14\n- 2001-12-14 21:59:43.1234567\n"
    "- 2001-1-1 1:2:3\n- 2020-01-01T00:00:00+01:30\n",
    "a: 'quoted 1'\nb: \"2\"\nc: '2020-01-01'\nd: \"yes\"\ne: 'it''s'\n",
    'f: "tab\\tnew\\nline \\u00e9"\ng: "\\x41"\n',
    "text: |\n  line one\n  line two\nfolded: >\n  one\n  two\n\n  three\nkeep: |+\n  x\n\n"
    "strip: |-\n  y\n",
    "flow: {a: 1, b: [2, 3, {c: d}], e: {}}\nempty: []\n",
    "[1, [2, [3, []]], {}]",
    "{a: b, c: [d, e]}",
    "a: 1\na: 2\nb: 3\n",
    "1: a\n1.0: b\ntrue: c\n",
    "? complex\n: value\n",
    "? [a, b]\n: value\n",
    "? {a: b}\n: value\n",
    "[a, b]: c\n",
    "a: &x 1\nb: *x\n",
    "&a \n- *a",  # a list that holds itself (hypothesis found it: `same` recursed for ever)
    "a: &l [1, 2]\nb: *l\nc: [*l, *l]\n",
    "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
    "<<: {a: 1}\n",
    "a: =\n",
    "=: a\n",
    "a: !\n",
    "- !\n- &\n- '*'\n",
    "a: !!str 1\nb: !!int '2'\nc: !!float 3\nd: !!bool yes\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\n",
    "a: !!omap [{x: 1}]\n",
    "a: !!python/object/apply:os.system ['true']\n",
    "a: !!python/name:os.system\n",
    "a: !custom 1\n",
    "%YAML 1.1\n---\na: 1\n",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "a: 1\n---\nb: 2\n",
    "--- 1\n--- 2\n",
    "a: 1\n...\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "\ta: 1\n",
    "a: 'unterminated\n",
    "- a\nb: c\n",
    "key: value with: colon\n",
    "key: value # comment\n",
    "date: 2020-13-45\n",
    "date: 2020-02-30 10:00:00\n",
    "big: 123456789012345678901234567890\n",
    "neg: -0x1F\n",
    "weird: 0x_1F\n",
    "x: 1e999999\n",
    "x: -.inf\n",
    "-\n-\n- - \n",
    "unicode: héllo wörld ✓\n'ключ': значение\n",
    "a:\n  b:\n    c:\n      d: [1, {e: f}]\n",
    "a: -\nb: ---\nc: '-'\n",
    "a: '~'\nb: ~x\nc: x~\n",
    "a: 0.\nb: -.\nc: .\nd: +\ne: -\n",
    "- 1:2\n- 1:60\n- -1:30\n",
    "nested " * 3 + ": x\n",
    "[" * 100 + "]" * 100,
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 80)),
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_load_like_the_c_safe_loader(text: str) -> None:
    check(text)


def test_plain_documents_take_the_fast_path() -> None:
    text = "a: 1\nb: [x, 2020-01-01, ~, 'q', yes]\nc: {d: .inf}\n"
    assert same(yaml_fast._load_plain(text), full(text))


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\n",
        "a: *x\n",
        "a: !!str 1\n",
        "<<: {a: 1}\n",
        "a: =\n",
        "? [a]\n: b\n",
        "a: 1\n---\nb: 2\n",
        "[" * 100 + "]" * 100,
    ],
)
def test_unusual_documents_leave_the_fast_path(text: str) -> None:
    with pytest.raises(Exception):  # noqa: B017 - _Unusual or the parser's own error
        yaml_fast._load_plain(text)
    check(text)


def test_python_tags_are_refused_as_the_safe_loader_refuses_them() -> None:
    text = "a: !!python/object/apply:os.system ['echo hacked']\n"
    with pytest.raises(yaml.constructor.ConstructorError, match="python/object/apply"):
        yaml_fast.load(text)


def test_the_cache_of_plain_scalars_does_not_change_results() -> None:
    text = "- 2020-01-01\n- 2020-01-01\n- yes\n- 0x10\n"
    first, second = yaml_fast.load(text), yaml_fast.load(text)
    assert same(first, full(text)) and same(second, full(text))


def test_a_changed_resolver_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    class Custom(yaml.CSafeLoader):
        pass

    Custom.add_implicit_resolver("tag:yaml.org,2002:null", __import__("re").compile("^x$"), "x")
    monkeypatch.setattr(yaml_fast, "SafeLoader", Custom)
    assert yaml_fast.load("a: x\n") == {"a": None} == yaml.load("a: x\n", Loader=Custom)


def test_parse_yaml_keeps_syntax_errors_with_lines() -> None:
    with pytest.raises(DataFileError) as info:
        parse_yaml("a: 1\nb: [2, 3\nc: 4\n", "f.yaml")
    assert info.value.line is not None and info.value.path == "f.yaml"
    assert "YAML syntax error" in info.value.problem


def test_parse_yaml_turns_a_bad_date_into_a_file_error() -> None:
    with pytest.raises(DataFileError, match=r"month must be in 1\.\.12"):
        parse_yaml("date: 2020-13-45\n", "f.yaml")


# ---- generated documents ---------------------------------------------------------------------

# Strings that look like other scalars, so the resolver and quoting both get exercised.
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "~",
        "null",
        "Null",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "n",
        "true",
        "1",
        "-1",
        "0o17",
        "017",
        "0x1F",
        "1_000",
        "1.5",
        ".inf",
        "-.inf",
        ".nan",
        "1e3",
        "190:20:30",
        "2020-01-01",
        "2020-01-01 10:00:00",
        "2001-12-14t21:59:43.10-05:00",
        "<<",
        "=",
        "!",
        "&",
        "*",
        "-",
        "- x",
        "a: b",
        "#x",
        "x #y",
        "'q'",
        '"q"',
        "multi\nline",
        "trailing\n",
        " lead",
        "tab\there",
        "é ✓",
        "[a]",
        "{a}",
        "%x",
        "@x",
        "`x",
        "|",
        ">",
        "?",
        ",",
    ]
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=20
)
ZONES = [
    None,
    dt.UTC,
    dt.timezone(dt.timedelta(hours=-5)),
    dt.timezone(dt.timedelta(hours=5, minutes=30)),
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(min_value=dt.datetime(1, 1, 1), timezones=st.sampled_from(ZONES)),
    TRICKY,
    TEXT,
)
KEYS = st.one_of(
    TRICKY,
    TEXT,
    st.integers(min_value=-1000, max_value=1000),
    st.booleans(),
    st.none(),
    st.dates(),
    st.floats(allow_nan=False),
)
DATA = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=30,
)
STYLES = [
    {"default_flow_style": False},
    {"default_flow_style": True},
    {"default_flow_style": None},
    {"default_flow_style": False, "default_style": "'"},
    {"default_flow_style": False, "default_style": '"'},
    {"default_flow_style": False, "default_style": "|"},
    {"default_flow_style": False, "width": 20, "indent": 4, "allow_unicode": True},
    {"default_flow_style": False, "explicit_start": True, "explicit_end": True},
    {"default_flow_style": False, "canonical": True},
]
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(DATA, st.sampled_from(STYLES))
def test_dumped_data_loads_like_the_c_safe_loader(data: Any, style: dict[str, Any]) -> None:
    check(yaml.safe_dump(data, sort_keys=False, **style))


@FAST
@given(DATA)
def test_project_dumper_output_loads_like_the_c_safe_loader(data: Any) -> None:
    from workbench.io.yamlio import dump_yaml

    check(dump_yaml(data))


# Raw text assembled from YAML-ish fragments: mostly invalid or odd documents, so the errors
# (type and message with line and column) and the fallbacks are compared too.
FRAGMENTS = st.sampled_from(
    [
        "a",
        "b",
        "1",
        "0x1",
        "~",
        "yes",
        "2020-01-01",
        ".nan",
        ": ",
        ":",
        "- ",
        "-",
        "\n",
        "\n  ",
        "\n- ",
        "  ",
        "\t",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "'",
        '"',
        "#",
        "&a ",
        "*a",
        "!!str ",
        "!x ",
        "! ",
        "<<",
        "=",
        "? ",
        "|\n  ",
        ">\n  ",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "é",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(FRAGMENTS, max_size=25).map("".join))
def test_fragment_soup_loads_or_fails_like_the_c_safe_loader(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_loads_or_fails_like_the_c_safe_loader(text: str) -> None:
    check(text)
