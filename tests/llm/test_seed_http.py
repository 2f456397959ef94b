"""A seed makes runs repeatable: sample i of a style is asked with seed + i (the first sample with
the seed itself); without one, no seed is sent. `-m` is `--model`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import wb
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import make_provider, request_parts, style_responder
from workbench.io.translate.styles import load_catalog
from workbench.services.engine import TranslationEngine, TranslationJob, collect

PASSAGE = "Ich kann denken. Ich kann warten."


@pytest.fixture
def server(fake_openai: FakeOpenAIServer) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    return fake_openai


def seeds_by_style(server: FakeOpenAIServer) -> dict[str, list[int | None]]:
    seen: dict[str, list[int | None]] = {}
    for record in server.requests:
        style = request_parts(record["body"])[1]
        seen.setdefault(style, []).append(record["body"].get("seed"))
    result: dict[str, list[int | None]] = {}
    for style, seeds in seen.items():
        given: list[int | None] = [s for s in seeds if s is not None]
        result[style] = sorted(given, key=lambda s: s or 0) or [None]
    return result


async def test_sample_i_uses_seed_plus_i(server: FakeOpenAIServer) -> None:
    provider = make_provider(server.base_url, seed=41)
    job = TranslationJob(
        PASSAGE, "de", "en", load_catalog().resolve(["rosner", "literal"]), samples=3
    )
    try:
        result = await collect(TranslationEngine(provider), job)
    finally:
        await provider.aclose()
    assert all(r.error is None for r in result.renditions)
    assert seeds_by_style(server) == {"Hilda Rosner": [41, 42, 43], "Literal gloss": [41, 42, 43]}


async def test_no_seed_is_sent_unless_asked(server: FakeOpenAIServer) -> None:
    provider = make_provider(server.base_url)
    job = TranslationJob(PASSAGE, "de", "en", load_catalog().resolve(["rosner"]), samples=2)
    try:
        await collect(TranslationEngine(provider), job)
    finally:
        await provider.aclose()
    assert all("seed" not in r["body"] for r in server.requests)


def test_cli_seed_and_short_model_option(
    server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    result = wb(
        "translate", "-", "--from", "de", "--to", "en", "--style", "rosner",
        "-m", "chosen-model", "--seed", "7", "--samples", "2", "--no-cache", "--quiet",
        input=PASSAGE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert {r["body"]["model"] for r in server.requests} == {"chosen-model"}
    assert sorted(r["body"]["seed"] for r in server.requests) == [7, 8]


def test_seed_from_the_config_environment(
    server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-1234567890")
    monkeypatch.setenv("WORKBENCH_MODEL", "fake-model")
    monkeypatch.setenv("WORKBENCH_SEED", "100")
    result = wb(
        "translate", "-", "--from", "de", "--to", "en", "--style", "rosner", "--no-cache",
        "--quiet", input=PASSAGE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [r["body"]["seed"] for r in server.requests] == [100]
