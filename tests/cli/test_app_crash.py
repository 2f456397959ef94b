"""A crash inside a full-screen app is an internal error (exit 3), never a success."""

from __future__ import annotations

import pytest
from textual.app import App

from workbench.cli import run_app


class _Crashing(App[None]):
    def on_mount(self) -> None:
        raise RuntimeError("boom")


class _Quitting(App[None]):
    def on_mount(self) -> None:
        self.exit()


def test_a_crash_inside_the_app_is_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_app(_Crashing(), headless=True)
    assert exit_info.value.code == 3


def test_an_app_that_quits_is_no_error() -> None:
    run_app(_Quitting(), headless=True)  # no SystemExit
