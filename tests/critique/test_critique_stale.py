"""A critique judges the texts it was shown: once a column's text is asked for again (a retry),
its quotes, score and the ranking no longer describe what the run holds, and are never shown
as if they did; nor is a quote that does not stand at its place in a saved run's text."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from tests.fake_judge import FakeJudge
from tests.fake_openai_server import FakeOpenAIServer
from tests.services.helpers import drive_retry
from tests.tui.helpers import no_retries
from tests.tui.test_critique_snapshots import error
from workbench.core.critique.models import ColumnCritique, Critique
from workbench.core.translate.models import (
    Comparison,
    Rendition,
    RenditionError,
    SourceText,
    TargetSpec,
)
from workbench.export.run_formats import render_run
from workbench.io.translate.history import load_run
from workbench.services.critique import critique_run, open_judge
from workbench.services.run import RunRequest
from workbench.services.session import TranslationSession

PASSAGE = "Siddhartha ging zum Fluss. Govinda folgte ihm.\n"


@pytest.fixture
def server(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> FakeOpenAIServer:
    count = itertools.count(1)

    def numbered(body: dict[str, Any]) -> str | dict[str, Any]:
        n = next(count)
        text = f"Wording{n} went to the river. Govinda followed him."
        return {"text": text, "notes": [], "footnotes": []} if body.get("response_format") else text

    fake_openai.responder = numbered
    fake_openai.judge = FakeJudge()  # quotes each rendition's first word
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    no_retries(isolated_dirs)
    return fake_openai


def two_styles() -> RunRequest:
    return RunRequest(
        passage=PASSAGE, source_language="de", target_language="en", styles=("rosner", "literal")
    )


def text_of(run: Comparison, key: str) -> str:
    rendition = run.column(key)
    assert rendition is not None
    return rendition.text


async def test_a_retried_column_drops_the_critique_of_the_old_text(
    server: FakeOpenAIServer,
) -> None:
    request = two_styles()
    session = TranslationSession(warn=lambda _message: None)
    run = await session.run(request)
    old = text_of(run, "rosner")
    judged = (await critique_run(run, open_judge(judge=None, request=request))).critique
    assert judged is not None and judged.column("rosner").errors  # type: ignore[union-attr]
    assert session.set_critique(session.run_no, judged, run)

    await retry(session, request, "rosner")
    assert session.comparison is not None
    new = text_of(session.comparison, "rosner")
    assert new != old
    for shown in (session.comparison, load_run(session.comparison.id)):
        assert shown.critique is None  # ask the judge again (k) for the new text
        assert old.split()[0] not in render_run(shown, "markdown")


async def test_a_critique_that_arrives_after_a_retry_is_not_kept(
    server: FakeOpenAIServer,
) -> None:
    """The judge reads the run while a column is asked again (k, then r): its answer, about
    the old text, is dropped (False) rather than kept with the new one."""
    request = two_styles()
    session = TranslationSession(warn=lambda _message: None)
    run = await session.run(request)
    judging = critique_run(run, open_judge(judge=None, request=request))
    await retry(session, request, "literal")
    judged = (await judging).critique
    assert judged is not None
    assert not session.set_critique(session.run_no, judged, run)
    assert session.comparison is not None and session.comparison.critique is None


async def test_a_changed_reference_drops_the_critique_made_with_the_old_one(
    server: FakeOpenAIServer,
) -> None:
    """The judge is shown the reference (the human translation) beside each rendition: once
    the user adds, changes or removes it, the critique no longer says what the judge made of
    the run as it stands. It is dropped, and the user is told how to ask again."""
    request = two_styles()
    warnings: list[str] = []
    session = TranslationSession(warn=warnings.append)
    run = await session.run(request)
    judged = (await critique_run(run, open_judge(judge=None, request=request))).critique
    assert judged is not None and session.set_critique(session.run_no, judged, run)

    session.set_reference(session.reference.text if session.reference else "")  # no change
    assert session.comparison is not None and session.comparison.critique is not None
    assert warnings == []

    session.set_reference("Siddhartha went down to the river. Govinda came after him.")
    assert session.comparison is not None and session.comparison.critique is None
    assert load_run(session.comparison.id).critique is None
    assert len(warnings) == 1 and "old reference" in warnings[0] and "Press k" in warnings[0]


async def test_a_critique_that_arrives_after_the_reference_changed_is_not_kept(
    server: FakeOpenAIServer,
) -> None:
    request = two_styles()
    session = TranslationSession(warn=lambda _message: None)
    run = await session.run(request)
    judging = critique_run(run, open_judge(judge=None, request=request))
    session.set_reference("Siddhartha went down to the river. Govinda came after him.")
    judged = (await judging).critique
    assert judged is not None
    assert not session.set_critique(session.run_no, judged, run)
    assert session.comparison is not None and session.comparison.critique is None


async def retry(session: TranslationSession, request: RunRequest, key: str) -> None:
    asked = session.retry(key, request)
    assert asked is not None
    await drive_retry(session, *asked)
    session.analyse()


TEXT, OLD = "Siddhartha went to the river.", "Wording1 went to the river."


def test_a_quote_not_at_its_place_in_the_text_is_not_shown() -> None:
    """A run saved with a critique of another text (hand-edited, or retried before the
    critique was dropped on a retry): the quote is counted as not located, never shown."""
    run = Comparison(
        id="20261201-000000-0001",
        source=SourceText(text=PASSAGE, language="de"),
        target=TargetSpec(language="en"),
        renditions=[Rendition(style="rosner", style_name="Rosner", text=TEXT)],
        critique=Critique(
            judge="judge-x",
            columns=[
                ColumnCritique(
                    column="rosner",
                    score=50.0,
                    errors=[
                        error(OLD, "Wording1", "major", "odd"),  # the words of another text
                        error(TEXT, "river", "minor", "fine"),
                    ],
                )
            ],
        ),
    )
    for fmt in ("text", "markdown", "html"):
        out = render_run(run, fmt)
        assert "Wording1" not in out, fmt
        assert "river" in out and "1 claims could not be located" in out, fmt


def test_a_quote_at_negative_offsets_is_not_shown() -> None:
    """A hand-edited run whose error counts back from the end (start -6): Python's slice
    finds the words there, but they are not where the error says."""
    placed = error(TEXT, "river", "minor", "fine")
    backwards = placed.model_copy(update={"start": -6, "end": -1, "reason": "from the end"})
    run = Comparison(
        id="20261201-000000-0002",
        source=SourceText(text=PASSAGE, language="de"),
        target=TargetSpec(language="en"),
        renditions=[Rendition(style="rosner", style_name="Rosner", text=TEXT)],
        critique=Critique(
            judge="judge-x", columns=[ColumnCritique(column="rosner", errors=[backwards])]
        ),
    )
    for fmt in ("text", "markdown", "html"):
        out = render_run(run, fmt)
        assert "from the end" not in out and "1 claims could not be located" in out, fmt


def test_a_column_the_judge_did_not_read_is_named() -> None:
    """A failed column has no text, so no critique: the critique says which it did not read,
    instead of leaving the reader to count."""
    run = Comparison(
        id="20261201-000000-0003",
        source=SourceText(text=PASSAGE, language="de"),
        target=TargetSpec(language="en"),
        renditions=[
            Rendition(style="rosner", style_name="Rosner", text=TEXT),
            Rendition(
                style="bernofsky",
                style_name="Bernofsky",
                error=RenditionError(type="server", message="boom"),
            ),
        ],
        critique=Critique(judge="judge-x", columns=[ColumnCritique(column="rosner")]),
    )
    for fmt in ("text", "markdown", "html"):
        out = render_run(run, fmt)
        (line,) = [line for line in out.splitlines() if "Not judged" in line]
        assert "no text" in line and "Bernofsky" in line and "Rosner" not in line, fmt
