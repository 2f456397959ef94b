"""`workbench doctor`: the choice and why, the endpoint probed, the key never shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import wb, wb_process
from tests.fake_openai_server import FakeOpenAIServer

KEY = "sk-test-secret-key-doctor-0123456789"


def test_doctor_probes_the_endpoint_and_never_prints_the_key(
    fake_openai: FakeOpenAIServer,
) -> None:
    env = {"OPENAI_BASE_URL": fake_openai.base_url, "OPENAI_API_KEY": KEY}
    text = wb("doctor", "--no-hash", env=env)
    assert text.returncode == 0, text.stderr
    assert "OPENAI_API_KEY is set" in text.stdout
    assert "reachable      yes" in text.stdout
    assert KEY not in text.stdout + text.stderr
    data = json.loads(wb("doctor", "--no-hash", "--format", "json", env=env).stdout)
    assert data["provider"] == {"name": "openai", "reason": "OPENAI_API_KEY is set"}
    assert data["openai"]["api_key"] == "set" and data["openai"]["reachable"] is True
    assert KEY not in json.dumps(data)


def test_doctor_says_when_the_endpoint_is_unreachable() -> None:
    result = wb("doctor", "--no-hash", "--format", "json",
                env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})  # fmt: skip
    data = json.loads(result.stdout)
    assert data["openai"]["reachable"] is False
    assert "cannot reach" in data["openai"]["detail"]
    assert data["openai"]["api_key"] == "not set"
    assert data["provider"]["name"] == "openai"
    assert result.returncode == 1, "a check of the provider in use failed: exit 1, as validate"
    assert "does not answer" in result.stderr, result.stderr


def test_doctor_exits_0_when_the_unreachable_endpoint_is_not_the_one_used() -> None:
    result = wb("doctor", "--no-hash", "--provider", "local",
                env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "reachable      no" in result.stdout


def test_doctor_with_an_explicit_provider() -> None:
    result = wb("doctor", "--no-hash", "--provider", "openai", "--format", "json")
    data = json.loads(result.stdout)
    assert data["provider"] == {"name": "openai", "reason": "--provider openai"}


def test_doctor_ends_when_the_endpoint_trickles_its_answer(fake_openai: FakeOpenAIServer) -> None:
    """A server that answers the probe one byte a second never lets a read time out: the probe
    still ends, within its own bound, and says so."""
    fake_openai.models_trickle = 1.0
    env = {"OPENAI_BASE_URL": fake_openai.base_url, "OPENAI_API_KEY": KEY}
    result = wb_process("doctor", "--no-hash", "--format", "json", env=env, timeout=60)
    data = json.loads(result.stdout)
    assert data["openai"]["reachable"] is False
    assert "no complete answer" in data["openai"]["detail"], data["openai"]
    assert result.returncode == 1, result.stderr


def test_doctor_fails_the_check_when_the_named_model_file_is_missing(tmp_path: Path) -> None:
    """A run with it stops with exit 2 ("is not a file"): the doctor must not say all is fine."""
    missing = tmp_path / "own.gguf"
    result = wb("doctor", "--provider", "local", "--format", "json",
                env={"WORKBENCH_LOCAL_MODEL_PATH": str(missing)})  # fmt: skip
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert json.loads(result.stdout)["local"]["present"] is False
    assert str(missing) in result.stderr and len(result.stderr.splitlines()) == 1


def test_doctor_fails_the_check_when_the_named_model_file_is_not_gguf(tmp_path: Path) -> None:
    own = tmp_path / "own.gguf"
    own.write_text("<html>404 Not Found</html>\n", encoding="utf-8")  # a failed download
    result = wb("doctor", "--provider", "local", env={"WORKBENCH_LOCAL_MODEL_PATH": str(own)})
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "not a GGUF file" in result.stdout
    assert "not a GGUF file" in result.stderr and len(result.stderr.splitlines()) == 1
    assert own.read_text(encoding="utf-8") == "<html>404 Not Found</html>\n", "left as it is"
    data = json.loads(wb("doctor", "--provider", "local", "--format", "json", "--no-hash",
                         env={"WORKBENCH_LOCAL_MODEL_PATH": str(own)}).stdout)  # fmt: skip
    assert data["local"]["gguf"] is False


def test_doctor_reports_a_model_file_it_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreadable file (no read permission, an I/O error) is reported, not an internal
    error (exit 3)."""
    from workbench.llm import local_model

    own = tmp_path / "own.gguf"
    own.write_bytes(b"GGUF" + bytes(100))

    def unreadable(path: Path) -> str:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(local_model, "sha256_file", unreadable)
    result = wb("doctor", "--provider", "local", "--format", "json",
                env={"WORKBENCH_LOCAL_MODEL_PATH": str(own)})  # fmt: skip
    assert "internal error" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Permission denied" in json.loads(result.stdout)["local"]["problem"]
