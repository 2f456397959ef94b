"""A first-time user at 80x24 (issue 16): the keys that matter are in the footer, the focused
column is marked, empty fields say they are empty, the setup pane leaves room, the help fits,
the guided review fits, and its labels are right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, SelectionList, Static, TextArea
from textual.widgets._footer import FooterKey
from textual.widgets._header import HeaderTitle

from tests.tui.helpers import compare_screen, shown_title, wait_for
from tests.tui.review_helpers import browser, make_record, on_flow, settle, type_text
from tests.tui.test_snapshots import RUN_ID, fixed_run
from workbench.io.review.catalog import load_catalog
from workbench.services.review.drafts import save_position
from workbench.tui.app import make_app
from workbench.tui.review_app import make_review_app
from workbench.tui.screens.dialogs import HelpScreen, HelpText
from workbench.tui.widgets.column import RenditionColumn
from workbench.tui.widgets.review_parts import OptionsEditor

SMALL = (80, 24)
COMPARE_KEYS = {"run", "toggle_diff", "toggle_aligned", "export", "help", "quit"}
"""The comparison's essential keys when no run is going (then `stop` too: test_footer)."""
REVIEW_KEYS = {"next", "back", "propose", "save", "help", "quit"}
BROWSER_KEYS = {"search", "select", "help", "quit"}


def footer_actions(screen: Screen[Any]) -> set[str]:
    """The actions whose keys are wholly on screen in the footer (not scrolled off, not
    under the palette key)."""
    footer = screen.query_one(Footer)
    keys = list(footer.query(FooterKey))
    palette = [k for k in keys if k.has_class("-command-palette")]
    right = palette[0].region.x if palette else footer.region.right
    return {
        k.action
        for k in keys
        if not k.has_class("-command-palette")
        and k.region.width > 0
        and k.region.right <= right
        and k.region.right <= screen.size.width
    }


async def footer_settled(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.pause(0.05)
    await pilot.pause()


# ---------------------------------------------------------------- the comparison screen


async def test_comparison_footer_at_80x24_shows_the_essential_keys() -> None:
    async with make_app(compare=True, cursor_blink=False).run_test(size=SMALL) as pilot:
        screen = compare_screen(pilot)
        await footer_settled(pilot)
        assert footer_actions(screen) >= COMPARE_KEYS


async def test_comparison_footer_keeps_them_with_a_column_focused() -> None:
    fixed_run()
    async with make_app(run_id=RUN_ID, cursor_blink=False).run_test(size=SMALL) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: isinstance(pilot.app.focused, RenditionColumn))
        await footer_settled(pilot)
        shown = footer_actions(screen)
        assert shown >= COMPARE_KEYS
        # wide enough: the column's own keys are shown too
    async with make_app(run_id=RUN_ID, cursor_blink=False).run_test(size=(200, 50)) as pilot:
        screen = compare_screen(pilot)
        screen.columns[0].focus()
        await footer_settled(pilot)
        assert COMPARE_KEYS | {"command('baseline')", "command('favourite')"} <= footer_actions(
            screen
        )


async def test_the_focused_column_is_boxed_and_marked() -> None:
    fixed_run()
    async with make_app(run_id=RUN_ID, cursor_blink=False).run_test(size=SMALL) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: isinstance(pilot.app.focused, RenditionColumn))
        first, second = screen.columns[0], screen.columns[1]
        await pilot.pause()
        assert shown_title(first).startswith("▶ ")
        assert not shown_title(second).startswith("▶")
        assert first.styles.border_top[0] == "heavy"
        assert second.styles.border_top[0] != "heavy"
        second.focus()
        await wait_for(pilot, lambda: pilot.app.focused is second)
        await pilot.pause()
        assert shown_title(second).startswith("▶ ")
        assert not shown_title(first).startswith("▶")
        assert second.styles.border_top[0] == "heavy"
        assert first.styles.border_top[0] != "heavy"
        # the mark is not only a colour: the focused column's box is drawn in other characters
        # (checked in a real 16-colour terminal by test_tmux_marks)


async def test_setup_pane_at_80x24_is_compact_and_shows_every_style() -> None:
    async with make_app(compare=True, cursor_blink=False).run_test(size=SMALL) as pilot:
        screen = compare_screen(pilot)
        await footer_settled(pilot)
        setup = screen.query_one("#setup")
        assert setup.region.height <= 8
        styles = screen.query_one("#styles", SelectionList)
        assert styles.option_count == len(screen.catalog.styles)
        assert styles.max_scroll_y == 0  # every style visible, no scrolling
        # the samples field's name is not cut
        for name in ("from", "to", "samples"):
            assert screen.query_one(f"#{name}-label", Static).region.width >= len(name)


async def test_empty_language_fields_say_they_are_empty() -> None:
    async with make_app(compare=True, cursor_blink=False).run_test(size=(120, 45)) as pilot:
        screen = compare_screen(pilot)
        await pilot.pause()
        source, target = screen.query_one("#from", Input), screen.query_one("#to", Input)
        assert source.value == "" and target.value == ""
        for field, name, example in ((source, "from", "de"), (target, "to", "en")):
            # a hint that cannot pass for a value, and the field named beside it
            assert field.placeholder == f"e.g. {example}"
            assert field.border_title == name
        screen.query_one("#source", TextArea).text = "Ich kann denken."
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not screen.columns
        assert pilot.app.focused is source  # the field to fill is where the cursor is


async def test_an_unknown_language_shows_its_field() -> None:
    """The setup hidden (F4), a language the run cannot read: the pane comes back with the
    cursor in that field, as for an empty one."""
    app = make_app(compare=True, source_language="Germn", target_language="en")
    async with app.run_test(size=SMALL) as pilot:
        screen = compare_screen(pilot)
        await pilot.pause()
        screen.query_one("#source", TextArea).text = "Ich kann denken."
        screen.query_one("#setup").display = False
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not screen.columns
        assert screen.query_one("#setup").display
        assert pilot.app.focused is screen.query_one("#from", Input)


async def test_language_fields_are_filled_from_the_last_run() -> None:
    fixed_run()  # de -> en, in history
    async with make_app(compare=True, cursor_blink=False).run_test(size=(120, 45)) as pilot:
        screen = compare_screen(pilot)
        await pilot.pause()
        assert screen.query_one("#from", Input).value == "de"
        assert screen.query_one("#to", Input).value == "en"
    # languages given are never replaced
    app = make_app(compare=True, source_language="fr", target_language="", cursor_blink=False)
    async with app.run_test(size=(120, 45)) as pilot:
        screen = compare_screen(pilot)
        await pilot.pause()
        assert screen.query_one("#from", Input).value == "fr"
        assert screen.query_one("#to", Input).value == "en"


async def test_language_fields_stay_empty_when_history_is_unreadable(
    isolated_dirs: Path,
) -> None:
    folder = isolated_dirs / "data" / "history"
    folder.mkdir(parents=True)
    (folder / "20990101-000000-abcd.json").write_text("{not json", encoding="utf-8")
    async with make_app(compare=True, cursor_blink=False).run_test(size=(120, 45)) as pilot:
        screen = compare_screen(pilot)
        await pilot.pause()
        assert screen.query_one("#from", Input).value == ""


# ----------------------------------------------------------------------------------- help


@pytest.mark.parametrize("size", [SMALL, (200, 50)])
async def test_help_lines_fit_the_dialog(size: tuple[int, int]) -> None:
    async with make_app(cursor_blink=False).run_test(size=size) as pilot:
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        await pilot.pause()
        shown = pilot.app.screen.query_one("#help-text", HelpText)
        lines = shown.text.splitlines()
        assert max(len(line) for line in lines) <= shown.content_region.width
        assert "ctrl+r" in shown.text and "ctrl+q" in shown.text
        # a key and its description stay on one line
        assert any(line.split() == ["ctrl+r", "run", "the", "renditions"] for line in lines) or (
            size != SMALL
        )


# ------------------------------------------------------------------------- the reviews


async def test_review_footer_and_outline_at_80x24(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    stored = make_record(root, "Adopt Kafka", 1, answers={"problem": "Events pile up."})
    save_position(stored.record.id, "trusted-references")
    app = make_review_app(root, edit=stored.record.id, cursor_blink=False)
    async with app.run_test(size=SMALL) as pilot:
        screen = await on_flow(pilot)
        await footer_settled(pilot)
        assert footer_actions(screen) >= REVIEW_KEYS
        outline = screen.query_one("#review-outline", OptionList)
        assert outline.virtual_size.height == outline.option_count  # one line each
        # the required marks stay visible at the end of each entry
        prompts = [str(outline.get_option_at_index(i).prompt) for i in range(5)]
        assert all(p.rstrip().endswith("*") for p in prompts[1:])
        # every notes box keeps room to write in
        for question in screen.draft.questions():
            for area in screen.query(f"#answer-{question.id}").results(TextArea):
                screen._go(question.id)
                await settle(pilot, screen)
                await pilot.pause()
                area.scroll_visible(animate=False, immediate=True)
                await pilot.pause()
                assert area.size.height >= 5, question.id


async def test_browser_footer_at_80x24(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_record(Path("decisions"), "Adopt Kafka", 1)
    app = make_review_app(Path("decisions"), cursor_blink=False)
    async with app.run_test(size=SMALL) as pilot:
        screen = await browser(pilot)
        await footer_settled(pilot)
        assert footer_actions(screen) >= BROWSER_KEYS


async def test_guided_review_from_home_is_titled_as_a_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_record(tmp_path / "decisions", "Adopt Kafka", 1)
    monkeypatch.setenv("WORKBENCH_DECISIONS_DIR", str(tmp_path / "decisions"))
    async with make_app(cursor_blink=False).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.app.run_action("open_reviews")
        records = await browser(pilot)
        records.start_review(load_catalog().get("new-technology"), None)
        screen = await on_flow(pilot)
        title = str(screen.query_one(HeaderTitle).content)
        assert "translations" not in title
        assert "review" in title


async def test_options_row_follows_the_title_and_technology(tmp_path: Path) -> None:
    root = tmp_path / "decisions"
    app = make_review_app(root, checklist_id="new-technology", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await on_flow(pilot)
        assert screen.current == "start"
        assert pilot.app.focused is screen.query_one("#review-title", Input)
        # before a title is typed, no field or label shows the stand-in title as a value
        assert screen.query_one("#review-technology", Input).value == ""
        assert "Untitled" not in str(screen.query_one("#review-progress", Static).content)
        await type_text(pilot, "Adopt Kafka for events")
        screen.query_one("#review-technology", Input).focus()
        await pilot.press("ctrl+u")  # clear the technology that followed the title
        await type_text(pilot, "Kafka")
        await pilot.press("ctrl+n", "ctrl+n")
        await wait_for(pilot, lambda: screen.current == "current-stack")
        await settle(pilot, screen)
        await pilot.pause()
        assert screen.draft.record.technology.name == "Kafka"
        editor = screen.query_one(OptionsEditor)
        names = [row["name"] for row in editor.rows()]
        assert names == ["Kafka"], names
