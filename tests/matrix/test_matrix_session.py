"""A column of a run of several models asked again (the comparison screen's retry): only its
own model on its own endpoint is asked, and its answer replaces it in the run."""

from __future__ import annotations

import asyncio

from tests.matrix.conftest import Matrix
from tests.services.helpers import drive_retry
from workbench.io.translate.history import load_run
from workbench.services.run import RunRequest
from workbench.services.session import TranslationSession


def test_a_retry_asks_only_its_own_model(matrix: Matrix) -> None:
    matrix.far.add_fault("500", times=2)  # the far columns fail (no retries in the config)
    session = TranslationSession(warn=lambda message: None)
    request = RunRequest(
        passage=matrix.passage.read_text(encoding="utf-8"),
        source_language="de",
        target_language="en",
        styles=("rosner", "literal"),
        models=("zebra-a", "farside:yak-7b:q4"),
    )
    asyncio.run(session.run(request))
    key = "literal@farside:yak-7b:q4"
    assert session.columns[key].state == "failed"
    assert session.columns["rosner@zebra-a"].state == "done"
    default_asked, far_asked = len(matrix.default.requests), len(matrix.far.requests)

    retry = session.retry(key, request)
    assert retry is not None
    run_no, narrowed = retry

    asyncio.run(drive_retry(session, run_no, narrowed))
    assert len(matrix.default.requests) == default_asked
    assert len(matrix.far.requests) == far_asked + 1
    assert matrix.far.requests[-1]["body"]["model"] == "yak-7b:q4"
    column = session.columns[key]
    assert column.state == "done" and column.text.startswith("[yak-7b:q4] [Literal gloss]")
    session.analyse()
    assert session.comparison is not None
    kept = load_run(session.comparison.id).column(key)
    assert kept is not None and kept.endpoint == "farside" and kept.column_model == "yak-7b:q4"
