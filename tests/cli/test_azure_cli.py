"""Azure OpenAI through the SDK's own Azure client and variables (AZURE_OPENAI_ENDPOINT,
AZURE_OPENAI_API_KEY, OPENAI_API_VERSION), against the test server's imitation of Azure's
paths (`/openai/deployments/{deployment}/chat/completions?api-version=...`) and `api-key`
header. The deployment is the model (`--model`, `-m`, WORKBENCH_MODEL, `llm.model`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder

KEY = "azure-secret-key-0123456789"
PASSAGE = "Ich kann denken. Ich kann warten.\n"


@pytest.fixture
def azure(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    fake_openai.azure_api_key = KEY
    fake_openai.azure_deployments = {"my-gpt4o": "gpt-4o-2024-08-06"}
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", f"http://127.0.0.1:{fake_openai.port}")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    return fake_openai


@pytest.fixture
def passage(tmp_path: Path) -> Path:
    path = tmp_path / "p.de.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    return path


def test_azure_variables_alone_choose_azure(azure: FakeOpenAIServer, passage: Path) -> None:
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
        "-m", "my-gpt4o", "--format", "json", "--no-cache",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (record,) = azure.requests
    assert record["path"] == "/openai/deployments/my-gpt4o/chat/completions"
    assert record["query"]["api-version"] == "2024-10-21"
    assert record["headers"]["api-key"] == KEY
    assert "authorization" not in record["headers"]
    data = json.loads(result.stdout)
    (rendition,) = data["renditions"]
    assert rendition["error"] is None
    assert rendition["model"] == "gpt-4o-2024-08-06"
    assert rendition["provenance"]["provider"] == "azure"
    assert KEY not in result.stdout + result.stderr


def test_provider_azure_from_the_config_file(
    azure: FakeOpenAIServer, passage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.io.config import config_file

    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-should-not-be-used-000")
    monkeypatch.delenv("AZURE_OPENAI_ENDPOINT")
    monkeypatch.delenv("OPENAI_API_VERSION")
    config_file().write_text(
        "[llm]\n"
        'provider = "azure"\n'
        f'azure_endpoint = "http://127.0.0.1:{azure.port}"\n'
        'api_version = "2024-06-01"\n'
        'model = "my-gpt4o"\n'
    )
    result = wb("translate", str(passage), "--from", "de", "--to", "en", "--style", "literal")
    assert result.returncode == 0, result.stderr
    (record,) = azure.requests
    assert record["path"] == "/openai/deployments/my-gpt4o/chat/completions"
    assert record["query"]["api-version"] == "2024-06-01"
    assert record["headers"]["api-key"] == KEY


def test_provider_azure_on_the_command_line_wins(
    azure: FakeOpenAIServer, passage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-should-not-be-used-000")
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "literal",
        "--provider", "azure", "--model", "my-gpt4o",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [r["path"] for r in azure.requests] == ["/openai/deployments/my-gpt4o/chat/completions"]


def test_azure_without_a_deployment_or_version_is_one_clear_line(
    azure: FakeOpenAIServer, passage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("translate", str(passage), "--from", "de", "--to", "en", "--style", "literal")
    no_model = wb(*args)
    assert no_model.returncode == 2
    assert "deployment" in no_model.stderr and "Traceback" not in no_model.stderr
    monkeypatch.delenv("OPENAI_API_VERSION")
    no_version = wb(*args, "-m", "my-gpt4o")
    assert no_version.returncode == 2
    assert "OPENAI_API_VERSION" in no_version.stderr
    assert azure.requests == []


def test_a_wrong_azure_key_is_the_style_error_never_shown(
    azure: FakeOpenAIServer, passage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "wrong-key-abcdef-123456")
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "literal",
        "-m", "my-gpt4o",
    )  # fmt: skip
    assert result.returncode == 1
    assert "Access denied" in result.stderr
    assert "wrong-key-abcdef-123456" not in result.stderr
    assert len(azure.requests) == 1


def test_doctor_says_azure_is_used_and_never_shows_the_key(azure: FakeOpenAIServer) -> None:
    result = wb("doctor", "--no-hash", "--format", "json", env={"WORKBENCH_MODEL": "my-gpt4o"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["provider"]["name"] == "azure"
    assert "AZURE_OPENAI_ENDPOINT" in report["provider"]["reason"]
    az = report["azure"]
    assert az["endpoint"] == f"http://127.0.0.1:{azure.port}"
    assert az["api_key"] == "set"
    assert az["api_version"] == "2024-10-21"
    assert az["deployment"] == "my-gpt4o"
    assert az["reachable"] is True, az
    (probe,) = azure.other_requests
    assert probe["headers"]["api-key"] == KEY and probe["path"] == "/openai/models"
    text = wb("doctor", "--no-hash")
    assert "azure" in text.stdout and KEY not in text.stdout + text.stderr
