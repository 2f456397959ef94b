"""Run the `workbench` command as a user would: in this process (`wb`), or as a real process
(`wb_process`) where the test is about the process itself.

`wb` calls the entry point `workbench.cli.main` (the same error mapping, exit codes and output)
with stdin, stdout, stderr and the environment swapped for the call by click's `CliRunner`:
no interpreter start and no imports per call. Use `wb_process` only for what needs the real
process: its exit status through `python -m workbench`, TTY detection, stdin and stdout being
real pipes or file descriptors, signals, and hard deadlines (a hang is killed by `timeout`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from click.testing import CliRunner

from workbench.cli import main

_ORIGINAL_STREAMS = ("__stdin__", "__stdout__", "__stderr__")


def _streams() -> tuple[object, object, object]:
    return sys.stdin, sys.stdout, sys.stderr


def wb(
    *args: str,
    input: bytes | str | None = None,
    env: Mapping[str, str | None] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """`workbench ARGS` called in this process; its exit code, stdout and stderr.

    `env` is laid over the test's environment for the call only (None removes a variable);
    stdin is `input` (empty when None), never a terminal."""
    environment: dict[str, str | None] = {"WORKBENCH_DEBUG": None, **(env or {})}
    before = Path.cwd()
    originals = [getattr(sys, name) for name in _ORIGINAL_STREAMS]
    with CliRunner().isolation(input=input, env=environment) as (out, err, _):
        # the terminal checks look at the process's own streams (sys.__stdin__ ...): they see
        # the swapped ones, as a process started with pipes would, even when pytest has a tty
        for name, stream in zip(_ORIGINAL_STREAMS, _streams(), strict=True):
            setattr(sys, name, stream)
        try:
            if cwd is not None:
                os.chdir(cwd)
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        else:  # pragma: no cover - main always exits
            code = 0
        finally:
            os.chdir(before)
            for name, stream in zip(_ORIGINAL_STREAMS, originals, strict=True):
                setattr(sys, name, stream)
        stdout, stderr = out.getvalue(), err.getvalue()
    return subprocess.CompletedProcess(
        ["workbench", *args],
        code,
        stdout.decode("utf-8", "replace"),
        stderr.decode("utf-8", "replace"),
    )


def wb_process(
    *args: str,
    input: bytes | str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`python -m workbench ARGS` as a real process with piped stdio (no terminal)."""
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


def on_a_terminal(
    *args: str, env: Mapping[str, str], stream: str = "stdout"
) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """`python -m workbench ARGS` with `stream` ("stdout" or "stderr") on a terminal (a pty),
    the other piped: the process, and what the terminal received."""
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "workbench", *args],
            stdin=subprocess.DEVNULL,
            stdout=follower if stream == "stdout" else subprocess.PIPE,
            stderr=follower if stream == "stderr" else subprocess.PIPE,
            env={**os.environ, **env},
            timeout=60,
        )
        os.close(follower)
        follower = -1
        received = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal has no writer left
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    return done, received.decode("utf-8", "replace")
