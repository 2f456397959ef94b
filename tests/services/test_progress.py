"""A run's progress as the session reports it (`services/session/progress.py`): renditions
done of all, characters, elapsed time, the time left once it can be estimated, the local
model loading. A fixed clock stands in for time; the session's columns are real."""

from __future__ import annotations

from workbench.core.translate.events import RenditionFinished, RenditionStarted, TextDelta
from workbench.core.translate.models import Rendition
from workbench.services.run import RunRequest
from workbench.services.session import TranslationSession
from workbench.services.session.progress import bar, seconds

PASSAGE = "x" * 100


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def running_session() -> tuple[TranslationSession, Clock, int]:
    session = TranslationSession(warn=lambda message: None)
    clock = Clock()
    session.progress.clock = clock
    request = RunRequest(
        passage=PASSAGE, source_language="de", target_language="en", styles=("a", "b")
    )
    run_no = session.begin(request, {"a": "A", "b": "B"})
    return session, clock, run_no


def line(session: TranslationSession) -> str:
    return session.progress.report(session.columns.values()).line()


def test_time_left_is_not_guessed_before_text_arrives() -> None:
    session, clock, _ = running_session()
    clock.now += 3
    assert line(session) == "▕░░░░░░░░░░▏ 0/2 done · 0 chars · 3 s · time left not known yet"


def test_time_left_from_the_characters_streamed_against_the_passage() -> None:
    session, clock, run_no = running_session()
    session.apply(run_no, RenditionStarted("a", "a", "A"))
    session.apply(run_no, TextDelta("a", "y" * 50))  # half of a, none of b: a quarter
    clock.now += 4
    report = session.progress.report(session.columns.values())
    assert report.fraction == 0.25 and report.left == 12.0
    assert line(session) == "▕██░░░░░░░░▏ 0/2 done · 50 chars · 4 s · about 12 s left"
    session.apply(
        run_no, RenditionFinished("a", Rendition(style="a", style_name="A", text="y" * 100))
    )
    session.apply(run_no, TextDelta("b", "z" * 500))  # longer than expected: counts 0.9
    clock.now += 1
    report = session.progress.report(session.columns.values())
    assert report.done == 1 and report.fraction == 0.95
    assert "1/2 done" in report.line() and "600 chars" in report.line()


def test_loading_the_local_model_is_said_and_not_counted_in_the_estimate() -> None:
    session, clock, run_no = running_session()
    session.progress.model_loading("loading the local model m.gguf ...")
    clock.now += 2
    assert line(session) == "loading the local model m.gguf ... 2 s"
    clock.now += 8
    session.progress.model_loaded()
    session.apply(run_no, TextDelta("a", "y" * 100))
    clock.now += 2  # 10 s loading, then 2 s for half the run: 2 s left, not 12
    assert line(session).endswith("· 100 chars · 12 s · about 2 s left")


def test_all_done_but_the_run_not_yet_over_says_finishing() -> None:
    session, _, run_no = running_session()
    for key in ("a", "b"):
        session.apply(
            run_no, RenditionFinished(key, Rendition(style=key, style_name=key, text="t"))
        )
    assert line(session).endswith("2/2 done · 2 chars · 0 s · finishing")


def test_bar_and_seconds() -> None:
    assert bar(0) == "▕░░░░░░░░░░▏" and bar(1) == "▕██████████▏"
    assert seconds(59.4) == "59 s" and seconds(125) == "2 min 05 s"
