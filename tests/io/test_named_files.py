"""Files the workbench names itself are never written through a link nor outside their folder
(issue 11, item 5): history, styles, the response and parse caches, drafts, the model stamp."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder
from workbench import io as wio
from workbench.core.errors import WorkbenchError


def _outside(tmp_path: Path, text: str = "precious\n") -> Path:
    path = tmp_path / "outside.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_link_at_the_target_is_refused(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "x.json").symlink_to(outside)
    with pytest.raises(wio.WriteError) as caught:
        wio.write_text_atomic(folder / "x.json", "new")
    assert "link" in caught.value.message and isinstance(caught.value, OSError)
    assert isinstance(caught.value, WorkbenchError)
    assert outside.read_text(encoding="utf-8") == "precious\n"
    assert [p.name for p in folder.iterdir()] == ["x.json"]


@pytest.mark.parametrize("name", ["../x.json", "a/b.json", "..", ".", "", "x\x00y"])
def test_a_name_is_never_outside_its_folder(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(wio.WriteError):
        wio.write_named(folder, name, "x")
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "wbhome"]


def test_write_named_keeps_the_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = wio.write_named(tmp_path, "a.txt", "one")
    path.chmod(0o600)
    wio.write_named(tmp_path, "a.txt", "two")
    assert path.read_text(encoding="utf-8") == "two"
    assert path.stat().st_mode & 0o777 == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_history_file_that_is_a_link_is_refused(tmp_path: Path) -> None:
    from workbench.core.translate.models import Comparison
    from workbench.io.translate.history import history_dir, save_run

    outside = _outside(tmp_path)
    history_dir().mkdir(parents=True)
    run = Comparison.model_validate(
        {
            "id": "20240102-030405-abcd",
            "source": {"text": "Ich kann denken.", "language": "de"},
            "target": {"language": "en"},
        }
    )
    (history_dir() / f"{run.id}.json").symlink_to(outside)
    with pytest.raises(wio.WriteError):
        save_run(run)
    assert outside.read_text(encoding="utf-8") == "precious\n"


def test_user_style_file_that_is_a_link_is_refused(tmp_path: Path) -> None:
    from workbench.io.translate.styles import load_catalog, save_user_style, user_styles_dir

    outside = _outside(tmp_path)
    style = load_catalog().get("rosner").model_copy(update={"id": "mine"})
    user_styles_dir().mkdir(parents=True)
    (user_styles_dir() / "mine.yaml").symlink_to(tmp_path / "nowhere.yaml")  # dangling
    with pytest.raises(WorkbenchError):
        save_user_style(style, overwrite=True)
    assert not (tmp_path / "nowhere.yaml").exists()
    assert outside.read_text(encoding="utf-8") == "precious\n"


@pytest.mark.parametrize("suffix", ["", "-wal", "-journal"])
def test_response_cache_file_that_is_a_link_is_refused(tmp_path: Path, suffix: str) -> None:
    from workbench.llm.cache import ResponseCache, cache_path

    outside = _outside(tmp_path)
    cache_path().parent.mkdir(parents=True, exist_ok=True)
    Path(str(cache_path()) + suffix).symlink_to(outside)
    with pytest.raises(OSError, match="link"):
        ResponseCache()
    assert outside.read_text(encoding="utf-8") == "precious\n"


def test_translate_with_a_linked_cache_warns_and_still_translates(
    fake_openai: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    outside = _outside(tmp_path)
    cache = Path(os.environ["WORKBENCH_CACHE_DIR"]) / "responses.sqlite3"
    cache.symlink_to(outside)
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken.\n", encoding="utf-8")
    result = wb("translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner")
    assert result.returncode == 0, result.stderr
    assert "link" in result.stderr
    assert outside.read_text(encoding="utf-8") == "precious\n"


def test_parse_cache_that_is_a_link_is_not_written_through(tmp_path: Path) -> None:
    from workbench.io.review.parse_cache import ParseCache

    target = tmp_path / "other.sqlite3"
    sqlite3.connect(target).close()
    before = target.read_bytes()
    path = ParseCache.default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    cache = ParseCache()
    assert cache.lookup(["x"]) == {}
    assert target.read_bytes() == before


def test_model_stamp_is_written_atomically_and_not_through_a_link(tmp_path: Path) -> None:
    from workbench.llm import local_model

    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    local_model.write_stamp(model, "ab" * 32)
    assert local_model.verified_sha256(model) == "ab" * 32
    outside = _outside(tmp_path)
    stamp = model.with_name(model.name + ".verified")
    stamp.unlink()
    stamp.symlink_to(outside)
    with pytest.raises(OSError):
        local_model.write_stamp(model, "cd" * 32)
    assert outside.read_text(encoding="utf-8") == "precious\n"


def test_remove_named_removes_only_that_regular_file(tmp_path: Path) -> None:
    """What an export removes (issue 12's sync): a regular file directly in the folder, never a
    link (nor its target), never a file put in its place since it was checked."""
    outside = _outside(tmp_path)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "link.md").symlink_to(outside)
    assert wio.remove_named(folder, "link.md") is False
    assert (folder / "link.md").is_symlink() and outside.read_text() == "precious\n"
    (folder / "sub.md").mkdir()
    assert wio.remove_named(folder, "sub.md") is False and (folder / "sub.md").is_dir()
    assert wio.remove_named(folder, "gone.md") is False
    with pytest.raises(wio.WriteError):
        wio.remove_named(folder, "../outside.txt")
    checked = folder / "a.md"
    checked.write_text("ours\n")
    seen = os.stat(checked)
    swapped = folder / "b.md"
    swapped.write_text("someone else's\n")
    os.replace(swapped, checked)  # another file now has the name
    assert wio.remove_named(folder, "a.md", only=seen) is False
    assert checked.read_text() == "someone else's\n"
    assert wio.remove_named(folder, "a.md", only=os.stat(checked)) is True
    assert not checked.exists() and outside.exists()
