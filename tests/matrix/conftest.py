"""Two real test servers as two endpoints: the default one (OPENAI_BASE_URL) and one named
`farside` in the config file, for runs that put models side by side."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import request_parts

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten.\n"
SECOND_KEY = "sk-farside-secret-key-0987654321"


def model_responder(body: dict[str, Any]) -> str | dict[str, Any]:
    """Answers `[<model>] [<style name>] <passage>`, so each column shows which model wrote it."""
    passage, style = request_parts(body)
    text = f"[{body.get('model')}] [{style}] {passage}"
    if body.get("response_format"):
        return {"text": text, "notes": [], "footnotes": []}
    return text


def max_in_flight(server: FakeOpenAIServer) -> int:
    """The most chat requests the server was answering at once (from its own records)."""
    points = []
    for record in server.requests:
        points.append((record["started_at"], 1))
        points.append((record["closed_at"] or record["started_at"], -1))
    now = most = 0
    for _, step in sorted(points, key=lambda p: (p[0], p[1])):
        now += step
        most = max(most, now)
    return most


@dataclass
class Matrix:
    home: Path
    default: FakeOpenAIServer
    far: FakeOpenAIServer
    passage: Path

    def config(self, text: str = "") -> None:
        (self.home / "config" / "config.toml").write_text(
            "[llm]\nmax_retries = 0\n\n"
            "[endpoints.farside]\n"
            'kind = "openai"\n'
            f'base_url = "{self.far.base_url}"\n'
            'api_key_env = "FARSIDE_KEY"\n'
            "concurrency = 3\n" + text,
            encoding="utf-8",
        )

    def env(self) -> dict[str, str]:
        """For a `workbench` process: the test's folders and the default endpoint."""
        return {
            "WORKBENCH_CONFIG_DIR": str(self.home / "config"),
            "WORKBENCH_DATA_DIR": str(self.home / "data"),
            "WORKBENCH_CACHE_DIR": str(self.home / "cache"),
            "OPENAI_BASE_URL": self.default.base_url,
            "OPENAI_API_KEY": "sk-default-secret-key-1234567890",
            "FARSIDE_KEY": SECOND_KEY,
            "WORKBENCH_NO_TOUR": "1",
        }


@pytest.fixture
def matrix(
    isolated_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Matrix]:
    default = FakeOpenAIServer(responder=model_responder).start()
    far = FakeOpenAIServer(responder=model_responder).start()
    passage = tmp_path / "passage.de.txt"
    passage.write_text(PASSAGE, encoding="utf-8")
    m = Matrix(isolated_dirs, default, far, passage)
    m.config()
    for name, value in m.env().items():
        monkeypatch.setenv(name, value)
    assert os.environ["FARSIDE_KEY"] == SECOND_KEY
    try:
        yield m
    finally:
        default.stop()
        far.stop()
