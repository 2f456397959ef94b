"""A blind run's notes and errors with the model's names hidden: each reads as a sentence."""

from __future__ import annotations

from workbench.core.translate.judgment import hide_names


def test_a_name_in_brackets_is_hidden_once_not_in_double_brackets() -> None:
    """The run's note said "this model ((hidden)) cannot show style differences"."""
    note = "this model (fake-model) cannot show style differences"
    assert hide_names(note, ["fake-model"]) == "this model (hidden) cannot show style differences"


def test_a_name_elsewhere_is_hidden_where_it_stands() -> None:
    shown = hide_names("fake-model said no; ask fake-model again", ["fake-model"])
    assert shown == "(hidden) said no; ask (hidden) again"
