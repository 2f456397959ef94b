"""The comparison's state without Textual: `TranslationSession` runs through the real engine
against the fake OpenAI-compatible server, and every change the screen makes is made here."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder
from tests.services.helpers import drive_retry
from tests.tui.helpers import PASSAGE, no_retries
from workbench.core.columns import ColumnKey
from workbench.core.compare.analysis import REFERENCE
from workbench.core.compare.glossary import MISSING_KIND
from workbench.core.translate.events import (
    RenditionFinished,
    RenditionStarted,
    RunFinished,
    TextDelta,
)
from workbench.core.translate.models import Comparison, Rendition
from workbench.io.translate.history import load_run
from workbench.services.run import RunRequest
from workbench.services.session import Change, Refused, TranslationSession

STYLES = ("rosner", "literal")


@pytest.fixture
def server(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    no_retries(isolated_dirs)
    return fake_openai


def request(**kw: Any) -> RunRequest:
    options: dict[str, Any] = {
        "passage": PASSAGE,
        "source_language": "de",
        "target_language": "en",
        "styles": STYLES,
    }
    return RunRequest(**(options | kw))


class Recorder:
    """A listener that keeps every change the session reports."""

    def __init__(self, session: TranslationSession) -> None:
        self.changes: list[Change] = []
        session.listen(self.changes.append)

    def kinds(self) -> list[str]:
        return [c.kind for c in self.changes]


def new_session(warnings: list[str] | None = None) -> TranslationSession:
    return TranslationSession(warn=(warnings if warnings is not None else []).append)


async def test_a_run_fills_the_columns_and_the_run_is_their_one_copy(
    server: FakeOpenAIServer,
) -> None:
    session = new_session()
    seen = Recorder(session)
    run = await session.run(request())
    assert session.order == ["rosner", "literal"] and not session.running
    assert session.analysed and run.diffs
    for key, column in session.columns.items():
        assert column.state == "done" and column.key == ColumnKey.parse(key)
        assert column.rendition is run.column(key)  # read from the run, not kept apart
        rendition = run.column(key)
        assert rendition is not None and column.text == rendition.text
    assert session.columns["rosner"].text == f"[Hilda Rosner] {PASSAGE}"
    kinds = seen.kinds()
    assert kinds[0] == "columns" and kinds[-1] == "analysis"
    assert {"started", "text", "finished", "run"} <= set(kinds)
    streamed = "".join(c.text for c in seen.changes if c.kind == "text" and c.key == "rosner")
    assert streamed == session.columns["rosner"].text
    assert load_run(run.id).judgment == run.judgment  # saved in history


async def test_events_of_an_older_run_are_ignored(server: FakeOpenAIServer) -> None:
    session = new_session()
    await session.run(request())
    old = session.run_no
    first = session.comparison
    session.begin(request(), {"rosner": "Hilda Rosner", "literal": "Literal"})
    session.apply(old, TextDelta("rosner", "late text"))
    session.apply(old, RunFinished(first))  # type: ignore[arg-type]
    assert session.columns["rosner"].text == "" and session.comparison is None
    assert session.running


async def test_retrying_a_later_sample_replaces_only_that_sample(
    server: FakeOpenAIServer,
) -> None:
    count = itertools.count(1)

    def numbered(body: dict[str, Any]) -> str | dict[str, Any]:
        text = f"answer {next(count)}"
        return {"text": text, "notes": [], "footnotes": []} if body.get("response_format") else text

    server.responder = numbered
    session = new_session()
    await session.run(request(styles=("rosner",), samples=2))
    before = {k: c.text for k, c in session.columns.items()}
    retry = session.retry("rosner#2", request(styles=("rosner",)))
    assert retry is not None
    run_no, narrowed = retry
    assert narrowed.columns == (ColumnKey("rosner", sample=2),) and narrowed.no_cache
    column = session.columns["rosner#2"]
    assert column.state == "waiting" and column.rendition is None and column.text == ""
    await drive_retry(session, run_no, narrowed)
    assert column.state == "done" and column.text == "answer 3"
    assert session.columns["rosner"].text == before["rosner"]
    assert session.comparison is not None and not session.analysed  # analysis due again
    retried = session.comparison.column("rosner#2")
    assert retried is column.rendition and retried.sample == 2
    session.analyse()
    assert load_run(session.comparison.id).column("rosner#2").text == "answer 3"


async def test_no_retry_while_running_nor_of_a_column_in_flight(server: FakeOpenAIServer) -> None:
    session = new_session()
    session.begin(request(), {})
    assert session.retry("rosner", request()) is None  # still waiting
    session.columns["literal"].state = "failed"
    with pytest.raises(Refused, match="once the run has finished"):
        session.retry("literal", request())


async def test_the_reference_is_kept_in_the_run_and_changes_it(server: FakeOpenAIServer) -> None:
    session = new_session()
    seen = Recorder(session)
    session.set_reference("I can think.\n", "ref.txt")
    run = await session.run(request())
    assert run.reference is not None and run.reference.text == "I can think."
    assert session.reference is run.reference and session.has_text(REFERENCE)
    assert session.score(REFERENCE, "rosner") is not None  # chrF from the analysis
    seen.changes.clear()
    session.set_reference("I am able to think.")
    assert session.comparison is not None and not session.analysed
    reference = session.comparison.reference
    assert reference is not None and reference.text == "I am able to think."
    assert seen.kinds() == ["run", "reference"]
    session.analyse()
    session.set_reference("")
    assert session.reference is None and session.comparison.reference is None


async def test_an_analysis_of_a_changed_run_is_dropped(server: FakeOpenAIServer) -> None:
    from workbench.core.compare.analysis import analyse

    session = new_session()
    session.begin(request(), {})
    session.apply(session.run_no, RenditionStarted("rosner", "rosner", "Hilda Rosner"))
    session.stop()
    pending = session.pending_analysis()
    assert pending is not None
    session.set_reference("A reference.")  # the run changes before its analysis arrives
    assert not session.analysis_done(*pending, analyse(pending[1]))
    assert not session.analysed
    session.analyse()
    assert session.analysed


async def test_judgment_favourite_notes_and_blind_mode(server: FakeOpenAIServer) -> None:
    session = new_session()
    with pytest.raises(Refused):
        session.pick_favourite("rosner")
    run = await session.run(request(styles=("rosner", "literal", "bernofsky")))
    seen = Recorder(session)
    assert not session.pick_favourite("literal")
    assert session.columns["literal"].favourite and session.judgment.favourite == "literal"
    session.pick_favourite("literal")  # again: no longer
    assert session.judgment.favourite is None
    session.set_note("rosner", "plain")
    assert session.columns["rosner"].has_note and session.note("rosner") == "plain"
    session.set_note("rosner", "")
    assert not session.columns["rosner"].has_note

    assert session.toggle_blind() and session.blind
    order = session.judgment.blind_order
    assert session.shown_order() == order and sorted(order) == sorted(session.order)
    assert [session.columns[k].alias for k in order] == [
        "Rendition A",
        "Rendition B",
        "Rendition C",
    ]
    assert session.pick_favourite(order[1])  # picked blind: revealed
    assert not session.blind and session.columns[order[1]].alias is None
    assert session.judgment.favourite == order[1] and session.judgment.revealed
    assert set(seen.kinds()) == {"judgment"}
    saved = load_run(run.id).judgment
    assert saved.favourite == order[1] and saved.revealed


async def test_stopping_keeps_what_arrived_as_partial_renditions() -> None:
    session = new_session()
    seen = Recorder(session)
    run_no = session.begin(request(round_trip=True), {"rosner": "Hilda Rosner"})
    session.append(run_no, {"rosner": "Ich kann"})
    session.stop()
    rosner, literal = session.columns["rosner"], session.columns["literal"]
    assert rosner.state == literal.state == "stopped" and not session.running
    assert session.comparison is not None
    assert [r.key for r in session.comparison.renditions] == ["rosner", "literal"]
    assert rosner.rendition is session.comparison.column("rosner")
    stopped = rosner.rendition
    assert stopped is not None and stopped.text == "Ich kann" and stopped.partial is not None
    assert session.comparison.source.text == PASSAGE
    assert seen.kinds() == ["columns", "started", "text", "stopped", "run"]


async def test_a_run_that_cannot_be_set_up_fails_every_column() -> None:
    session = new_session()
    run_no = session.begin(request(), {})
    session.setup_failed(run_no, "no API key")
    assert not session.running
    for column in session.columns.values():
        assert column.state == "failed" and "no API key" in column.reason


async def test_opening_a_run_from_history(server: FakeOpenAIServer) -> None:
    session = new_session()
    run = await session.run(request())
    unanalysed = Comparison.model_validate(run.model_dump() | {"diffs": []})
    other = new_session()
    seen = Recorder(other)
    other.open(unanalysed)
    assert other.order == ["rosner", "literal"] and seen.kinds() == ["columns"]
    assert other.columns["rosner"].name == "Hilda Rosner"
    assert other.pending_analysis() is not None  # saved before its analysis: analysed now
    other.analyse()
    assert other.analysed and other.comparison is not None and other.comparison.diffs


async def test_history_that_cannot_be_saved_is_warned_once_per_run(
    server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(blocker / "data"))
    warnings: list[str] = []
    session = new_session(warnings)
    await session.run(request())  # saved when finished, again when analysed
    session.set_note("rosner", "kept on screen")
    assert len(warnings) == 1 and "could not be saved" in warnings[0]


async def test_a_stopped_run_keeps_its_glossary(server: FakeOpenAIServer, tmp_path: Path) -> None:
    """The run that a stop keeps is analysed against the same glossary as a finished one: a
    column that had finished is checked; one cut short is only flagged partial."""
    terms = tmp_path / "terms.csv"
    terms.write_text("source,target,style\nFluss,river,\n", encoding="utf-8")
    session = new_session()
    wanted = request(passage="Er ging zum Fluss.", glossary=str(terms))
    run_no = session.begin(wanted, {"rosner": "Hilda Rosner", "literal": "Literal"})
    opened = session.open_engine(wanted)
    await opened.aclose()
    done = Rendition(style="rosner", style_name="Hilda Rosner", text="He went to the stream.")
    session.apply(run_no, RenditionFinished("rosner", done))
    session.append(run_no, {"literal": "The river"})
    session.stop()
    assert session.comparison is not None
    assert [(e.source, e.target) for e in session.comparison.glossary] == [("Fluss", "river")]
    session.analyse()
    finished = session.comparison.column("rosner")
    assert finished is not None and finished.glossary is not None
    assert [flag.kind for flag in finished.flags if flag.kind == MISSING_KIND] == [MISSING_KIND]
    cut = session.comparison.column("literal")
    assert cut is not None and cut.glossary is None and cut.partial is not None
