"""A broken response cache never costs a rendition (issue 11, item 1).

The cache is an optimisation: a database with the wrong schema, corrupted pages, or a lock held
by another process makes it a miss with one warning; every requested style is still rendered.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten.\n"
STYLES = ["rosner", "neugroschel", "bernofsky", "literal"]


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


@pytest.fixture
def passage(tmp_path: Path) -> Path:
    path = tmp_path / "passage.de.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    return path


def cache_db() -> Path:
    return Path(os.environ["WORKBENCH_CACHE_DIR"]) / "responses.sqlite3"


def translate(passage: Path) -> subprocess.CompletedProcess[str]:
    styles = [arg for style in STYLES for arg in ("--style", style)]
    return wb("translate", str(passage), "--from", "de", "--to", "en", *styles, "--format", "json")


def assert_every_style_rendered(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["style"] for r in data["renditions"]] == STYLES
    assert [r["error"] for r in data["renditions"]] == [None] * 4
    warnings = [line for line in result.stderr.splitlines() if "cache" in line]
    assert len(warnings) == 1, result.stderr  # one warning, not one per style
    assert warnings[0].startswith("workbench: warning:")
    assert "Traceback" not in result.stderr


def test_wrong_schema(server: FakeOpenAIServer, passage: Path) -> None:
    with sqlite3.connect(cache_db()) as db:
        db.execute("create table responses(x)")
    assert_every_style_rendered(translate(passage))


def test_corrupted_pages(server: FakeOpenAIServer, passage: Path) -> None:
    first = translate(passage)
    assert first.returncode == 0, first.stderr
    path = cache_db()
    data = bytearray(path.read_bytes())
    assert len(data) >= 2 * 4096, "the cache has more than its first page"
    data[4096:] = b"\xa5" * (len(data) - 4096)  # every page after the header is garbage
    path.write_bytes(bytes(data))
    assert_every_style_rendered(translate(passage))


def test_corrupted_header(server: FakeOpenAIServer, passage: Path) -> None:
    cache_db().write_bytes(b"\x00garbage, not a database" * 400)
    assert_every_style_rendered(translate(passage))


HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "fresh":
    db.execute("BEGIN EXCLUSIVE")
    db.execute("CREATE TABLE responses (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL)")
else:
    db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        process.kill()
        process.wait()


def hold_lock(started: list[subprocess.Popen[str]], how: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(cache_db()), how], stdout=subprocess.PIPE, text=True
    )
    started.append(process)
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"


def test_locked_by_another_process_before_first_use(
    server: FakeOpenAIServer, passage: Path, holder: list[subprocess.Popen[str]]
) -> None:
    hold_lock(holder, "fresh")
    assert_every_style_rendered(translate(passage))


def test_existing_cache_locked_by_another_process(
    server: FakeOpenAIServer, passage: Path, holder: list[subprocess.Popen[str]]
) -> None:
    first = wb("translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner", "-q")
    assert first.returncode == 0, first.stderr
    hold_lock(holder, "existing")
    assert_every_style_rendered(translate(passage))


def test_entries_that_do_not_fit_are_misses(server: FakeOpenAIServer, passage: Path) -> None:
    first = translate(passage)
    assert first.returncode == 0, first.stderr
    with sqlite3.connect(cache_db()) as db:
        rows = db.execute("SELECT key, value FROM responses").fetchall()
        assert len(rows) == 4
        for n, (key, value) in enumerate(rows):
            entry = json.loads(value)
            if n == 0:
                entry["mode"] = "bogus"
            elif n == 1:
                entry["usage"] = {"total_tokens": "many"}
            elif n == 2:
                entry = ["not", "an", "object"]
            else:
                entry["output"] = {"text": None}
            db.execute("UPDATE responses SET value = ? WHERE key = ?", (json.dumps(entry), key))
    requests_before = len(server.requests)
    result = translate(passage)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["style"] for r in data["renditions"]] == STYLES
    assert [r["error"] for r in data["renditions"]] == [None] * 4
    assert [r["cached"] for r in data["renditions"]] == [False] * 4
    assert len(server.requests) == requests_before + 4
