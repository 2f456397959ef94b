"""The compare screen's export (ctrl+s) writes through `workbench.io.write_output`: the suffix
picks the format, a missing folder is refused and never created, a link is followed to its
target (issue 11, 6 and 7), and a name ending in '/' is refused, nothing written."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.fake_openai_server import FakeOpenAIServer
from tests.tui.helpers import PASSAGE, compare_screen, comparing, wait_for
from workbench.tui.screens.dialogs import InputDialog


async def test_export_to_a_missing_folder_and_through_a_link(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    app = comparing(PASSAGE, ["rosner"])
    missing = tmp_path / "nope" / "run.md"
    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        for path in (missing, link):
            await pilot.press("ctrl+s")
            assert isinstance(pilot.app.screen, InputDialog)
            pilot.app.screen.query_one(Input).value = str(path)
            await pilot.press("enter")
            await pilot.pause()
        await wait_for(pilot, lambda: target.read_text(encoding="utf-8") != "old")
        messages = [n.message for n in pilot.app._notifications]
    assert any("does not exist" in m for m in messages), messages
    assert not missing.parent.exists()
    assert link.is_symlink() and "Hilda Rosner" in target.read_text(encoding="utf-8")


async def test_export_writes_the_chosen_format(server: FakeOpenAIServer, tmp_path: Path) -> None:
    target = tmp_path / "out" / "run.html"
    target.parent.mkdir()
    async with comparing().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        await pilot.press("ctrl+s")
        assert isinstance(pilot.app.screen, InputDialog)
        pilot.app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
    html = target.read_text(encoding="utf-8")
    assert "<html" in html.lower() and "Hilda Rosner" in html


async def test_export_to_a_name_ending_in_a_slash_is_refused(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    """As `-o out.md/` is refused: the typed name is a folder's, never `out.md` itself."""
    target = tmp_path / "run.md"
    target.write_text("kept\n", encoding="utf-8")
    async with comparing().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        notified = len(pilot.app._notifications)
        await pilot.press("ctrl+s")
        assert isinstance(pilot.app.screen, InputDialog)
        pilot.app.screen.query_one(Input).value = f"{target}/"
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(pilot.app._notifications) > notified)
        messages = [str(n.message) for n in pilot.app._notifications]
        assert any("ending in '/'" in m for m in messages), messages
        assert not screen.exporting
    assert target.read_text(encoding="utf-8") == "kept\n"
