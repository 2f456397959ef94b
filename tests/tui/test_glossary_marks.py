"""The comparison screen marks the run's glossary: source terms in the passage, their fixed
renderings in each column (as spans over the text, never markup), from a `--glossary` file
given to `workbench compare`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import answers_by_style
from tests.tui.helpers import Serving, analysed, column, wait_for
from workbench.tui.text import TERM_STYLE
from workbench.tui.widgets.source_area import SourceArea

PASSAGE = "Die Flüsse flossen [bold]x[/]. Der Fährmann lachte."
RENDITIONS = {
    "Hilda Rosner": "The rivers ran [bold]x[/]. The ferryman laughed.",
    "Literal gloss": "The streams flowed [bold]x[/]. The boatman laughed.",
}


@pytest.fixture
def server(serving: Serving) -> FakeOpenAIServer:
    return serving(answers_by_style(RENDITIONS))


def glossary_app(tmp_path: Path) -> Any:
    """`workbench compare` of PASSAGE by rosner and literal, with a glossary in which "Fluss"
    has a shared entry and one for the literal style."""
    from workbench.cli.compare_cmd import compare, compare_app

    passage = tmp_path / "passage.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    glossary = tmp_path / "terms.csv"
    glossary.write_text(
        "source,target,style\nFluss,river,\nFährmann,ferryman,\nFluss,stream,literal\n",
        encoding="utf-8",
    )
    args = [str(passage), "--from", "de", "--to", "en", "--style", "rosner", "--style", "literal"]
    with compare.make_context("compare", [*args, "--glossary", str(glossary)]) as ctx:
        return compare_app(**ctx.params, cursor_blink=False)


def marked(col: Any) -> list[str]:
    content = col.body.content
    return [content.plain[s.start : s.end] for s in content.spans if s.style == TERM_STYLE]


async def test_the_screen_marks_glossary_terms_in_the_passage_and_each_column(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    app = glossary_app(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await analysed(pilot)
        await pilot.pause()
        source = screen.query_one("#source", SourceArea)
        assert source.marked() == [(0, "Flüsse"), (0, "Fährmann")]
        drawn = [seg for seg in source.render_line(0) if seg.style and seg.style.underline]
        assert "".join(seg.text for seg in drawn) == "FlüsseFährmann"
        assert marked(column(screen, "rosner")) == ["rivers", "ferryman"]
        # the literal style's own rendering of "Fluss" is "stream"
        assert marked(column(screen, "literal")) == ["streams"]
        shown = column(screen, "rosner").body.content.plain
        assert "[bold]x[/]" in shown, "the text is shown as the characters it is"
        # the diff marks, when on, stand instead of the glossary's
        column(screen, "rosner").focus()
        await pilot.press("d")
        await wait_for(pilot, lambda: screen.diff_on)
        await pilot.pause()
        assert marked(column(screen, "literal")) == []


async def test_blind_the_columns_mark_only_terms_every_style_shares(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    """A term with an entry for one style is marked in no column while the run is blind: its
    own rendering marked in one column only would tell which column that style is."""
    app = glossary_app(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await analysed(pilot)
        await pilot.pause()
        assert marked(column(screen, "literal")) == ["streams"]
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: screen.blind)
        await pilot.pause()
        assert marked(column(screen, "rosner")) == ["ferryman"]
        assert marked(column(screen, "literal")) == []
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: not screen.blind)
        await pilot.pause()
        assert marked(column(screen, "literal")) == ["streams"]


async def test_blind_a_term_of_a_style_not_in_the_run_is_still_marked(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    """An entry for a style the run does not have tells no column apart: blind, every column
    still marks the term's rendering for every style."""
    from workbench.cli.compare_cmd import compare, compare_app

    passage = tmp_path / "passage.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target,style\nFluss,river,\nFluss,creek,bernofsky\n")
    args = [str(passage), "--from", "de", "--to", "en", "--style", "rosner", "--style", "literal"]
    with compare.make_context("compare", [*args, "--glossary", str(glossary)]) as ctx:
        app = compare_app(**ctx.params, cursor_blink=False)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await analysed(pilot)
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: screen.blind)
        await pilot.pause()
        assert marked(column(screen, "rosner")) == ["rivers"]
