"""Per-model parameters against the real-HTTP test server: a known reasoning family gets no
sampling parameters and `max_completion_tokens` (with room for reasoning) from the start; an
unknown model that refuses a parameter (400 `unsupported_parameter` / `unsupported_value`) loses
it for the rest of the run, once, and the renditions say so in their provenance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import make_provider, style_responder
from workbench.core.errors import DataFileError
from workbench.core.translate.models import Comparison, StyleProfile
from workbench.io import paths
from workbench.io.model_families import load_model_table, rules_for
from workbench.io.translate.styles import load_catalog
from workbench.services.engine import TranslationEngine, TranslationJob, collect

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."


async def run(
    server: FakeOpenAIServer, styles: list[StyleProfile], *, concurrency: int = 4, **kw: Any
) -> Comparison:
    provider = make_provider(server.base_url, **kw)
    job = TranslationJob(PASSAGE, "de", "en", styles)
    try:
        return await collect(TranslationEngine(provider, concurrency=concurrency), job)
    finally:
        await provider.aclose()


def catalog(*ids: str) -> list[StyleProfile]:
    return load_catalog().resolve(list(ids))


@pytest.fixture
def server(fake_openai: FakeOpenAIServer) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    return fake_openai


async def test_known_reasoning_family_gets_only_what_it_takes(server: FakeOpenAIServer) -> None:
    server.reasoning_models = {"o3-mini"}
    result = await run(server, catalog("rosner", "literal"), model="o3-mini", max_output_tokens=900)
    assert [r.error for r in result.renditions] == [None, None]
    assert len(server.requests) == 2, "no request is refused: the table knew the family"
    for record in server.requests:
        body = record["body"]
        assert "temperature" not in body and "top_p" not in body and "max_tokens" not in body
        assert body["max_completion_tokens"] > 900, "room for reasoning tokens"
    for rendition in result.renditions:
        assert rendition.provenance.dropped_parameters == ["temperature"]
        assert rendition.provenance.temperature is None


@pytest.mark.parametrize("concurrency", [1, 4])
async def test_unknown_model_learns_each_refused_parameter_once(
    server: FakeOpenAIServer, concurrency: int
) -> None:
    server.reasoning_models = {"house-reasoner"}
    styles = catalog("rosner", "literal", "bernofsky", "neugroschel")
    result = await run(
        server, styles, model="house-reasoner", max_output_tokens=700, concurrency=concurrency
    )
    assert [r.error for r in result.renditions] == [None] * 4
    statuses = [_status(record) for record in server.requests]
    refused = [s for s in statuses if s != "ok"]
    if concurrency == 1:  # one after another: each parameter is refused once in the run
        assert sorted(refused) == ["max_tokens", "temperature"], statuses
        assert len(server.requests) == 4 + 2
    else:  # requests already in flight may each be refused once, never more
        assert set(refused) == {"max_tokens", "temperature"}, statuses
        assert refused.count("temperature") <= 4 and refused.count("max_tokens") <= 4
    assert statuses.count("ok") == 4, "one answered request per style"
    answered = [r["body"] for r in server.requests if _status(r) == "ok"]
    for body in answered:
        assert "temperature" not in body and "max_tokens" not in body
        assert body["max_completion_tokens"] >= 700
    for rendition in result.renditions:
        assert rendition.provenance.dropped_parameters == ["temperature"]
        assert rendition.provenance.temperature is None
        assert rendition.provenance.output_mode == "json_schema", "not a format refusal"


def _status(record: dict[str, Any]) -> str:
    body = record["body"]
    temperature = body.get("temperature")
    if temperature is not None and temperature != 1:
        return "temperature"
    if "max_tokens" in body:
        return "max_tokens"
    return "ok"


async def test_an_ordinary_model_keeps_its_parameters(server: FakeOpenAIServer) -> None:
    result = await run(server, catalog("rosner"), model="llama3.1", max_output_tokens=300)
    (body,) = [r["body"] for r in server.requests]
    assert body["temperature"] == catalog("rosner")[0].temperature
    assert body["max_tokens"] == 300 and "max_completion_tokens" not in body
    assert result.renditions[0].provenance.dropped_parameters == []


async def test_a_null_temperature_is_the_model_default(server: FakeOpenAIServer) -> None:
    style = StyleProfile.model_validate(
        {"id": "plain", "name": "Plain", "brief": "Translate plainly.", "temperature": None}
    )
    result = await run(server, [style], model="llama3.1")
    (body,) = [r["body"] for r in server.requests]
    assert "temperature" not in body
    assert result.renditions[0].error is None
    assert result.renditions[0].provenance.temperature is None
    assert result.renditions[0].provenance.dropped_parameters == []


def test_a_style_file_may_leave_the_temperature_to_the_model(tmp_path: Path) -> None:
    from workbench.io.translate.styles import load_style_file

    path = tmp_path / "plain.yaml"
    path.write_text("name: Plain\nbrief: Translate plainly.\ntemperature: null\n")
    assert load_style_file(path).temperature is None


async def test_what_was_learned_is_kept_per_endpoint_and_model(server: FakeOpenAIServer) -> None:
    server.reasoning_models = {"house-reasoner"}
    await run(server, catalog("rosner"), model="house-reasoner", max_output_tokens=100)
    stored = json.loads((paths.cache_dir() / "model-parameters.json").read_text())
    (entry,) = stored["entries"]
    assert entry["endpoint"] == server.base_url and entry["model"] == "house-reasoner"
    assert set(entry["rejected"]) == {"temperature", "max_tokens"}
    assert "max_completion_tokens" in entry["accepted"]
    assert "Unsupported" in entry["rejected"]["temperature"]


# -- the table (data shipped with the package) ------------------------------------------------


@pytest.mark.parametrize(
    ("model", "base_url", "omitted", "limit"),
    [
        ("o1", None, {"temperature", "top_p"}, "max_completion_tokens"),
        (
            "o3-mini-2025-01-31",
            "http://localhost:8000/v1",
            {"temperature"},
            "max_completion_tokens",
        ),
        ("o4-mini", None, {"temperature", "top_p"}, "max_completion_tokens"),
        ("gpt-5", None, {"temperature", "top_p"}, "max_completion_tokens"),
        (
            "openai/gpt-5-mini",
            "https://openrouter.ai/api/v1",
            {"temperature"},
            "max_completion_tokens",
        ),
        ("gpt-4o-mini", "https://api.openai.com/v1", set(), "max_completion_tokens"),
        ("gpt-4o-mini", "http://localhost:11434/v1", set(), "max_tokens"),
        ("llama3.1", "http://localhost:11434/v1", set(), "max_tokens"),
        ("qwen3-o1-distill", "http://localhost:11434/v1", set(), "max_tokens"),
    ],
)
def test_the_table_knows_the_families(
    model: str, base_url: str | None, omitted: set[str], limit: str
) -> None:
    rules = rules_for(model, base_url)
    assert omitted <= rules.omit and (omitted or not rules.omit)
    assert rules.token_limit == limit


def test_a_broken_table_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "model_families.toml"
    path.write_text('[[family]]\nname = "x"\nmatch = ["x*"]\nomit = ["temprature"]\n')
    with pytest.raises(DataFileError) as caught:
        load_model_table(path)
    assert "temprature" in caught.value.message
    assert str(path) in str(caught.value)


def test_the_reasoning_mode_refuses_as_openai_does() -> None:
    import openai

    with FakeOpenAIServer() as server:
        server.reasoning_models = {"*"}
        client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        asks: list[tuple[dict[str, Any], str, str]] = [
            ({"temperature": 0.3}, "temperature", "unsupported_value"),
            ({"top_p": 0.9}, "top_p", "unsupported_parameter"),
            ({"max_tokens": 50}, "max_tokens", "unsupported_parameter"),
        ]
        for extra, param, code in asks:
            with pytest.raises(openai.BadRequestError) as refused:
                client.chat.completions.create(
                    model="o3", messages=[{"role": "user", "content": "x"}], **extra
                )
            assert (refused.value.param, refused.value.code) == (param, code)
        answer = client.chat.completions.create(
            model="o3",
            messages=[{"role": "user", "content": "x"}],
            temperature=1,
            max_completion_tokens=50,
        )
        assert answer.choices[0].message.content == "x"
        client.close()
