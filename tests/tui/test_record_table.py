"""A table cell is one line of visible text, whatever the record field holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.tui.text import visible
from workbench.tui.widgets.record_table import clean_cell

AWKWARD = " \t\n\r\x00\x1b\x7f\x85\xa0\u2003\u2028\u200b\ufeffaé中"


@given(st.text() | st.text(alphabet=AWKWARD))
def test_a_cell_is_the_text_on_one_line_with_controls_shown(text: str) -> None:
    cell = clean_cell(text)
    assert cell == visible(" ".join(text.split()))  # the quick path changes nothing
    assert "\n" not in cell and "\x1b" not in cell and "  " not in cell


def test_examples() -> None:
    assert clean_cell("Adopt Kafka") == "Adopt Kafka"
    assert clean_cell("  two\n lines\t") == "two lines"
    assert clean_cell("red \x1b[31m") == "red ␛[31m"
