"""Blind mode with models side by side hides the models and endpoints too: in every output
format, in the failures on stderr, and in what the comparison screen shows (its columns'
titles and status come from the session)."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.cli.helpers import wb_process
from tests.llm_helpers import style_responder
from tests.matrix.conftest import Matrix
from workbench.core.translate.models import Reference
from workbench.services.run import RunRequest
from workbench.services.session import TranslationSession

MODELS = ("-m", "zebra-a", "-m", "farside:yak-7b:q4")


def _secrets(matrix: Matrix) -> list[str]:
    return [
        "zebra",
        "yak-7b",
        "farside",
        matrix.far.base_url,
        matrix.default.base_url,
        f":{matrix.far.port}",
        f":{matrix.default.port}",
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_blind_output_names_no_model_or_endpoint(matrix: Matrix, fmt: str) -> None:
    matrix.default.responder = matrix.far.responder = style_responder
    matrix.far.known_models = {"another-model"}  # the far columns fail, naming their model
    result = wb_process(
        "translate",
        str(matrix.passage),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--style",
        "literal",
        *MODELS,
        "--round-trip",
        "--blind",
        "--format",
        fmt,
        env=matrix.env(),
    )
    assert result.returncode == 1, result.stderr
    shown = result.stdout + result.stderr
    for name in _secrets(matrix):
        assert name not in shown, (name, fmt)
    assert "Rendition" in result.stdout or "rendition" in result.stdout
    assert shown.count("(hidden)") >= 2  # the far columns' errors, their model blotted out
    if fmt == "json":
        run = json.loads(result.stdout)
        assert run["model"] is None
        for r in run["renditions"]:
            assert r["model"] is None and r["endpoint"] is None and r["column_model"] is None
    # history shows the run blind too, until a favourite is picked
    history = wb_process("history", "show", "last", "--format", "json", env=matrix.env())
    for name in ("zebra", "yak-7b", "farside"):
        assert name not in history.stdout


def test_the_session_shows_a_blind_run_without_models(matrix: Matrix) -> None:
    """What the comparison screen shows of each column: its title (`name`, or `alias` while
    blind) and its status (`reason`)."""
    matrix.far.known_models = {"another-model"}
    session = TranslationSession(warn=lambda message: None)
    request = RunRequest(
        passage=matrix.passage.read_text(encoding="utf-8"),
        source_language="de",
        target_language="en",
        styles=("rosner", "literal"),
        models=("zebra-a", "farside:yak-7b:q4"),
    )
    run = asyncio.run(session.run(request))
    assert [c.id for c in session.columns.values()] == [
        "rosner@zebra-a",
        "rosner@farside:yak-7b:q4",
        "literal@zebra-a",
        "literal@farside:yak-7b:q4",
    ]
    assert [c.name for c in session.columns.values()][:2] == [
        "Hilda Rosner · zebra-a",
        "Hilda Rosner · farside:yak-7b:q4",
    ]
    failed = session.columns["rosner@farside:yak-7b:q4"]
    assert failed.state == "failed" and "yak-7b:q4" in failed.reason
    assert session.toggle_blind()
    for column in session.columns.values():
        assert column.alias is not None and column.alias.startswith("Rendition ")
        for name in ("zebra", "yak-7b", "farside"):
            assert name not in column.alias and name not in column.reason
    assert "(hidden)" in failed.reason
    session.set_reference("A reference.")
    assert session.reference == Reference(text="A reference.")
    assert run.renditions[1].endpoint == "farside"
