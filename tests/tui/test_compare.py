"""The comparison screen against the real-HTTP fake OpenAI server: runs, faults, judgment."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from textual.content import Content
from textual.widgets import Checkbox, Collapsible, Input, SelectionList, Static, TextArea

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts
from tests.tui.helpers import (
    HOSTILE,
    PASSAGE,
    Serving,
    analysed,
    column,
    compare_screen,
    comparing,
    saved_id,
    shown_body,
    shown_title,
    wait_for,
)
from workbench.core.compare.analysis import REFERENCE, pair
from workbench.core.translate.judgment import start_blind
from workbench.core.translate.models import Comparison, Reference, Rendition, SourceText, TargetSpec
from workbench.export.run_formats import render_run
from workbench.io.translate.history import list_runs, load_run, save_run
from workbench.services.engine import new_run_id
from workbench.tui.app import make_app
from workbench.tui.screens.dialogs import TextDialog
from workbench.tui.widgets.text_body import TextBody

STYLES = ["rosner", "literal", "bernofsky"]


@pytest.fixture
def server(serving: Serving) -> FakeOpenAIServer:
    return serving(chunk_delay=0.005)


def app_for(passage: str = PASSAGE, styles: list[str] | None = None, **kw: Any) -> Any:
    return comparing(passage, styles or STYLES, **kw)


def is_rosner(body: dict[str, Any]) -> bool:
    return request_parts(body)[1] == "Hilda Rosner"


async def test_full_run_streams_every_style_to_done(server: FakeOpenAIServer) -> None:
    server.chunk_delay = 0.02
    server.hold_midway = threading.Event()  # every answer waits halfway until we have looked
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        shown: list[str] = []  # what rosner's body showed, each change once
        deadline = time.monotonic() + 30
        while screen.comparison is None:
            assert time.monotonic() < deadline, "the run did not finish"
            rosner = next((c for c in screen.columns if c.key == "rosner"), None)
            if rosner is not None and shown_body(rosner) not in shown[-1:]:
                shown.append(shown_body(rosner))
                if shown[-1].strip():  # a part of the answer is on screen: let the rest come
                    server.hold_midway.set()
            await pilot.pause(0.01)
        assert {c.key: c.state for c in screen.columns} == dict.fromkeys(STYLES, "done")
        rosner = column(screen, "rosner")
        assert rosner.text == f"[Hilda Rosner] {PASSAGE}"
        assert PASSAGE in shown_body(rosner)
        # the body grew while the answer streamed: a part of it was shown before the whole
        partial = [t for t in shown if t.strip() and PASSAGE not in t]
        assert partial and rosner.text.startswith(partial[-1].strip()), shown
        status = str(rosner.query_one(".col-status", Static).content)
        assert "done" in status and "tok" in status
        runs, _ = list_runs()
        assert [r.id for r in runs] == [saved_id(screen)]
        assert len([r for r in server.requests if r["body"]["stream"]]) == 3


async def test_failing_style_shows_reason_and_retries_that_column(
    server: FakeOpenAIServer,
) -> None:
    server.add_fault("500", match=is_rosner)
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        rosner = column(screen, "rosner")
        assert rosner.state == "failed"
        assert "server_error" in rosner.reason
        assert "retry" in str(rosner.query_one(".col-status", Static).content)
        assert column(screen, "literal").state == "done"
        rosner.focus()
        await pilot.press("r")
        await wait_for(pilot, lambda: rosner.state == "done")
        assert rosner.text == f"[Hilda Rosner] {PASSAGE}"
        saved = load_run(saved_id(screen))
        assert [r.error for r in saved.renditions] == [None, None, None]


async def test_a_stream_that_breaks_off_fails_that_column_only(server: FakeOpenAIServer) -> None:
    server.add_fault("break_stream", match=is_rosner, times=5)  # outlasts the provider's retries
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        rosner = column(screen, "rosner")
        assert rosner.state == "partial"  # it has the text received before the cut
        assert "stream_interrupted" in rosner.reason
        assert [c.state for c in screen.columns if c.key != "rosner"] == ["done", "done"]


async def test_stop_key_cancels_the_run(server: FakeOpenAIServer) -> None:
    server.chunk_delay = 0.5
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: any(c.state == "streaming" for c in screen.columns))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.running and screen.comparison is not None)
        assert {c.state for c in screen.columns} == {"stopped"}
        status = str(screen.columns[0].query_one(".col-status", Static).content)
        assert status.startswith("stopped by the user"), status  # not "stopped stopped ..."
        saved = load_run(saved_id(screen))
        assert {r.error.type for r in saved.renditions if r.error} == {"cancelled"}


async def test_diff_baseline_switches_between_columns(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        literal, rosner = column(screen, "literal"), column(screen, "rosner")
        rosner.focus()
        await pilot.press("b")
        assert screen.baseline == "rosner" and screen.diff_on
        assert "baseline" in shown_title(rosner)
        await wait_for(pilot, lambda: "chrF" in literal._metrics and "…" not in literal._metrics)
        body = literal.body.content
        assert isinstance(body, Content) and body.spans  # insertions and deletions marked
        # the baseline's words struck, this column's own words marked, the rest plain
        assert str(body) == f"[Hilda RosnerLiteral gloss] {PASSAGE}"
        marked = [(str(body)[s.start : s.end], str(s.style).split()[0]) for s in body.spans]
        assert marked == [("Hilda Rosner", "strike"), ("Literal gloss", "bold")]
        literal.focus()
        await pilot.press("b")
        assert screen.baseline == "literal"
        assert literal._diff is None  # the baseline is shown plain
        await pilot.press("d")
        assert not screen.diff_on
        assert rosner._diff is None


async def test_reference_column_joins_diffs_and_chrf(server: FakeOpenAIServer) -> None:
    async with app_for(styles=["rosner", "literal"]).run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        await pilot.press("ctrl+l")
        assert isinstance(pilot.app.screen, TextDialog)
        pilot.app.screen.query_one(TextArea).text = "I can think. I can wait. I can fast."
        await pilot.press("ctrl+s")
        ref = column(screen, REFERENCE)
        assert ref.state == "reference"
        await pilot.press("f4")  # works whatever has focus (d too, outside the editors)
        assert screen.baseline == REFERENCE
        await wait_for(pilot, lambda: "chrF " in column(screen, "rosner")._metrics)
        await wait_for(pilot, lambda: "…" not in column(screen, "rosner")._metrics)
        saved = load_run(saved_id(screen))
        assert saved.reference == Reference(text="I can think. I can wait. I can fast.")
        assert "reference" not in saved.extra
        # the analysis saved with the run: diffs against the reference, metrics, flags
        assert pair(saved, REFERENCE, "rosner") is not None
        rosner = saved.column("rosner")
        assert rosner is not None and rosner.metrics is not None
        chrf = rosner.metrics.chrf.score
        assert column(screen, "rosner")._metrics.endswith(f"chrF {chrf:.1f}")


async def test_favourite_and_note_are_saved_with_the_run(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        literal = column(screen, "literal")
        literal.focus()
        await pilot.press("f")
        await pilot.press("n")
        assert isinstance(pilot.app.screen, TextDialog)
        pilot.app.screen.query_one(TextArea).text = "too stiff, but [bold]exact[/]"
        await pilot.press("ctrl+s")
        assert "★" in shown_title(literal) and "✎" in shown_title(literal)
        saved = load_run(saved_id(screen))
        assert saved.judgment.favourite == "literal"
        assert saved.judgment.notes == {"literal": "too stiff, but [bold]exact[/]"}
        assert not saved.judgment.blind and "judgment" not in saved.extra
    # and it comes back from history
    run_id = saved.id
    async with make_app(run_id=run_id, cursor_blink=False).run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        literal = column(screen, "literal")
        assert literal.favourite and literal.has_note
        assert screen.judgment.notes == {"literal": "too stiff, but [bold]exact[/]"}


async def test_blind_mode_hides_names_until_a_favourite(server: FakeOpenAIServer) -> None:
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        await pilot.press("ctrl+b")
        assert screen.blind
        titles = [shown_title(c) for c in screen.columns]
        assert sorted(titles) == ["Rendition A", "Rendition B", "Rendition C"]
        for col in screen.columns:  # the model's notes (which may name the style) are hidden
            assert "note from" not in shown_body(col)
            assert "tok" not in str(col.query_one(".col-status", Static).content)
        first = screen.columns[0]
        first.focus()
        await pilot.press("f")
        assert not screen.blind
        assert [c.key for c in screen.columns] == STYLES  # the original order is back
        assert "★ " in shown_title(first)  # after the focus mark
        saved = load_run(saved_id(screen))
        assert saved.judgment.blind and saved.judgment.revealed
        assert sorted(saved.judgment.blind_order) == sorted(STYLES)
        assert saved.judgment.favourite == first.key


async def test_hostile_text_is_shown_literally(server: FakeOpenAIServer) -> None:
    server.responder = lambda body: {"text": HOSTILE, "notes": [], "footnotes": []}
    server.add_fault("500", match=is_rosner)
    async with app_for(passage=HOSTILE).run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        await wait_for(pilot, lambda: screen.comparison is not None)
        literal = column(screen, "literal")
        body = literal.body.content
        assert isinstance(body, Content)
        text = str(body)
        assert "[bold]x[/]" in text and "[link=file:///etc/passwd]y[/link]" in text
        assert "\x1b" not in text and "␛[31mred" in text
        assert not body.spans  # nothing became a style or a link
        source = screen.query_one("#source", TextArea).text
        assert "\x1b" not in source and "[bold]x[/]" in source
        # an error message is shown as text, too
        assert "failed" in str(column(screen, "rosner").query_one(".col-status", Static).content)


async def test_round_trip_and_samples_from_the_setup(server: FakeOpenAIServer) -> None:
    app = make_app(compare=True, cursor_blink=False)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = compare_screen(pilot)
        screen.query_one("#source", TextArea).text = PASSAGE
        screen.query_one("#from", Input).value = "de"
        screen.query_one("#to", Input).value = "en"
        styles = screen.query_one("#styles", SelectionList)
        styles.deselect_all()
        styles.select("rosner")
        styles.select("literal")
        screen.query_one("#round-trip", Checkbox).value = True
        screen.query_one("#samples", Input).value = "2"
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen.comparison is not None and screen.analysed)
        keys = [c.key for c in screen.columns]
        assert sorted(keys) == ["literal", "literal#2", "rosner", "rosner#2"]
        assert column(screen, "rosner#2").style_name == "Hilda Rosner #2"
        # every column shows its round trip, marked against the source, as a diagnostic
        rosner = column(screen, "rosner")
        box = rosner.query_one(".col-round-trip", Collapsible)
        assert box.display and "similar to the source" in box.title
        assert "not a score" in box.title
        trip_body = rosner.query_one(".round-trip-body", TextBody).content
        assert "not a quality score" in str(trip_body) and PASSAGE in str(trip_body)
        assert trip_body.spans  # "[Round trip] [Hilda Rosner]" is only in the round trip
        # the variance of each style's samples, from the analysis
        variance = str(screen.query_one("#variance", Static).content)
        assert screen.query_one("#variance").display
        assert "Hilda Rosner: 2 samples" in variance and "Literal gloss: 2 samples" in variance
        saved = load_run(saved_id(screen))
    assert [r.key for r in saved.renditions] == ["rosner", "rosner#2", "literal", "literal#2"]
    assert all(r.round_trip is not None and r.round_trip.ops for r in saved.renditions)
    assert {v.style for v in saved.variance} == {"rosner", "literal"}
    # a TUI run's history file reads like a CLI run's: diffs, round trips, variance
    markdown = render_run(saved, "markdown")
    assert "~~" in markdown and "**" in markdown
    assert "Round trip" in markdown and "not a quality score" in markdown


async def test_a_tui_run_is_stored_like_a_cli_run(server: FakeOpenAIServer) -> None:
    # the fake answers echo the passage, so its one long lowercase word is flagged untranslated
    passage = "Ich kann nachdenken. Ich kann warten."
    app = app_for(passage, styles=["rosner", "literal"], reference="I can think.")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await analysed(pilot)
        column(screen, "literal").focus()
        await pilot.press("f")
    shown = wb("history", "show", "last", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["judgment"]["favourite"] == "literal"
    assert data["reference"] == {"text": "I can think.", "name": "reference"}
    assert {(d["a"], d["b"]) for d in data["diffs"]} == {
        ("rosner", "literal"),
        ("rosner", "reference"),
        ("literal", "reference"),
    }
    assert all(r["metrics"] for r in data["renditions"])
    flags = {r["style"]: [(f["kind"], f["detail"]) for f in r["flags"]] for r in data["renditions"]}
    assert flags == {  # the fake's "[Hilda Rosner] ..." prefix adds a name to the source
        "rosner": [("untranslated", ["nachdenken"]), ("name_added", ["Rosner"])],
        "literal": [("untranslated", ["nachdenken"])],
    }
    markdown = wb("history", "show", "last", "--format", "markdown").stdout
    assert "Diff marks against `reference`" in markdown and "~~" in markdown


async def test_a_blind_run_from_the_cli_opens_blind_and_is_revealed_by_a_favourite() -> None:
    run = start_blind(
        Comparison(
            id=new_run_id(),
            source=SourceText(text=PASSAGE, language="de"),
            target=TargetSpec(language="en"),
            renditions=[
                Rendition(style=s, style_name=s.title(), text=f"{s}: I can think.") for s in STYLES
            ],
        ),
        seed=3,
    )
    save_run(run)
    order = run.judgment.blind_order
    async with make_app(run_id=run.id, cursor_blink=False).run_test(size=(160, 40)) as pilot:
        screen = compare_screen(pilot)
        assert screen.blind
        assert [c.key for c in screen.columns] == order  # in the run's shuffled order
        assert [shown_title(c) for c in screen.columns] == [
            "Rendition A",
            "Rendition B",
            "Rendition C",
        ]
        second = screen.columns[1]
        second.focus()
        await pilot.press("f")
        assert not screen.blind and [c.key for c in screen.columns] == STYLES
    saved = load_run(run.id)
    assert saved.judgment.favourite == order[1] and saved.judgment.revealed


async def test_blind_mode_starts_on_the_first_shown_column(
    server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The focus and the diff baseline were on the run's first column (Hilda Rosner) before
    the shuffle; kept there, they would say which letter she is. Blind mode moves both to
    the first column shown."""
    from workbench.core.translate import judgment
    from workbench.services.session import judging

    def reversed_order(run: Any, *, seed: int | None = None) -> Any:
        shuffled = judgment.start_blind(run, seed=seed)
        order = [r.key for r in run.renditions][::-1]  # rosner shown last
        return shuffled.model_copy(
            update={"judgment": shuffled.judgment.model_copy(update={"blind_order": order})}
        )

    monkeypatch.setattr(judging, "start_blind", reversed_order)
    async with app_for().run_test(size=(160, 40)) as pilot:
        screen = await analysed(pilot)
        first = column(screen, "rosner")
        first.focus()
        await pilot.press("d")
        assert screen.baseline == "rosner"
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: screen.blind)
        await pilot.pause()
        shown = screen.grid.shown()
        assert [c.key for c in shown][-1] == "rosner"
        assert pilot.app.focused is shown[0], pilot.app.focused
        assert screen.baseline == shown[0].key
        assert "Rendition A" in str(screen.query_one("#run-info", Static).content)
        assert not first.is_baseline
