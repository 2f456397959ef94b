"""Bodies a hostile or broken server sends that the SDK would read whole: an error page that
inflates from kilobytes to gigabytes (a gzip bomb) is read only up to a bound, and the style
still ends with the server's error.

Memory is the process's own high-water mark (`os.wait4`), beside the same run without the
bomb: the test's process holds the server, and other tests' children confound RUSAGE_CHILDREN.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fake_openai_refusals import GZIP_BOMB_BYTES
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder


def translate(server: FakeOpenAIServer, passage: Path) -> tuple[int, str, int]:
    """Exit code, stderr and the peak resident memory (bytes) of one `translate` process."""
    env = {
        **os.environ,
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "sk-test",
        "WORKBENCH_MODEL": "fake-model",
    }
    env.pop("WORKBENCH_DEBUG", None)
    args = ["translate", str(passage), "--from", "de", "--to", "en", "--style", "literal"]
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", *args, "--no-cache", "-q"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, stderr, usage.ru_maxrss * 1024


def test_process_a_gzip_bomb_error_body_is_read_only_up_to_a_bound(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    fake_openai.responder = style_responder
    passage = tmp_path / "p.de.txt"
    passage.write_text("Ich kann denken.\n", encoding="utf-8")
    code, stderr, plain = translate(fake_openai, passage)
    assert code == 0, stderr
    fake_openai.add_fault("gzip_bomb", times=10)
    code, stderr, bombed = translate(fake_openai, passage)
    assert code == 1, stderr
    assert "failed (server_error)" in stderr and "the bomb went off" in stderr, stderr
    assert "Traceback" not in stderr
    grown = bombed - plain
    assert grown < GZIP_BOMB_BYTES // 4, f"{grown / 2**20:.0f} MiB more than a plain run"
