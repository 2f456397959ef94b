"""The install folder of the real readers (`registry_installs`): one that cannot be made or
written is a skip that names it, not an error of every test that needs a reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review import registry_installs


def test_an_install_folder_that_cannot_be_made_skips_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(registry_installs, "ROOT", blocker / "workbench-tests")
    with pytest.raises(pytest.skip.Exception) as skipped:
        registry_installs.pip_venv("reader", ["nothing-is-installed"])
    assert str(blocker / "workbench-tests") in str(skipped.value)
    assert "WORKBENCH_TEST_INSTALL_DIR" in str(skipped.value)
