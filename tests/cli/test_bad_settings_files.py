"""A settings file (config.toml in the config folder) that is not what it should be: TOML nested
too deeply, a FIFO, an endless device, a file too large. Every command that reads the settings
stops with one clear line naming the file and exit 2: never a hang, never an internal error.

The settings are read before any request, but the runs still go to the fake server (real
HTTP), so a command that got past the settings would be seen answering."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer


@pytest.fixture
def passage(tmp_path: Path) -> Path:
    path = tmp_path / "passage.de.txt"
    path.write_text("Der Hund bellt. Die Katze schläft.\n", encoding="utf-8")
    return path


@pytest.fixture
def settings(isolated_dirs: Path) -> Path:
    return isolated_dirs / "config" / "config.toml"


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


def translate(passage: Path, *, process: bool = False) -> subprocess.CompletedProcess[str]:
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "literal"]
    args += ["--no-history", "-q"]
    if not process:
        return wb(*args)
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def assert_names_the_settings(result: subprocess.CompletedProcess[str], settings: Path) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("workbench: error: "), lines
    assert str(settings) in lines[0]
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
        "a = " + "{b = " * 3_000 + "1" + "}" * 3_000 + "\n",
    ],
    ids=["arrays", "inline-tables"],
)
def test_settings_nested_too_deeply_are_one_line_and_exit_2(
    server: FakeOpenAIServer, passage: Path, settings: Path, text: str
) -> None:
    settings.write_text(text, encoding="utf-8")
    line = assert_names_the_settings(translate(passage), settings)
    assert "TOML" in line
    assert server.requests == []


def test_settings_that_are_a_fifo_are_refused_not_waited_on(
    server: FakeOpenAIServer, passage: Path, settings: Path
) -> None:
    os.mkfifo(settings)
    line = assert_names_the_settings(translate(passage, process=True), settings)
    assert "FIFO" in line
    assert server.requests == []


def test_settings_that_are_an_endless_device_are_refused(
    server: FakeOpenAIServer, passage: Path, settings: Path
) -> None:
    settings.symlink_to("/dev/zero")  # read only: never written
    line = assert_names_the_settings(translate(passage, process=True), settings)
    assert "character device" in line
    assert server.requests == []


def test_settings_larger_than_the_limit_are_refused_unread(
    server: FakeOpenAIServer, passage: Path, settings: Path
) -> None:
    with settings.open("wb") as handle:  # sparse: 2 GiB that take no room on disk
        handle.truncate(2 << 30)
    line = assert_names_the_settings(translate(passage), settings)
    assert "too large" in line
    assert server.requests == []


def test_settings_saved_with_a_byte_order_mark_are_read(
    server: FakeOpenAIServer, passage: Path, settings: Path
) -> None:
    """Notepad saves UTF-8 with a BOM: the settings are read as written (here a seed the
    request then carries), not refused with "Invalid statement (at line 1, column 1)"."""
    settings.write_bytes("\ufeff[llm]\nseed = 4321\n".encode())
    result = translate(passage)
    assert result.returncode == 0, result.stderr
    assert [request["body"].get("seed") for request in server.requests] == [4321]


def test_an_empty_decisions_folder_setting_is_refused(
    settings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`[review] dir = ""` named the current folder: `review new` wrote its record there and
    `review list` listed whatever YAML was there. It is refused, naming the file and field."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.delenv("WORKBENCH_DECISIONS_DIR", raising=False)
    settings.write_text('[review]\ndir = ""\n', encoding="utf-8")
    line = assert_names_the_settings(wb("review", "list"), settings)
    assert "review.dir" in line
    assert list(here.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ('[llm]\nmodel = "m"\nconcurrency = true\n', ":3: llm.concurrency:", "true"),
        ("[llm]\r\n\r\ntimeout = false\r\n", ":3: llm.timeout:", "false"),
        ('llm = 3\n[review]\ndir = "d"\n', ":1: llm:", "table"),
        (
            '[endpoints.far-side]\nkind = "openai"\n# its limit\n'
            'base_url = "http://127.0.0.1:9/v1"\n  "concurrency" = -1\n',
            ":5: endpoints.far-side.concurrency:",
            "greater than or equal to 1",
        ),
        ('[llm]\nmodel = "m"\n\n[local]\nn_ctx = "big"\n', ":5: local.n_ctx:", "integer"),
        ('[llm]\nmodl = "m"\n', ":2: llm.modl:", "unknown setting"),
        ('llm.model = "m"\nllm.seed = -5\n', ":2: llm.seed:", "greater than or equal to 0"),
        (
            '[llm]\nmodel = "m"\napi_version = "a\u2028b"\nconcurrency = true\n',
            ":4: llm.concurrency:",
            "true",
        ),
    ],
    ids=[
        "bool-concurrency",
        "bool-timeout-crlf",
        "not-a-table",
        "endpoint",
        "local",
        "typo",
        "dotted",
        "unicode-line-separator",
    ],
)
def test_a_wrong_setting_names_the_file_line_and_field(
    server: FakeOpenAIServer, passage: Path, settings: Path, text: str, where: str, words: str
) -> None:
    """A setting of the wrong type or out of range is one line: the file, the line, the field
    and what is wrong; true or false is no number (it was read as 1 or 0)."""
    settings.write_bytes(text.encode())
    line = assert_names_the_settings(translate(passage), settings)
    assert f"{settings}{where}" in line, line
    assert words in line, line
    assert server.requests == []


@pytest.mark.parametrize(
    ("text", "words"),
    [('[llm]\nmodel = "gpt\\u001b[31m-4o"\n', "control character (U+001B)"),
     ('[llm]\nmodel = "  "\n', "an empty model name")],
    ids=["escape", "blank"],
)  # fmt: skip
def test_a_model_name_that_is_not_one_is_refused(
    server: FakeOpenAIServer,
    passage: Path,
    settings: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    words: str,
) -> None:
    """A model name is sent as it is and shown cleaned: with an escape in it, what was asked
    for is not what is shown; a blank one was sent as the model " "."""
    monkeypatch.delenv("WORKBENCH_MODEL")
    settings.write_text(text, encoding="utf-8")
    line = assert_names_the_settings(translate(passage), settings)
    assert f"{settings}:2: llm.model:" in line and words in line, line
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_MODEL", " ")
    result = translate(passage)
    assert result.returncode == 2 and "WORKBENCH_MODEL" in result.stderr, result.stderr
    assert "an empty model name" in result.stderr
    assert server.requests == []
