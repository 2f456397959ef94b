"""Everything can be done with the mouse (issue 16, Build): a click on any part of a column
focuses that column (its keys then apply to it), the footer's keys run their action, and
every button does what it says (dialogs, describe, the guided review)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Button, Static, TextArea
from textual.widgets._footer import FooterKey

from tests.fake_openai_server import FakeOpenAIServer
from tests.tui.helpers import (
    PASSAGE,
    analysed,
    column,
    compare_screen,
    comparing,
    wait_for,
)
from tests.tui.review_helpers import on_flow, type_text
from workbench.tui.app import make_app
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.describe import DescribeScreen
from workbench.tui.screens.dialogs import InputDialog, TextDialog


def ran(**kw: Any) -> Any:
    return comparing(PASSAGE, ["rosner", "literal", "bernofsky"], **kw)


def holds_focus(screen: CompareScreen, key: str) -> bool:
    return column(screen, key).has_focus_within


async def laid_out(pilot: Any, screen: CompareScreen) -> None:
    """Wait until the columns stand still: the run's line grows when the analysis ends (its
    note wraps), which moves the columns down after `analysed` is already True."""
    last = None
    for _ in range(100):
        now = [c.region for c in screen.columns]
        if now == last:
            return
        last = now
        await pilot.pause(0.05)
    raise AssertionError("the columns kept moving")


async def test_a_click_anywhere_on_a_column_focuses_it(server: FakeOpenAIServer) -> None:
    async with ran().run_test(size=(160, 40)) as pilot:
        screen = await analysed(pilot)
        await laid_out(pilot, screen)
        for key, part in (("literal", ".col-body"), ("bernofsky", ".col-title")):
            target = column(screen, key).query_one(part)
            assert await pilot.click(target)
            await pilot.pause()
            assert holds_focus(screen, key), (key, part, pilot.app.focused)
            assert "▶" in str(column(screen, key).query_one(".col-title", Static).content)
        assert await pilot.click(column(screen, "rosner").query_one(".col-status"))
        await pilot.pause()
        assert holds_focus(screen, "rosner")
        await pilot.press("f")  # the keys go to the column clicked
        assert screen.judgment.favourite == "rosner"


async def footer_keys(pilot: Any, screen: CompareScreen) -> dict[str, FooterKey]:
    """The footer's keys once the footer stands still: it is made anew when the keys that
    apply change (a column's `g` once the analysis brings its flags), after `analysed`."""
    last: list[tuple[int, Any]] | None = None
    for _ in range(100):
        keys = list(screen.query(FooterKey))
        now = [(id(k), k.region) for k in keys]
        if now == last:
            return {k.action: k for k in keys}
        last = now
        await pilot.pause(0.05)
    raise AssertionError("the footer kept changing")


async def test_the_footer_keys_are_buttons(server: FakeOpenAIServer) -> None:
    async with ran().run_test(size=(160, 40)) as pilot:
        screen = await analysed(pilot)
        await laid_out(pilot, screen)
        keys = await footer_keys(pilot, screen)
        assert await pilot.click(keys["toggle_diff"])
        await wait_for(pilot, lambda: screen.diff_on)
        assert await pilot.click(keys["export"])
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, InputDialog))


async def test_the_dialog_buttons(server: FakeOpenAIServer, tmp_path: Path) -> None:
    passage = tmp_path / "p.de.txt"
    passage.write_text("Ich kann warten.", encoding="utf-8")
    async with ran().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        await pilot.press("ctrl+o")
        assert isinstance(pilot.app.screen, InputDialog)
        assert await pilot.click("#cancel")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await pilot.press("ctrl+o")
        await type_text(pilot, str(passage))
        assert await pilot.click("#ok")
        await wait_for(
            pilot, lambda: screen.query_one("#source", TextArea).text == "Ich kann warten."
        )
        column(screen, "literal").focus()
        await pilot.press("n")
        assert isinstance(pilot.app.screen, TextDialog)
        await type_text(pilot, "stiff")
        assert await pilot.click("#ok")
        await wait_for(pilot, lambda: screen.judgment.notes.get("literal") == "stiff")


async def test_the_describe_buttons(isolated_dirs: Path) -> None:
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.run_action("open_describe")
        await wait_for(pilot, lambda: isinstance(app.screen, DescribeScreen))
        await pilot.pause()
        for button in ("#describe-button", "#save-button"):
            before = len(app._notifications)
            assert await pilot.click(button)
            await wait_for(pilot, partial(_more_notices, app, before))
        messages = [n.message for n in app._notifications]
        assert "Type a translator's name first." in messages
        assert any("brief" in m.lower() or "describe" in m.lower() for m in messages[1:])


async def test_the_guided_review_buttons(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    app = make_review_app(root, checklist_id="new-technology", title="T", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        flow = await on_flow(pilot)
        first = flow.current
        assert await pilot.click("#review-next")
        await wait_for(pilot, lambda: flow.current != first)
        second = flow.current
        assert await pilot.click("#review-back")
        await wait_for(pilot, lambda: flow.current == first)
        assert second != first
        assert await pilot.click("#review-propose")
        await wait_for(pilot, lambda: pilot.app.screen is not flow)
        assert pilot.app.screen.query(Button)  # the gate dialog, with its buttons


def _more_notices(app: App[None], before: int) -> bool:
    return len(app._notifications) > before
