"""`workbench doctor`: the choice and why, the endpoint probed, the key never shown."""

from __future__ import annotations

import json

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
