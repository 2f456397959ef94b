"""A reader that goes away before the output is written (`workbench translate ... | head`):
the run the requests paid for is still kept in history (it was lost: history came after the
output). The exit code is click's for a closed pipe, 1, as the README's table says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import assert_clean_error, wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder


def test_translate_into_a_closed_pipe_keeps_the_run(
    fake_openai: FakeOpenAIServer, isolated_dirs: Path
) -> None:
    fake_openai.responder = style_responder
    env = {
        **os.environ,
        "OPENAI_BASE_URL": fake_openai.base_url,
        "OPENAI_API_KEY": "sk-test",
        "WORKBENCH_MODEL": "fake-model",
    }
    env.pop("WORKBENCH_DEBUG", None)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "workbench", "translate", "-", "--from", "de", "--to", "en",
             "--style", "rosner", "--quiet"],
            input=b"Ich kann denken.\n",
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    listed = wb("history", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert '"rosner"' in listed.stdout, "the run is kept though its output could not be written"


def test_translate_o_into_a_missing_folder_keeps_the_run(
    fake_openai: FakeOpenAIServer, isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o` that cannot be written is one line and exit 2; the run is in history all the same
    (`history export last -o ...` writes it once the folder is there)."""
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    out = isolated_dirs / "missing" / "out.md"
    args = ("translate", "-", "--from", "de", "--to", "en", "--style", "rosner", "-o", str(out))
    err = assert_clean_error(wb(*args, input="Ich kann denken.\n"))
    assert "does not exist" in err
    listed = wb("history", "list", "--format", "json")
    assert '"rosner"' in listed.stdout


FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [
        ["diff", "{a}", "{b}"],
        ["diff", "{a}", "{b}", "--format", "json"],
        ["align", "{a}", "{b}", "--from", "en", "--to", "en"],
        ["history", "list"],
        ["styles", "list"],
        ["schema", "comparison"],
        ["translate", "{a}", "--from", "de", "--to", "en", "--style", "rosner", "-q"],
    ],
)
def test_process_a_full_disk_on_standard_output_is_a_write_error_not_a_bug(
    fake_openai: FakeOpenAIServer, tmp_path: Path, args: list[str]
) -> None:
    """`workbench ... > file` on a full disk: the README's write error (one line naming
    standard output and the reason, exit 2), not "internal error ... This is a bug" (exit 3)."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Ich kann denken.\n", encoding="utf-8")
    b.write_text("Ich kann warten.\n", encoding="utf-8")
    env = {**os.environ, "OPENAI_BASE_URL": fake_openai.base_url, "OPENAI_API_KEY": "sk-test"}
    env.pop("WORKBENCH_DEBUG", None)
    with FULL.open("wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "workbench", *(x.format(a=a, b=b) for x in args)],
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    [line] = err.splitlines()
    assert line == "workbench: error: cannot write standard output: No space left on device"
