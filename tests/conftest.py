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

# ---- running in parallel (pytest-xdist, `-n auto --dist loadgroup` in pyproject's addopts) ----

XDIST_GROUPS = {
    # npm packages and venvs, installed once per machine (tests/review/registry_installs.py)
    # by module fixtures: one worker, so that no two install into one folder at once
    "tests/review/test_adr_readers_real.py": "registries",
    "tests/review/test_radar_backstage.py": "registries",
    "tests/review/test_madr_renderers_real.py": "registries",
    # wheels built from this checkout
    "tests/test_packaging.py": "packaging",
}
"""Test files whose tests run on one worker. Besides these, every test of the real embedded
model (the `assembled_model_dir` fixture) runs on one worker, group `local_model`: the model is
assembled and loaded once, and its generations never compete with one another for the cores."""


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        group = XDIST_GROUPS.get(item.nodeid.split("::")[0])
        if group is None and "assembled_model_dir" in getattr(item, "fixturenames", ()):
            group = "local_model"
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
