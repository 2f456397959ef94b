"""Shared fixtures: every test gets its own config, data and cache folders, and no
OpenAI variables leak in from the machine running the tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "wbhome"
    for name in ("config", "data", "cache"):
        (home / name).mkdir(parents=True)
    monkeypatch.setenv("WORKBENCH_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("WORKBENCH_NO_TOUR", "1")  # the first-run tour: tests/tui/test_tour.py
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "AZURE_OPENAI_ENDPOINT",
        "AZURE_OPENAI_API_KEY",
        "OPENAI_API_VERSION",
        "WORKBENCH_MODEL",
        "WORKBENCH_PROVIDER",
        "WORKBENCH_CONCURRENCY",
        "WORKBENCH_TIMEOUT",
        "WORKBENCH_DEADLINE",
        "WORKBENCH_SEED",
        "WORKBENCH_DECISIONS_DIR",
        "WORKBENCH_LOCAL_MODEL_PATH",
        "WORKBENCH_LOCAL_MODEL_DIR",
        "WORKBENCH_LOCAL_THREADS",
    ):
        monkeypatch.delenv(var, raising=False)
    yield home


# The real-HTTP OpenAI-compatible server the LLM tests talk to.
from tests.fake_openai_fixtures import fake_openai  # noqa: E402, F401
