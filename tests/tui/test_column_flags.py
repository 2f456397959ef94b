"""The comparison screen shows each column's flags (the analysis's skepticism flags: names,
numbers, glossary terms, sentences with no counterpart), as every export does: a `Flags (N)`
box in the column, its lines plain text (never markup); none on a column with none; and in a
blind run only what the blind exports show."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Collapsible

from tests.compare.parallel_passages import LETTER_EN, LETTER_FR
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import answers_by_style
from tests.tui.helpers import Serving, analysed, column, comparing, wait_for
from workbench.tui.widgets.column import RenditionColumn

LEFT_OUT = 9  # found as the lone one without help (`tests/compare/test_sentence_flags.py`)
HOSTILE = "[bold]Marie[/] reconnut [link=file:///etc/passwd]aussitôt[/link] l'écriture."
SOURCE = [*LETTER_FR[:LEFT_OUT], HOSTILE, *LETTER_FR[LEFT_OUT + 1 :]]
RENDITIONS = {
    "Hilda Rosner": " ".join(LETTER_EN),
    "Literal gloss": " ".join([*LETTER_EN[:LEFT_OUT], *LETTER_EN[LEFT_OUT + 1 :]]),
}


@pytest.fixture
def server(serving: Serving) -> FakeOpenAIServer:
    return serving(answers_by_style(RENDITIONS))


def flags_box(col: RenditionColumn) -> Collapsible:
    return col.query_one(".col-flags", Collapsible)


def flags_text(col: RenditionColumn) -> str:
    return str(flags_box(col).query_one(".flags-body").render())


async def test_a_column_shows_its_flags_as_plain_text(server: FakeOpenAIServer) -> None:
    app = comparing(" ".join(SOURCE), source_language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await analysed(pilot)
        literal, rosner = column(screen, "literal"), column(screen, "rosner")
        await wait_for(pilot, lambda: flags_box(literal).display)
        assert flags_box(literal).title.startswith("Flags (")
        shown = flags_text(literal)
        assert f"source sentence {LEFT_OUT + 1} has no counterpart" in shown, shown
        assert "[bold]Marie[/]" in shown and "[link=" in shown  # as written, not markup
        run = screen.comparison
        assert run is not None
        flags = {key: getattr(run.column(key), "flags", []) for key in ("literal", "rosner")}
        assert flags_box(literal).title == f"Flags ({len(flags['literal'])})"
        assert "sentence_missing" in {flag.kind for flag in flags["literal"]}
        assert not any(flag.kind.startswith("sentence") for flag in flags["rosner"])
        assert "counterpart" not in (flags_text(rosner) if flags_box(rosner).display else "")


async def test_a_blind_run_shows_no_flag_of_a_one_style_glossary_entry(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    """Only the literal style has an entry for "lettre": its glossary flag would tell its
    column in a blind run, so the box shows what the blind exports show."""
    from workbench.cli.compare_cmd import compare, compare_app

    passage = tmp_path / "passage.fr.txt"
    passage.write_text(" ".join(SOURCE), encoding="utf-8")
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target,style\nlettre,missive,literal\n", encoding="utf-8")
    args = [str(passage), "--from", "fr", "--to", "en", "--style", "rosner", "--style", "literal"]
    with compare.make_context("compare", [*args, "--glossary", str(glossary)]) as ctx:
        app = compare_app(**ctx.params, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await analysed(pilot)
        literal = column(screen, "literal")
        await wait_for(pilot, lambda: flags_box(literal).display)
        assert "missive" in flags_text(literal)  # not blind: the glossary flag is there
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: screen.session.blind)
        await pilot.pause()
        assert "missive" not in flags_text(literal)
        assert "no counterpart" in flags_text(literal)  # content, not who wrote it


async def test_g_opens_and_closes_a_columns_flags_and_t_its_round_trip(
    server: FakeOpenAIServer,
) -> None:
    """Keyboard first: the flags box is no tab stop (tab goes on from column to column, as
    `tests/tui/test_compare_grid.py` checks), so `g` opens it; `t` opens the round trip."""
    app = comparing(" ".join(SOURCE), source_language="fr", round_trip=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await analysed(pilot)
        literal = column(screen, "literal")
        await wait_for(pilot, lambda: flags_box(literal).display)
        trip = literal.query_one(".col-round-trip", Collapsible)
        await wait_for(pilot, lambda: trip.display)
        literal.focus()
        await pilot.pause()
        assert flags_box(literal).collapsed and trip.collapsed
        await pilot.press("g")
        assert not flags_box(literal).collapsed
        await pilot.press("t")
        assert not trip.collapsed
        await pilot.press("g", "t")
        assert flags_box(literal).collapsed and trip.collapsed
