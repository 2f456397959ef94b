"""The settings file and the model table are read by one `read_toml`: a broken file is one
error naming it and what is wrong; a missing one is no settings, or the empty table."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import DataFileError
from workbench.io.config import load_settings
from workbench.io.model_families import ModelTable, load_model_table

BROKEN = [
    (b"[llm\nmodel = 'x'\n", "TOML syntax error"),
    ("[llm]\nmodel = 'Grüße'\n".encode("latin-1"), "not valid UTF-8"),
]


@pytest.mark.parametrize(("content", "says"), BROKEN)
def test_a_broken_settings_file_or_model_table_names_the_file(
    tmp_path: Path, content: bytes, says: str
) -> None:
    for name, load in (("config.toml", load_settings), ("models.toml", load_model_table)):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(DataFileError) as caught:
            load(path)
        assert str(path) in str(caught.value) and says in str(caught.value)


def test_a_folder_where_the_file_should_be_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "models.toml").mkdir()
    with pytest.raises(DataFileError, match="cannot read"):
        load_model_table(tmp_path / "models.toml")


def test_no_file_is_no_settings_and_the_empty_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.io.config import _ENV, Settings

    for variable in _ENV:
        monkeypatch.delenv(variable, raising=False)
    assert load_settings(tmp_path / "none.toml") == Settings()
    (tmp_path / "some.toml").write_text("[llm]\nmodel = 'x'\n", encoding="utf-8")
    assert load_settings(tmp_path / "some.toml") != Settings()
    assert load_model_table(tmp_path / "none.toml") == ModelTable()
