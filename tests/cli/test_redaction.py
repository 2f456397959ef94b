"""The API key and credentials in URLs are never shown nor stored (issue 11, item 12)."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer, Fault, error_body
from tests.llm_helpers import style_responder

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten.\n"
KEY = "sk-test-secret-key-1234567890"
PASSWORD = "pw-S3cret-in-url"


@pytest.fixture
def server(fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    return fake_openai


@pytest.fixture
def passage(tmp_path: Path) -> Path:
    path = tmp_path / "passage.de.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    return path


def stored_files() -> list[Path]:
    roots = [Path(os.environ[v]) for v in ("WORKBENCH_DATA_DIR", "WORKBENCH_CACHE_DIR")]
    return [p for root in roots for p in root.rglob("*") if p.is_file()]


def assert_nowhere(secret: str, *texts: str, files: list[Path]) -> None:
    for text in texts:
        assert secret not in text
    for path in files:
        assert secret.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("fmt", ["json", "text", "markdown", "html"])
def test_a_401_echoing_the_key_never_shows_nor_stores_it(
    server: FakeOpenAIServer, passage: Path, tmp_path: Path, fmt: str
) -> None:
    server.add_fault("auth_echo", times=100)
    out = tmp_path / f"run.{fmt}"
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
        "--format", fmt, "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "style rosner failed (auth)" in result.stderr
    assert "Invalid credentials" in result.stderr  # the server's message is still shown
    assert server.requests[0]["headers"]["authorization"] == f"Bearer {KEY}"
    runs = wb("history", "list", "--format", "json")
    [run] = json.loads(runs.stdout)
    exports = [wb("history", "show", run["id"], "--format", f).stdout for f in ("json", "html")]
    assert_nowhere(KEY, result.stdout, result.stderr, runs.stdout, *exports, files=[
        out, *stored_files()
    ])  # fmt: skip
    assert "sk-test-secret" not in out.read_text(encoding="utf-8")


def with_password(base_url: str) -> str:
    return base_url.replace("http://", f"http://wbuser:{PASSWORD}@")


QUERY_TOKEN = "qtok-Zq81-secret-in-the-query"


def with_query_token(base_url: str) -> str:
    """A gateway that takes its key in the query string, as some proxies do."""
    return f"{base_url}?api_key={QUERY_TOKEN}"


SECRET_URLS = {"password": (with_password, PASSWORD), "query": (with_query_token, QUERY_TOKEN)}


@pytest.mark.parametrize("where", list(SECRET_URLS))
def test_a_secret_in_the_base_url_is_sent_but_never_stored(
    server: FakeOpenAIServer, passage: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    url_with, secret = SECRET_URLS[where]
    monkeypatch.setenv("OPENAI_BASE_URL", url_with(server.base_url))
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    base_url = data["renditions"][0]["provenance"]["base_url"]
    assert base_url and "127.0.0.1" in base_url and secret not in base_url
    [request] = server.requests
    assert request["path"] == "/v1/chat/completions"
    if where == "query":  # the gateway still gets its key
        assert request["query"] == {"api_key": QUERY_TOKEN}
    runs = wb("history", "list", "--format", "json")
    assert_nowhere(secret, result.stdout, result.stderr, runs.stdout, files=stored_files())


@pytest.mark.parametrize("where", list(SECRET_URLS))
def test_a_secret_in_the_base_url_in_an_error_is_redacted(
    server: FakeOpenAIServer, passage: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    url_with, secret = SECRET_URLS[where]
    server.add_fault("auth_echo", times=100)  # quotes the request's URL, query and all
    monkeypatch.setenv("OPENAI_BASE_URL", url_with(server.base_url))
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 1
    assert "Invalid credentials" in result.stderr
    assert_nowhere(secret, result.stdout, result.stderr, files=stored_files())


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("where", list(SECRET_URLS))
def test_doctor_hides_the_urls_secret_and_reaches_the_endpoint(
    server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, fmt: str, where: str
) -> None:
    url_with, secret = SECRET_URLS[where]
    monkeypatch.setenv("OPENAI_BASE_URL", url_with(server.base_url))
    result = wb("doctor", "--no-hash", "--format", fmt, "--provider", "openai")
    assert secret not in result.stdout + result.stderr
    assert KEY not in result.stdout + result.stderr
    if fmt == "json":
        report = json.loads(result.stdout)["openai"]
        assert report["reachable"] is True, report
        assert "127.0.0.1" in report["base_url"]
    else:
        assert "reachable      yes" in result.stdout, result.stdout
    [probe] = [r for r in server.other_requests if r["path"] == "/v1/models"]
    assert probe["headers"].get("authorization")  # the credentials were sent, not shown
    if where == "query":
        assert probe["query"] == {"api_key": QUERY_TOKEN}


class CredentialsEchoServer(FakeOpenAIServer):
    """`auth_echo` quoting only the Authorization header's credentials, without the header's
    name or scheme ("unknown credentials d2J1c2Vy..."), as some proxies answer."""

    def _error_response(
        self, body: dict[str, Any], fault: Fault | None, request: web.Request
    ) -> web.Response | None:
        if fault is None or fault.kind != "auth_echo":
            return super()._error_response(body, fault, request)
        credentials = request.headers.get("Authorization", "").split(" ", 1)[-1]
        message = f"unknown credentials {credentials}"
        return web.json_response(error_body(message, "invalid_request_error"), status=401)


@pytest.fixture
def echo_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    server = CredentialsEchoServer(responder=style_responder).start()
    try:
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
        yield server
    finally:
        server.stop()


def test_the_base_url_credentials_sent_as_basic_auth_are_redacted_when_echoed(
    echo_server: FakeOpenAIServer, passage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTTP library sends a URL's user:password as `Authorization: Basic <base64>`: that
    token is the password too, and is never shown nor stored."""
    echo_server.add_fault("auth_echo", times=100)
    monkeypatch.setenv("OPENAI_BASE_URL", with_password(echo_server.base_url))
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "unknown credentials" in result.stderr
    token = base64.b64encode(f"wbuser:{PASSWORD}".encode()).decode()
    assert echo_server.requests[0]["headers"]["authorization"] == f"Basic {token}"
    assert_nowhere(token, result.stdout, result.stderr, files=stored_files())


@pytest.mark.parametrize(
    ("variable", "url"),
    [
        ("OPENAI_BASE_URL", f"localhost:11434/v1?api_key={QUERY_TOKEN}"),
        ("OPENAI_BASE_URL", f"ftp://wbuser:{PASSWORD}@example.org/v1"),
        ("AZURE_OPENAI_ENDPOINT", f"contoso.openai.azure.com?code={QUERY_TOKEN}"),
    ],
)
def test_a_url_refused_as_not_http_is_named_without_its_secrets(
    passage: Path, variable: str, url: str
) -> None:
    env = {
        variable: url,
        "AZURE_OPENAI_API_KEY": KEY,
        "OPENAI_API_VERSION": "2024-10-21",
        "WORKBENCH_MODEL": "fake-model",
        "OPENAI_API_KEY": None if variable.startswith("AZURE") else KEY,
        "OPENAI_BASE_URL": url if variable == "OPENAI_BASE_URL" else None,
    }
    result = wb("translate", str(passage), "--from", "de", "--to", "en", env=env)
    assert result.returncode == 2, result.stderr
    assert "not an http(s) URL" in result.stderr
    assert QUERY_TOKEN not in result.stderr and PASSWORD not in result.stderr


@pytest.fixture
def elsewhere() -> Iterator[FakeOpenAIServer]:
    """Another origin (another port) that a hostile endpoint redirects to."""
    server = FakeOpenAIServer(responder=style_responder).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("where", ["key", "password", "azure"])
def test_doctor_never_follows_a_redirect_to_another_host_with_the_credentials(
    server: FakeOpenAIServer,
    elsewhere: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """The probe's redirect to another origin is named, not followed: neither the Bearer key,
    the URL's Basic credentials nor Azure's `api-key` header goes to a host never configured."""
    server.redirect_to = f"http://127.0.0.1:{elsewhere.port}"
    if where == "azure":
        monkeypatch.delenv("OPENAI_API_KEY")
        monkeypatch.delenv("OPENAI_BASE_URL")
        monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", f"http://127.0.0.1:{server.port}")
        monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    elif where == "password":
        monkeypatch.setenv("OPENAI_BASE_URL", with_password(server.base_url))
    result = wb("doctor", "--no-hash", "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [probe] = server.other_requests
    assert probe["headers"].get("api-key" if where == "azure" else "authorization")
    assert elsewhere.other_requests == []  # nothing was sent there
    report = json.loads(result.stdout)["azure" if where == "azure" else "openai"]
    assert report["reachable"] is False
    assert f"redirected to http://127.0.0.1:{elsewhere.port}" in report["detail"], report
    assert_nowhere(KEY, result.stdout, result.stderr, files=[])
    assert_nowhere(PASSWORD, result.stdout, result.stderr, files=[])


def test_a_run_never_follows_a_redirect_to_another_host_with_the_passage(
    server: FakeOpenAIServer, elsewhere: FakeOpenAIServer, passage: Path
) -> None:
    """A 307 keeps the POST's body: following it to another origin sent the passage (without
    the key) to a host never configured. The column fails, naming where it was sent."""
    server.redirect_to = f"http://127.0.0.1:{elsewhere.port}"
    result = wb(
        "translate", str(passage), "--from", "de", "--to", "en", "--style", "rosner",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert elsewhere.requests == [] and elsewhere.other_requests == []  # nothing sent there
    assert f"redirected to http://127.0.0.1:{elsewhere.port}" in result.stderr, result.stderr
    assert_nowhere(KEY, result.stdout, result.stderr, files=[])
