"""The reviews screens when the files under them fail: a decisions folder that can no longer be
read, a record file deleted while its review is open, a save that keeps failing. Never a
traceback, never a notice per keystroke, never the user's text dropped without a word."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import wb
from tests.tui.helpers import wait_for
from tests.tui.review_helpers import browser, make_record
from workbench.tui.review_app import make_review_app


def unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` can no longer be listed, as after `chmod 000` (which root, running these
    tests in CI containers, would ignore)."""
    real = os.scandir

    def scandir(path: Any = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(folder))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_folder_that_becomes_unreadable_is_said_on_reload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "decisions"
    make_record(root, "Adopt Kafka", 1)
    app = make_review_app(root, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await browser(pilot)
        unreadable(monkeypatch, root)
        await pilot.press("f5")
        summary = screen.query_one("#records-summary")
        await wait_for(pilot, lambda: "cannot read" in str(summary.render()))
        assert "Permission denied" in str(summary.render())
        assert app.return_code is None  # still running: no crash
        assert app.screen is screen


def test_the_cli_names_an_unreadable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "decisions"
    make_record(root, "Adopt Kafka", 1)
    unreadable(monkeypatch, root)
    done = wb("review", "list", "--dir", str(root))
    assert done.returncode == 2, done.stderr
    assert "internal error" not in done.stderr
    assert f"cannot read the decisions folder {root}: Permission denied" in done.stderr
