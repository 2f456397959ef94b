"""A run file that came from elsewhere (a colleague's history, a file edited by hand) is data
like any other: every field it holds is shown inert by `history show` and `history export`, in
every format. The metrics' names and sacrebleu signatures were printed as they were: an escape
sequence reached the terminal, raw HTML and a `javascript:` link reached the Markdown."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.cli.helpers import wb

RUN_ID = "20240102-030405-abcd"
HOSTILE = "\x1b]0;PWN\x07\x1b[2J<img src=x onerror=alert(1)>`|[l](javascript:alert(1))\n# H"
RAW = ("\x1b", "\x07")


def _score(name: str) -> dict[str, Any]:
    return {
        "name": HOSTILE + name,
        "score": 50.0,
        "higher_is_better": True,
        "signature": HOSTILE + "nrefs:1|case:mixed|version:2.6.0",
        "detail": HOSTILE,
    }


def _plant_run() -> None:
    folder = Path(os.environ["WORKBENCH_DATA_DIR"]) / "history"
    folder.mkdir(parents=True, exist_ok=True)
    metrics = {"chrf": _score("chrF"), "bleu": _score("BLEU"), "ter": _score("TER")}
    run = {
        "schema_version": 1,
        "id": RUN_ID,
        "created_at": "2024-01-02T03:04:05Z",
        "source": {"text": "Ich kann denken.", "language": "de"},
        "target": {"language": "en"},
        "reference": {"name": "ref.txt", "text": "I can think."},
        "renditions": [
            {
                "style": "rosner",
                "style_name": "Hilda Rosner",
                "text": "I can think.",
                "metrics": metrics,
            }
        ],
    }
    (folder / f"{RUN_ID}.json").write_text(json.dumps(run), encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_planted_runs_metric_names_and_signatures_are_inert(fmt: str) -> None:
    _plant_run()
    result = wb("history", "show", RUN_ID, "--format", fmt)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for ch in RAW:
        assert ch not in out, (repr(ch), fmt)
    assert "chrF" in out and "50.0" in out  # the metric is still shown
    if fmt == "markdown":
        rendered = MarkdownIt("commonmark").render(out)
        assert "<img" not in rendered, rendered
        assert 'href="javascript:' not in rendered, rendered
        assert not re.search(r"^<h1>H</h1>$", rendered, re.M), rendered
    if fmt == "html":
        assert "<img" not in out
