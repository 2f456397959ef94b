from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import DataFileError, WorkbenchError
from workbench.io import paths
from workbench.io.translate.styles import load_catalog, load_style_file

BUILTIN = {"rosner", "neugroschel", "bernofsky", "literal"}


def test_builtin_styles_load_with_exemplars() -> None:
    catalog = load_catalog()
    assert catalog.problems == []
    assert set(catalog.builtin_ids) == BUILTIN
    for style_id in BUILTIN:
        style = catalog.get(style_id)
        assert style.brief.strip()
        assert style.exemplars_for("de", "en"), style_id
    assert catalog.get("neugroschel").footnotes is True
    assert catalog.get("rosner").footnotes is False


def test_no_style_named_means_all_builtin() -> None:
    assert {s.id for s in load_catalog().resolve([])} == BUILTIN


def test_user_style_adds_and_overrides(tmp_path: Path) -> None:
    folder = paths.config_dir() / "styles"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("name: Mine\nbrief: Write like me.\n", encoding="utf-8")
    (folder / "rosner.yaml").write_text("name: My Rosner\nbrief: Plainer.\n", encoding="utf-8")
    catalog = load_catalog()
    assert catalog.get("mine").name == "Mine"
    assert catalog.get("rosner").name == "My Rosner"
    assert [s.id for s in catalog.resolve(["mine", "rosner", "mine"])] == ["mine", "rosner"]


def test_unknown_style_is_a_clear_error() -> None:
    with pytest.raises(WorkbenchError, match=r"unknown style 'nope'.*rosner"):
        load_catalog().get("nope")


def test_broken_style_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: Bad\nbrief: ok\ntemperature: hot\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_style_file(path)
    assert info.value.path == str(path)
    assert info.value.field == "temperature"
    assert info.value.line == 3
    assert str(path) in info.value.message and "temperature" in info.value.message


def test_style_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: X\nbrief: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"broken.yaml:\d+: YAML syntax error"):
        load_style_file(path)


def test_style_file_may_not_construct_python_objects(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['echo hi']\nbrief: x\n")
    with pytest.raises(DataFileError, match=r"evil\.yaml"):
        load_style_file(path)


def test_broken_user_style_is_reported_when_used_and_others_still_load() -> None:
    folder = paths.config_dir() / "styles"
    folder.mkdir(parents=True)
    (folder / "oops.yaml").write_text("name: Oops\n", encoding="utf-8")
    catalog = load_catalog()
    assert "rosner" in catalog.styles
    with pytest.raises(DataFileError, match=r"oops.yaml.*brief"):
        catalog.get("oops")
