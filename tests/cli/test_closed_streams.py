"""A command started with stdin or stdout closed (`<&-`, `>&-`, as a careless script or a
service manager may start it): one clear line and exit 2, never an internal error. The file
the line names is what the user can fix: give FILE instead of stdin, or -o PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_closed(
    redirect: str, *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m workbench ARGS` with stdin (`<&-`) or stdout (`>&-`) closed, by a real shell."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("WORKBENCH_DEBUG", None)
    script = f'exec "$@" {redirect}'
    command = ["sh", "-c", script, "sh", sys.executable, "-m", "workbench", *map(str, args)]
    stdout = None if redirect == ">&-" else subprocess.PIPE
    result = subprocess.run(
        command, stdout=stdout, stderr=subprocess.PIPE, env=full_env, timeout=60
    )
    return subprocess.CompletedProcess(
        command,
        result.returncode,
        (result.stdout or b"").decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture
def texts(tmp_path: Path) -> tuple[Path, Path]:
    source, target = tmp_path / "de.txt", tmp_path / "en.txt"
    source.write_text("Der Hund bellt. Die Katze schläft.\n", encoding="utf-8")
    target.write_text("The dog barks. The cat sleeps.\n", encoding="utf-8")
    return source, target


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("workbench: error: "), result.stderr
    assert "internal error" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_align_from_a_closed_stdin(texts: tuple[Path, Path]) -> None:
    result = run_closed("<&-", "align", "-", texts[1], "--from", "de", "--to", "en")
    assert_one_clear_line(result, "stdin")


@pytest.mark.parametrize("args", [["-"], []], ids=["dash", "nothing"])
def test_translate_from_a_closed_stdin(args: list[str]) -> None:
    env = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "WORKBENCH_PROVIDER": "openai"}
    result = run_closed(
        "<&-", "translate", *args, "--from", "de", "--to", "en", "--style", "literal", env=env
    )
    assert_one_clear_line(result, "stdin")


def test_align_to_a_closed_stdout(texts: tuple[Path, Path]) -> None:
    result = run_closed(">&-", "align", *texts, "--from", "de", "--to", "en")
    assert_one_clear_line(result, "stdout", "-o")


def test_align_to_a_closed_stdout_with_o_writes_the_file(
    texts: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.txt"
    result = run_closed(">&-", "align", *texts, "--from", "de", "--to", "en", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "Der Hund bellt." in out.read_text(encoding="utf-8")


def test_diff_to_a_closed_stdout(texts: tuple[Path, Path]) -> None:
    result = run_closed(">&-", "diff", *texts)
    assert_one_clear_line(result, "stdout", "-o")
