"""The output-mode ladder against the real-HTTP test server: it steps down only when the server
refuses the response format; any other refusal ends the style at once with the server's words.
JSON schemas are sent strict, in the shape strict mode accepts."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.shared_params import ResponseFormatJSONSchema
from pydantic import BaseModel

from tests.fake_openai_server import FakeOpenAIServer, strict_schema_problem
from tests.llm_helpers import make_provider, style_responder
from workbench.core.translate.models import Comparison, RenditionOutput, StyleBrief
from workbench.io.translate.styles import load_catalog
from workbench.llm.structured import schema_of, strict_schema
from workbench.services.engine import TranslationEngine, TranslationJob, collect

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."


async def run(server: FakeOpenAIServer, *styles: str, **kw: Any) -> Comparison:
    provider = make_provider(server.base_url, **kw)
    job = TranslationJob(PASSAGE, "de", "en", load_catalog().resolve(list(styles)))
    try:
        return await collect(TranslationEngine(provider), job)
    finally:
        await provider.aclose()


@pytest.fixture
def server(fake_openai: FakeOpenAIServer) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    return fake_openai


async def test_wrong_model_costs_one_request_per_style(server: FakeOpenAIServer) -> None:
    server.known_models = {"fake-model"}
    result = await run(server, "rosner", "literal", model="no-such-model")
    assert len(server.requests) == 2, "one request per style, not one per output mode"
    for rendition in result.renditions:
        assert rendition.error is not None
        assert "no-such-model" in rendition.error.message
        assert "does not exist" in rendition.error.message
    formats = {r["body"]["response_format"]["type"] for r in server.requests}
    assert formats == {"json_schema"}, "structured output is not downgraded"


async def test_format_refusal_still_steps_down(server: FakeOpenAIServer) -> None:
    server.supports_json_schema = False
    result = await run(server, "rosner", "literal")
    assert all(r.error is None for r in result.renditions)
    assert {r.provenance.output_mode for r in result.renditions} == {"json_object"}


async def test_json_schema_is_strict_and_accepted(server: FakeOpenAIServer) -> None:
    result = await run(server, "rosner")
    assert result.renditions[0].error is None
    assert result.renditions[0].provenance.output_mode == "json_schema"
    (request,) = server.requests
    json_schema = request["body"]["response_format"]["json_schema"]
    assert json_schema["strict"] is True
    assert strict_schema_problem(json_schema["schema"]) is None


@pytest.mark.parametrize("model", [RenditionOutput, StyleBrief])
def test_strict_schema_shape(model: type[BaseModel]) -> None:
    assert strict_schema_problem(schema_of(model)) is not None, "pydantic's own is not strict"
    schema = strict_schema(model)
    assert strict_schema_problem(schema) is None
    assert set(schema["required"]) == set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_the_server_refuses_a_schema_strict_mode_would_not_take() -> None:
    import openai

    with FakeOpenAIServer() as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        fmt: ResponseFormatJSONSchema = {
            "type": "json_schema",
            "json_schema": {"name": "R", "schema": schema_of(RenditionOutput), "strict": True},
        }
        with pytest.raises(openai.BadRequestError) as refused:
            client.chat.completions.create(
                model="fake-model",
                messages=[{"role": "user", "content": "x"}],
                response_format=fmt,
            )
        assert refused.value.status_code == 400
        client.close()
