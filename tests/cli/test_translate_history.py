"""A finished `workbench translate` run is never lost to history: the output comes first."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten.\n"


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


def test_output_is_written_when_history_cannot_be_saved(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    passage = tmp_path / "passage.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    blocker = tmp_path / "data-is-a-file"
    blocker.write_text("", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = wb(
        "translate",
        str(passage),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--style",
        "literal",
        "-o",
        str(out),
        env={"WORKBENCH_DATA_DIR": str(blocker)},
    )
    assert result.returncode == 0, result.stderr
    assert "[Hilda Rosner]" in out.read_text(encoding="utf-8")
    [line] = result.stderr.splitlines()
    assert line.startswith("workbench: warning: ") and "history" in line
    assert "Traceback" not in result.stderr


def test_a_history_failure_leaves_the_failed_exit_code_alone(
    server: FakeOpenAIServer, tmp_path: Path, isolated_dirs: Path
) -> None:
    (isolated_dirs / "config" / "config.toml").write_text("[llm]\nmax_retries = 0\n")
    server.add_fault("500", match=lambda body: "Rosner" in str(body["messages"]))
    passage = tmp_path / "passage.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    blocker = tmp_path / "data-is-a-file"
    blocker.write_text("", encoding="utf-8")
    result = wb(
        "translate",
        str(passage),
        "--from",
        "de",
        "--to",
        "en",
        "--style",
        "rosner",
        "--style",
        "literal",
        env={"WORKBENCH_DATA_DIR": str(blocker)},
    )
    assert result.returncode == 1, result.stderr
    assert "[Literal gloss]" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "history" in warnings[0]


def test_a_run_file_that_does_not_validate_is_named_with_its_field(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    passage = tmp_path / "passage.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    assert wb("translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
              "-q").returncode == 0  # fmt: skip
    [path] = (Path(os.environ["WORKBENCH_DATA_DIR"]) / "history").glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["renditions"][0]["sample"] = "first"
    broken = json.dumps(data).encode("utf-8")
    path.write_bytes(broken)
    for args in (
        ["history", "show", "last"],
        ["history", "judge", "last", "--favourite", "rosner"],
    ):
        result = wb(*args)
        assert result.returncode == 2, result.stderr
        [line] = result.stderr.splitlines()
        assert str(path) in line and "renditions[0].sample:" in line, line
    assert path.read_bytes() == broken, "a file that does not validate is left as it was"
