"""Run the real `workbench` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def wb(
    *args: str,
    input: bytes | str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env.pop("WORKBENCH_DEBUG", None)
    data = input.decode("utf-8", "surrogateescape") if isinstance(input, bytes) else input
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        input=data,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )


def assert_clean_error(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """One clear line on stderr, the exit code, no traceback."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) >= 1
    return result.stderr
