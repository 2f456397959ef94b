"""Blind mode gives nothing away before the pick: in every format, no metadata (order, ids,
prompt sizes, token counts, timings, temperature, prompt hash, cache flag) tells the columns
apart. The test: every style answers the same words, so the output must not change when the
hidden label -> style mapping does (the run is re-rendered under other mappings from history).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer, last_user_text
from tests.llm_helpers import request_parts

PASSAGE = "Siddhartha ging zum Fluss. Govinda folgte ihm. Sie schwiegen lange.\n"
SAME = "Siddhartha went to the river. Govinda followed him. They were silent for a long time."
STYLES = ("rosner", "literal", "bernofsky")
NAMES = ("Hilda Rosner", "Literal gloss", "Susan Bernofsky")
FORMATS = ("text", "markdown", "html", "json")


def same_answer(body: dict[str, Any]) -> str | dict[str, Any]:
    """Every style (and every round trip) gets the same words back."""
    passage, _ = request_parts(body)
    text = SAME if passage.startswith("Siddhartha ging") else (passage or last_user_text(body))
    if body.get("response_format"):
        return {"text": text, "notes": [], "footnotes": []}
    return text


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = same_answer
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    passage = tmp_path / "passage.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    reference = tmp_path / "reference.en.txt"
    reference.write_text("Siddhartha walked to the river. Govinda followed.\n", encoding="utf-8")
    return passage, reference


def _run_files() -> set[Path]:
    return set((Path(os.environ["WORKBENCH_DATA_DIR"]) / "history").glob("*.json"))


def _blind_run(passage: Path, reference: Path, fmt: str) -> str:
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--blind", "--round-trip"]
    for style in STYLES:
        args += ["--style", style]
    result = wb(*args, "--reference", str(reference), "--format", fmt)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _leaks(text: str) -> list[str]:
    words = [*STYLES, *NAMES, 'prompt_hash": "', 'temperature": 0']
    return [w for w in words if w in text]


@pytest.mark.parametrize("fmt", FORMATS)
def test_blind_output_does_not_depend_on_the_hidden_mapping(
    server: FakeOpenAIServer, files: tuple[Path, Path], fmt: str
) -> None:
    passage, reference = files
    # one style's answer is cached beforehand: the cache flag must not tell it apart
    primed = wb("translate", str(passage), "--from", "de", "--to", "en", "--style", "literal")
    assert primed.returncode == 0, primed.stderr
    before = _run_files()
    shown = _blind_run(passage, reference, fmt)
    sizes = {request_parts(r["body"])[1]: len(str(r["body"]["messages"])) for r in server.requests}
    assert len({sizes[name] for name in NAMES}) == 3, "the styles' prompts differ in size"
    assert _leaks(shown) == []
    [path] = _run_files() - before  # run ids of one second need not sort in time order
    run = json.loads(path.read_text(encoding="utf-8"))
    order = run["judgment"]["blind_order"]
    assert sorted(order) == sorted(STYLES)
    assert any(r["cached"] for r in run["renditions"]) and not all(
        r["cached"] for r in run["renditions"]
    )
    again = wb("history", "show", run["id"], "--format", fmt)
    assert again.returncode == 0, again.stderr
    assert again.stdout == shown
    for other in (order[::-1], order[1:] + order[:1], order[2:] + order[:2]):
        run["judgment"]["blind_order"] = other
        path.write_text(json.dumps(run), encoding="utf-8")
        remapped = wb("history", "show", run["id"], "--format", fmt)
        assert remapped.returncode == 0, remapped.stderr
        assert remapped.stdout == shown, f"the {fmt} output changed with the hidden mapping"


def test_blind_notes_and_failures_name_letters_not_styles(
    server: FakeOpenAIServer, files: tuple[Path, Path], isolated_dirs: Path
) -> None:
    passage, _ = files
    (isolated_dirs / "config" / "config.toml").write_text("[llm]\nmax_retries = 0\n")
    server.add_fault("500", times=20, match=lambda b: request_parts(b)[1] == "Literal gloss")
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--blind"]
    for style in STYLES:
        args += ["--style", style]
    result = wb(*args)
    assert result.returncode == 1
    assert _leaks(result.stdout) == [] and _leaks(result.stderr) == [], result.stderr
    assert "failed" in result.stderr
    noted = wb("history", "judge", "last", "--note", "B", "a careful one")
    assert noted.returncode == 0, noted.stderr
    assert _leaks(noted.stdout) == [], noted.stdout
    assert "Note on B" in noted.stdout
    for fmt in FORMATS:
        shown = wb("history", "show", "last", "--format", fmt)
        assert _leaks(shown.stdout) == [], (fmt, shown.stdout)
    picked = wb("history", "judge", "last", "--favourite", "A")
    assert picked.returncode == 0
    assert any(name in picked.stdout for name in NAMES), "the pick reveals the mapping"


def test_the_progress_board_of_a_blind_run_tells_nothing_apart() -> None:
    """On a terminal, `translate --blind` shows progress on stderr: one count for the whole
    run, never a row per style (its order, characters, time or cache flag would match it to
    a letter)."""
    import io

    from workbench.cli.progress import ProgressBoard
    from workbench.core.translate.events import RenditionFinished, RenditionStarted, TextDelta
    from workbench.core.translate.models import Rendition

    out = io.StringIO()
    names = {"rosner": "rendition 1", "literal": "rendition 2"}
    board = ProgressBoard(out, names, min_interval=0, blind=True)
    board.draw(force=True)
    board.update(RenditionStarted("rosner", "rosner", "Hilda Rosner"))
    board.update(TextDelta("rosner", "twelve chars"))
    done = Rendition(style="rosner", style_name="Hilda Rosner", text="x" * 12, latency_ms=1234)
    board.update(RenditionFinished("rosner", done.model_copy(update={"cached": True})))
    text = out.getvalue()
    assert _leaks(text) == []
    for detail in ("12 chars", "1.2 s", "cached", "rendition 1"):
        assert detail not in text, detail
    assert "1 of 2" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_glossary_entry_for_one_style_does_not_tell_its_column(
    server: FakeOpenAIServer, files: tuple[Path, Path], tmp_path: Path, fmt: str
) -> None:
    """A style's own entries are checked in its column only: in a blind run no column's
    glossary check (kept, missing, the flag) may show a term that has an entry for one style."""
    passage, _ = files
    glossary = tmp_path / "terms.csv"
    glossary.write_text(
        "source,target,note,style\n"
        "Fluss,river,,\n"  # every style: kept
        "Fluss,stream,,rosner\n"  # rosner's own rendering wins there: missing in rosner only
        "schwiegen,were silent,,literal\n"  # literal only: kept in literal only
        "Govinda,Gowinda,,\n",  # every style: missing
        encoding="utf-8",
    )
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--blind"]
    for style in STYLES:
        args += ["--style", style]
    before = _run_files()
    result = wb(*args, "--glossary", str(glossary), "--format", fmt)
    assert result.returncode == 0, result.stderr
    shown = result.stdout
    assert "Gowinda" in shown, "the terms for every style are still checked"
    [path] = _run_files() - before
    run = json.loads(path.read_text(encoding="utf-8"))
    order = run["judgment"]["blind_order"]
    for other in (order[::-1], order[1:] + order[:1], order[2:] + order[:2]):
        run["judgment"]["blind_order"] = other
        path.write_text(json.dumps(run), encoding="utf-8")
        remapped = wb("history", "show", run["id"], "--format", fmt)
        assert remapped.returncode == 0, remapped.stderr
        assert remapped.stdout == shown, f"the {fmt} output changed with the hidden mapping"
    picked = wb("history", "judge", run["id"], "--favourite", "A")
    assert picked.returncode == 0, picked.stderr
    revealed = wb("history", "show", run["id"], "--format", "json")
    checks = {r["style"]: r["glossary"] for r in json.loads(revealed.stdout)["renditions"]}
    assert {"source": "schwiegen", "target": "were silent"} in checks["literal"]["hits"]
    assert {"source": "Fluss", "target": "stream"} in checks["rosner"]["misses"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_server_error_quoting_the_prompt_size_does_not_tell_the_columns_apart(
    server: FakeOpenAIServer, files: tuple[Path, Path], isolated_dirs: Path, fmt: str
) -> None:
    """A context-length error quotes each request's token count (the styles' prompts differ in
    size): before the pick, the numbers in a blind run's error messages are not shown."""
    passage, _ = files
    (isolated_dirs / "config" / "config.toml").write_text("[llm]\nmax_retries = 0\n")
    server.add_fault("context_length", times=100)
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--blind"]
    for style in STYLES:
        args += ["--style", style]
    before = _run_files()
    result = wb(*args, "--format", fmt)
    assert result.returncode == 1
    assert "context" in result.stderr and "tokens" in result.stderr
    [path] = _run_files() - before
    run = json.loads(path.read_text(encoding="utf-8"))
    counts = {r["error"]["message"] for r in run["renditions"]}
    assert len(counts) == 3, "the history keeps each column's own message"
    assert not re.search(r"resulted in [0-9]", result.stdout + result.stderr), result.stderr
    shown = result.stdout
    order = run["judgment"]["blind_order"]
    for other in (order[::-1], order[1:] + order[:1]):
        run["judgment"]["blind_order"] = other
        path.write_text(json.dumps(run), encoding="utf-8")
        remapped = wb("history", "show", run["id"], "--format", fmt)
        assert remapped.stdout == shown, f"the {fmt} output changed with the hidden mapping"
