"""What only the real process shows: Ctrl-C (SIGINT) during a run ends it with exit status 130,
one line and no traceback.

The other real-process tests sit beside the features they check and are named for it: the
terminal checks and endless inputs in test_clear_errors.py (`run_process`), stdin `-` and exit
status 1 in test_translate_cli.py, `-o /proc/self/fd/1` and FIFOs with no reader in
test_output_targets.py (`wb_process`). Everything else calls the entry point in-process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fake_openai_server import FakeOpenAIServer


def test_process_sigint_during_a_run_is_exit_130_without_a_traceback(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    fake_openai.latency = 90  # the request is in flight when Ctrl-C comes
    passage = tmp_path / "p.txt"
    passage.write_text("Ich kann denken.\n", encoding="utf-8")
    env = {
        **os.environ,
        "OPENAI_BASE_URL": fake_openai.base_url,
        "OPENAI_API_KEY": "sk-test",
        "WORKBENCH_PROVIDER": "openai",
    }
    env.pop("WORKBENCH_DEBUG", None)
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120  # generous: a loaded machine starts Python slowly
        while not fake_openai.requests and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert fake_openai.requests, f"the run never reached the server: {proc.poll()}"
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)  # the answer would take 90 s
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            raise AssertionError(f"SIGINT did not end the run: {err[-500:]}") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, (proc.returncode, out, err)
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[-1] in ("Interrupted.", "Aborted."), err


@pytest.mark.parametrize("args", [["--version"], ["no-such-command"]])
def test_process_exit_status_through_the_real_entry_point(args: list[str]) -> None:
    """`python -m workbench` passes the entry point's exit code to the shell: 0, or 2 for a
    usage error, with one line of error and no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if args == ["--version"]:
        assert result.returncode == 0 and "workbench" in result.stdout, result.stderr
    else:
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and "no-such-command" in result.stderr
