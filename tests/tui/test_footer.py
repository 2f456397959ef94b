"""The footer's choice of keys: everything when it fits, else the essential keys first."""

from __future__ import annotations

from textual.binding import Binding

from tests.tui.helpers import compare_screen
from tests.tui.test_first_use import COMPARE_KEYS, footer_actions, footer_settled
from workbench.tui.app import make_app
from workbench.tui.widgets.footer import choose, key_width


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
