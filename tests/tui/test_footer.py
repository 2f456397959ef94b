"""The footer's choice of keys: everything when it fits, else the essential keys first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.widgets._footer import FooterKey

from tests.tui.helpers import PASSAGE, Serving, compare_screen, comparing, wait_for
from tests.tui.test_first_use import COMPARE_KEYS, footer_actions, footer_settled
from tests.tui.test_snapshots import RUN_ID, fixed_run
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
from workbench.io.translate.history import save_run
from workbench.tui.app import make_app
from workbench.tui.widgets.column import RenditionColumn
from workbench.tui.widgets.footer import KeyFooter, choose, key_width


def binding(key: str, description: str, id: str) -> tuple[Binding, str]:
    return Binding(key, id, description, id=id), key


ITEMS = [
    binding("b", "Baseline", "b"),
    binding("f", "Favourite", "f"),
    binding("^r", "Run", "run"),
    binding("^q", "Quit", "quit"),
]


def test_all_keys_in_their_order_when_they_fit() -> None:
    room = sum(key_width(k, b.description, compact=False) for b, k in ITEMS)
    shown, compact = choose(ITEMS, ["quit"], room)
    assert [b.id for b in shown] == ["b", "f", "run", "quit"]
    assert not compact


def test_essential_keys_first_then_others_in_order_while_they_fit() -> None:
    essential = ["run", "quit"]
    need = sum(key_width(k, b.description, compact=True) for b, k in ITEMS if b.id in essential)
    baseline = key_width("b", "Baseline", compact=True)
    shown, compact = choose(ITEMS, essential, need + baseline)
    assert [b.id for b in shown] == ["b", "run", "quit"]  # their order kept
    assert compact
    shown, _ = choose(ITEMS, essential, need)
    assert [b.id for b in shown] == ["run", "quit"]


async def test_the_footer_follows_a_resize() -> None:
    async with make_app(compare=True, cursor_blink=False).run_test(size=(200, 50)) as pilot:
        screen = compare_screen(pilot)
        await footer_settled(pilot)
        wide = footer_actions(screen)
        assert wide >= COMPARE_KEYS | {"open_passage", "reference", "toggle_blind"}
        await pilot.resize_terminal(80, 24)
        await footer_settled(pilot)
        assert footer_actions(screen) >= COMPARE_KEYS


FAVOURITE = "command('favourite')"


def saved_run(run_id: str) -> Comparison:
    """A finished run of two styles, saved to history (to be opened by `open_run`)."""
    run = Comparison(
        id=run_id,
        source=SourceText(text="Ich kann denken.", language="de"),
        target=TargetSpec(language="en"),
        renditions=[
            Rendition(style=sid, style_name=sid.title(), text=f"I can think ({sid}).")
            for sid in ["rosner", "literal"]
        ],
    )
    save_run(run)
    return run


async def test_the_keys_are_composed_again_only_when_they_change(isolated_dirs: Path) -> None:
    """Moving between two columns (the same keys) keeps the footer's keys as they are, where
    composing some forty keys again on every focus change and key slowed a run's keys; a
    focus that brings other keys composes them."""
    run = saved_run("20250101-120000-f00d")
    async with make_app(compare=True, cursor_blink=False).run_test(size=(200, 50)) as pilot:
        screen = compare_screen(pilot)
        screen.open_run(run.id)
        await footer_settled(pilot)
        first, second = screen.columns[:2]
        first.focus()
        await footer_settled(pilot)
        keys = list(screen.query_one(KeyFooter).query(FooterKey))
        assert FAVOURITE in footer_actions(screen)
        second.focus()
        await footer_settled(pilot)
        assert list(screen.query_one(KeyFooter).query(FooterKey)) == keys  # the same widgets
        screen.query_one("#source").focus()  # the passage: the columns' keys go
        await footer_settled(pilot)
        assert FAVOURITE not in footer_actions(screen)
        first.focus()
        await footer_settled(pilot)
        assert FAVOURITE in footer_actions(screen)


async def test_the_aligned_view_keeps_its_way_back_in_the_footer(isolated_dirs: Path) -> None:
    """At 80x24 the aligned view's key (`a`, which also leads back to the columns) did not fit
    in the footer, and escape stops a run rather than leave the view: the view showed no way
    out. While it is shown, its key is among the essential ones."""
    run = saved_run("20250101-120000-a160")
    async with make_app(compare=True, cursor_blink=False).run_test(size=(80, 24)) as pilot:
        screen = compare_screen(pilot)
        screen.open_run(run.id)
        await footer_settled(pilot)
        await pilot.press("a")
        await footer_settled(pilot)
        assert screen.aligned.display
        assert "toggle_aligned" in footer_actions(screen)
        assert footer_actions(screen) >= COMPARE_KEYS
        await pilot.press("a")
        await footer_settled(pilot)
        assert not screen.aligned.display
        assert footer_actions(screen) >= COMPARE_KEYS


COLUMN_KEYS = {f"command('{c}')" for c in ("baseline", "favourite", "note", "retry", "copy")}


async def footers(pilot: Any) -> dict[str, set[str]]:
    """The footer's actions with each widget of the screen focused in turn (the setup pane
    shown), with nothing focused, and in the aligned view (when there is a run)."""
    screen = compare_screen(pilot)
    screen.setup_pane.display = True
    await footer_settled(pilot)
    found: dict[str, set[str]] = {}
    for widget in list(screen.focus_chain):
        widget.focus()
        await footer_settled(pilot)
        found[f"{type(widget).__name__}#{widget.id}"] = footer_actions(screen)
    screen.set_focus(None)
    await footer_settled(pilot)
    found["nothing"] = footer_actions(screen)
    if screen.columns:
        screen.columns[0].focus()
        await pilot.press("a")
        await footer_settled(pilot)
        assert screen.aligned.display
        found["aligned view"] = footer_actions(screen)
    return found


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
@pytest.mark.parametrize("run", [False, True])
async def test_the_aligned_views_key_is_in_the_footer_whatever_has_the_focus(
    size: tuple[int, int], run: bool
) -> None:
    """At 120 columns a focused column's keys crowded `a` out of the footer, and at 80 it was
    never there: the aligned view could not be found. Now it is in every focus state, beside
    the essential keys (and, at 120, a column's own keys)."""
    if run:
        fixed_run()
    app = make_app(cursor_blink=False, **({"run_id": RUN_ID} if run else {"compare": True}))
    async with app.run_test(size=size) as pilot:
        screen = compare_screen(pilot)
        if run:
            await wait_for(pilot, lambda: len(screen.columns) == 3 and screen.analysed)
        found = await footers(pilot)
        assert len(found) >= (10 if run else 8), found.keys()
        for state, actions in found.items():
            assert "toggle_aligned" in actions, (state, actions)
            assert actions >= COMPARE_KEYS, (state, actions)
            if state.startswith("RenditionColumn") and size[0] >= 120:
                assert actions >= COLUMN_KEYS | {"widen"}, (state, actions)
        if run and size[0] < 100:
            assert "page(1)" in found["RenditionColumn#None"]  # paged: `Page`, essential


async def test_the_stop_key_is_in_the_footer_while_a_run_is_going(serving: Serving) -> None:
    """Escape stops a run: its key is among the essential ones while one is going, beside the
    aligned view's and the page keys at 80 columns; once the run is over it stops nothing, and
    its room goes to other keys."""
    serving(latency=1.0)
    app = comparing(PASSAGE, ["rosner", "literal", "bernofsky"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.running and bool(screen.columns))
        await wait_for(pilot, lambda: isinstance(app.focused, RenditionColumn))
        await footer_settled(pilot)
        assert screen.grid.paged
        assert footer_actions(screen) >= COMPARE_KEYS | {"stop", "page(1)"}
        await wait_for(pilot, lambda: not screen.running and screen.analysed)
        await footer_settled(pilot)
        assert "stop" not in footer_actions(screen)
        assert footer_actions(screen) >= COMPARE_KEYS | {"page(1)"}
        screen.setup_pane.show_passage("Ich kann warten.")  # not in the cache: it takes a while
        screen.columns[0].focus()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen.running)
        await footer_settled(pilot)
        assert "stop" in footer_actions(screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.running)
        await footer_settled(pilot)
        assert "stop" not in footer_actions(screen)
        assert any(n.message.startswith("Stopped") for n in app._notifications)
