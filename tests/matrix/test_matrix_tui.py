"""The model picker of the comparison screen (issue 17, item 3) against two real test servers:
2 styles x 2 models picked by keys make 4 columns named by their models; an endpoint that
fails fails only its own columns; `workbench compare -m` is repeatable; the picker at 80x24."""

from __future__ import annotations

from typing import Any

import pytest
from textual.command import CommandPalette
from textual.content import Content
from textual.widgets import Input, SelectionList

from tests.matrix.conftest import PASSAGE, Matrix
from tests.tui.helpers import HOSTILE, compare_screen, shown_title, wait_for
from workbench.core.columns import ColumnKey
from workbench.services.run import RunRequest
from workbench.tui.app import make_app
from workbench.tui.screens.compare.models import ModelPicker, for_retry, lane_value, run_models

KEYS = ["rosner@zebra-a", "rosner@farside:yak-7b", "literal@zebra-a", "literal@farside:yak-7b"]


async def open_picker(pilot: Any) -> ModelPicker:
    await pilot.press("f9")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ModelPicker))
    await pilot.pause()
    picker = pilot.app.screen
    assert isinstance(picker, ModelPicker)
    return picker


async def add_model(pilot: Any, picker: ModelPicker, value: str) -> None:
    picker.query_one("#model-add", Input).focus()
    await pilot.press(*value, "enter")
    await pilot.pause()


async def test_two_models_picked_by_keys_make_four_columns(matrix: Matrix) -> None:
    app = make_app(
        passage=PASSAGE,
        source_language="de",
        target_language="en",
        styles=["rosner", "literal"],
        start=False,
        cursor_blink=False,
    )
    async with app.run_test(size=(160, 48)) as pilot:
        screen = compare_screen(pilot)
        picker = await open_picker(pilot)
        assert not picker.offered.models  # nothing configured on the default endpoint
        assert picker.offered.endpoints == ["farside"]
        await add_model(pilot, picker, "zebra-a")
        await add_model(pilot, picker, "farside:yak-7b")
        assert picker.choice.selected == ["zebra-a", "farside:yak-7b"]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        assert screen.setup_pane.models == ("zebra-a", "farside:yak-7b")
        styles = screen.setup_pane.query_one("#styles", SelectionList)
        assert "zebra-a, farside:yak-7b" in str(styles.border_subtitle)

        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen.comparison is not None and screen.analysed)
        assert [c.key for c in screen.columns] == KEYS
        assert screen.comparison is not None
        assert run_models(screen.comparison) == ("zebra-a", "farside:yak-7b")  # from history
        for col in screen.columns:
            model = col.key.partition("@")[2]
            assert col.state == "done"
            assert model in shown_title(col)
            assert col.text.startswith(f"[{model.removeprefix('farside:')}] [")
        # the picker lists models, not columns: blind mode hides them from the titles
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: screen.blind)
        await pilot.pause()
        for col in screen.columns:
            assert "zebra" not in shown_title(col) and "yak" not in shown_title(col)
    assert {r["body"]["model"] for r in matrix.default.requests} == {"zebra-a"}
    assert {r["body"]["model"] for r in matrix.far.requests} == {"yak-7b"}
    assert len(matrix.default.requests) == len(matrix.far.requests) == 2


async def test_compare_m_is_repeatable_and_a_failing_endpoint_fails_its_columns_only(
    matrix: Matrix,
) -> None:
    from workbench.cli.compare_cmd import compare, compare_app

    matrix.far.add_fault("500", times=10)  # no retries in the config: its columns fail
    args = [str(matrix.passage), "--from", "de", "--to", "en", "--style", "rosner"]
    args += ["--style", "literal", "-m", "zebra-a", "--model", "farside:yak-7b"]
    with compare.make_context("compare", args) as ctx:
        assert ctx.params["models"] == ("zebra-a", "farside:yak-7b")
        app = compare_app(**ctx.params, cursor_blink=False)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None and screen.analysed)
        assert [c.key for c in screen.columns] == KEYS
        states = {c.key: c.state for c in screen.columns}
        assert states == {
            "rosner@zebra-a": "done",
            "rosner@farside:yak-7b": "failed",
            "literal@zebra-a": "done",
            "literal@farside:yak-7b": "failed",
        }
        for col in screen.columns:
            if col.state == "failed":
                assert "500" in col.reason
            else:
                assert not col.reason and col.text.startswith("[zebra-a] [")
        # the picker holds the command line's models, ticked, for the next run
        picker = await open_picker(pilot)
        assert picker.choice.selected == ["zebra-a", "farside:yak-7b"]
        await pilot.press("escape")


async def test_names_are_text_and_an_unknown_endpoint_is_refused(
    matrix: Matrix, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_PROVIDER", "local")  # the default endpoint takes no names
    app = make_app(compare=True, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = compare_screen(pilot)
        picker = await open_picker(pilot)
        await add_model(pilot, picker, "farsid:x")  # a typo of an endpoint: refused, kept
        assert not picker.offered.models
        assert picker.query_one("#model-add", Input).value == "farsid:x"
        picker.query_one("#model-add", Input).value = HOSTILE  # as if pasted: an escape in it
        await pilot.press("enter")
        await pilot.pause()
        assert not picker.offered.models  # a model name holds no control character
        marked = HOSTILE.split(" \x1b")[0]  # the markup alone: a name, shown as text
        picker.query_one("#model-add", Input).value = marked
        await pilot.press("enter")
        await pilot.pause()
        assert picker.offered.models == [marked]
        prompt = picker.choice.get_option_at_index(0).prompt
        assert "[bold]" in str(prompt) and "[link=" in str(prompt)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        subtitle = screen.setup_pane.query_one("#styles", SelectionList).border_subtitle
        shown = Content.from_markup(str(subtitle)).plain  # as the border draws it
        assert "[bold]x[/] [link=file:///etc/passwd]y[/link]" in shown
        # the palette offers the picker too
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
        await pilot.press(*"Choose models")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ModelPicker))


def test_a_retried_column_keeps_its_model_after_the_picker_changed() -> None:
    request = RunRequest(passage="x", source_language="de", target_language="en", models=("a",))
    assert for_retry(request, "rosner@farside:yak-7b#2").models == ("a", "farside:yak-7b")
    assert for_retry(request, "rosner@default:llama3:8b").models == ("a", "default:llama3:8b")
    assert for_retry(request, "rosner@a").models == ("a",)
    assert for_retry(request, "rosner").models == ("a",)  # a run of one model: as it is
    for key in ("r@farside:yak-7b", "r@default:llama3:8b", "r@gpt-4o"):
        lane = ColumnKey.parse(key).lane
        value = lane_value(lane)
        assert value is not None
        assert ColumnKey.parse(f"r@{value}").lane == lane


async def picker_open(pilot: Any) -> None:
    await open_picker(pilot)


def test_model_picker_at_80x24(
    matrix: Matrix, snap_compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.cli.compare_cmd import compare, compare_app

    monkeypatch.setenv("WORKBENCH_MODEL", "house-model")  # listed, not ticked: -m wins

    args = ["--from", "de", "--to", "en", "-m", "zebra-a", "-m", "farside:yak-7b:q4"]
    with compare.make_context("compare", args) as ctx:
        app = compare_app(**ctx.params, cursor_blink=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=picker_open)


def test_compare_names_a_model_on_no_endpoint_before_taking_the_terminal(matrix: Matrix) -> None:
    from tests.cli.helpers import assert_clean_error, wb_process

    env = {**matrix.env(), "WORKBENCH_PROVIDER": "local"}  # the default takes no model names
    args = ["--from", "de", "--to", "en", "-m", "zebra-a", "-m", "farsid:yak-7b"]
    result = wb_process("compare", str(matrix.passage), *args, env=env)
    stderr = assert_clean_error(result)
    assert "farsid:yak-7b" in stderr and "farside" in stderr
