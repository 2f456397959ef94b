"""A value YAML itself cannot make (a date that does not exist) is named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review.conftest import Runner, record, save
from workbench.core.errors import DataFileError
from workbench.io.yamlio import parse_yaml


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("id: x\ndate: 2024-13-45\n", 2, "date"),
        ("id: x\nhistory:\n  - status: draft\n    date: 2024-02-30\n", 4, "history[0].date"),
        ("a: 1\nwhen: 2024-01-01T25:00:00\n", 2, "when"),
    ],
)
def test_an_impossible_date_names_its_line_and_field(text: str, line: int, field: str) -> None:
    with pytest.raises(DataFileError) as caught:
        parse_yaml(text, "x.yaml")
    assert caught.value.line == line
    assert caught.value.field == field
    assert str(caught.value).startswith(f"x.yaml:{line}: {field}: ")


def test_validate_names_the_line_of_an_impossible_date(run: Runner, decisions: Path) -> None:
    path = save(decisions, record())
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2024-01-02", "date: 2024-01-32", 1), encoding="utf-8")
    before = path.read_bytes()
    result = run("review", "validate", "--dir", str(decisions))
    assert result.code == 1
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("date:"))
    assert f"{path.name}:{line}: date: " in result.out + result.err
    assert path.read_bytes() == before
