"""The engine against a real-HTTP OpenAI-compatible server, faults included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.fake_openai_server import REFUSAL_TEXT, FakeOpenAIServer
from tests.llm_helpers import make_provider, request_parts, style_responder
from workbench.core.translate.events import RenditionFinished, TextDelta, TextReset
from workbench.core.translate.models import Comparison
from workbench.io.translate.styles import load_catalog
from workbench.llm.cache import ResponseCache
from workbench.services.engine import TranslationEngine, TranslationJob, collect

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."


def job(*style_ids: str, **kw: Any) -> TranslationJob:
    styles = load_catalog().resolve(list(style_ids))
    return TranslationJob(PASSAGE, "de", "en", styles, **kw)


async def run(server: FakeOpenAIServer, j: TranslationJob, **kw: Any) -> Comparison:
    cache = kw.pop("cache", None)
    provider = make_provider(server.base_url, **kw)
    try:
        return await collect(TranslationEngine(provider, cache=cache), j)
    finally:
        await provider.aclose()


def by_style(run_: Comparison) -> dict[str, Any]:
    return {r.style: r for r in run_.renditions}


@pytest.fixture
def server(fake_openai: FakeOpenAIServer) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    return fake_openai


async def test_all_styles_render_concurrently(server: FakeOpenAIServer) -> None:
    server.latency = 0.3
    result = await run(server, job())
    assert [r.error for r in result.renditions] == [None] * 4
    rosner = by_style(result)["rosner"]
    assert rosner.text == f"[Hilda Rosner] {PASSAGE}"
    assert rosner.notes == ["note from Hilda Rosner"]
    assert rosner.usage is not None and rosner.usage.total_tokens
    assert rosner.provenance.output_mode == "json_schema"
    assert rosner.model == "fake-model"
    starts = [r["started_at"] for r in server.requests]
    ends = [r["finished_at"] for r in server.requests]
    assert len(starts) == 4
    assert max(starts) < min(ends), "the four requests overlapped on the server"


async def test_streamed_deltas_rebuild_the_text(server: FakeOpenAIServer) -> None:
    provider = make_provider(server.base_url)
    engine = TranslationEngine(provider)
    shown: dict[str, str] = {}
    finished = {}
    async for event in engine.run(job("rosner", "literal")):
        if isinstance(event, TextDelta):
            shown[event.key] = shown.get(event.key, "") + event.text
        elif isinstance(event, TextReset):
            shown[event.key] = ""
        elif isinstance(event, RenditionFinished):
            finished[event.key] = event.rendition
    await provider.aclose()
    assert set(finished) == {"rosner", "literal"}
    for key, rendition in finished.items():
        assert shown[key] == rendition.text
    assert len([e for e in server.requests if e["body"]["stream"]]) == 2


async def test_json_schema_rejected_falls_back_to_json_object(server: FakeOpenAIServer) -> None:
    server.supports_json_schema = False
    result = await run(server, job("rosner", "literal"))
    assert all(r.error is None for r in result.renditions)
    assert {r.provenance.output_mode for r in result.renditions} == {"json_object"}
    kinds = [(r["body"].get("response_format") or {}).get("type") for r in server.requests]
    assert kinds.count("json_object") == 2


async def test_no_json_support_falls_back_to_plain_text(server: FakeOpenAIServer) -> None:
    server.supports_json_schema = False
    server.supports_json_object = False
    result = await run(server, job("rosner"))
    rosner = by_style(result)["rosner"]
    assert rosner.error is None
    assert rosner.text == f"[Hilda Rosner] {PASSAGE}"
    assert rosner.provenance.output_mode == "text"


async def test_invalid_json_is_retried_with_the_error_shown(server: FakeOpenAIServer) -> None:
    server.add_fault("invalid_json")
    result = await run(server, job("rosner"))
    assert by_style(result)["rosner"].error is None
    assert len(server.requests) == 2
    retry_messages = server.requests[1]["body"]["messages"]
    assert retry_messages[-2]["role"] == "assistant"
    assert "could not be used" in retry_messages[-1]["content"]


async def test_invalid_json_every_time_ends_with_an_error(server: FakeOpenAIServer) -> None:
    server.add_fault("invalid_json", times=10)
    result = await run(server, job("rosner"), validation_retries=1)
    rosner = by_style(result)["rosner"]
    assert rosner.error is not None and rosner.error.type == "invalid_output"
    assert len(server.requests) == 2


async def test_429_with_retry_after_is_honoured(server: FakeOpenAIServer) -> None:
    server.add_fault("429", retry_after=0.2)
    result = await run(server, job("rosner"))
    assert by_style(result)["rosner"].error is None
    assert len(server.requests) == 2


async def test_500_is_retried(server: FakeOpenAIServer) -> None:
    server.add_fault("500")
    result = await run(server, job("rosner"))
    assert by_style(result)["rosner"].error is None
    assert len(server.requests) == 2


async def test_one_failing_style_never_takes_the_others_down(server: FakeOpenAIServer) -> None:
    server.add_fault("500", times=10, match=lambda b: request_parts(b)[1] == "Literal gloss")
    result = await run(server, job("rosner", "literal", "bernofsky"), max_retries=0)
    styles = by_style(result)
    assert styles["literal"].error is not None
    assert styles["literal"].error.type == "server_error"
    assert styles["rosner"].error is None and styles["bernofsky"].error is None
    assert [r.style for r in result.renditions] == ["rosner", "literal", "bernofsky"]


async def test_timeout_is_an_error_for_that_style(server: FakeOpenAIServer) -> None:
    server.add_fault("timeout", delay=3.0, match=lambda b: request_parts(b)[1] == "Hilda Rosner")
    result = await run(server, job("rosner", "literal"), timeout=0.5, max_retries=0)
    styles = by_style(result)
    assert styles["rosner"].error is not None and styles["rosner"].error.type == "timeout"
    assert styles["literal"].error is None


async def test_a_stream_that_breaks_off_is_retried(server: FakeOpenAIServer) -> None:
    server.add_fault("break_stream")
    provider = make_provider(server.base_url)
    resets = 0
    result = None
    async for event in TranslationEngine(provider).run(job("rosner")):
        if isinstance(event, TextReset):
            resets += 1
        if isinstance(event, RenditionFinished):
            result = event.rendition
    await provider.aclose()
    assert result is not None and result.error is None
    assert result.text == f"[Hilda Rosner] {PASSAGE}"
    assert len(server.requests) == 2
    assert resets == 1, "the half-shown text was cleared before the retry"


async def test_a_stream_that_keeps_breaking_ends_with_an_error(server: FakeOpenAIServer) -> None:
    server.add_fault("break_stream", times=5)
    result = await run(server, job("rosner"))
    rosner = by_style(result)["rosner"]
    assert rosner.error is not None and rosner.error.type == "stream_interrupted"


async def test_a_server_that_does_not_stream_is_named_not_taken_for_a_broken_stream(
    server: FakeOpenAIServer,
) -> None:
    """A server (or proxy) that ignores `stream: true` answers with one JSON body: the SDK
    reads no events, and the column said "the answer broke off part way" and was asked twice."""
    server.add_fault("no_stream", times=5)
    result = await run(server, job("rosner"))
    rosner = by_style(result)["rosner"]
    assert rosner.error is not None and rosner.error.type == "server_error"
    assert "application/json" in rosner.error.message and "stream" in rosner.error.message
    assert len(server.requests) == 1, "not retried as a broken stream"


async def test_finish_reason_length_is_reported_not_hidden(server: FakeOpenAIServer) -> None:
    server.add_fault("length")
    result = await run(server, job("rosner"))
    rosner = by_style(result)["rosner"]
    assert rosner.error is not None and rosner.error.type == "length"
    assert "incomplete" in rosner.error.message


def answered(json_modes: bool) -> Callable[[dict[str, Any]], bool]:
    """The requests the server answers (the others are refused for their response format)."""
    return lambda body: json_modes or not body.get("response_format")


@pytest.mark.parametrize("json_modes", [True, False], ids=["json", "text"])
@pytest.mark.parametrize(
    ("fault", "kind", "says"),
    [("content_filter", "content_filter", "content filter"), ("refusal", "refused", REFUSAL_TEXT)],
)
async def test_a_filtered_or_refused_answer_is_an_error_never_a_complete_rendition(
    server: FakeOpenAIServer, json_modes: bool, fault: Any, kind: str, says: str
) -> None:
    server.supports_json_schema = server.supports_json_object = json_modes
    server.add_fault(fault, times=10, match=answered(json_modes))
    result = await run(server, job("rosner", "literal"))
    rosner = by_style(result)["rosner"]
    assert rosner.error is not None and rosner.error.type == kind, rosner.error
    assert says in rosner.error.message
    if fault == "content_filter":  # what came is kept, marked partial
        assert rosner.partial is not None and rosner.text
        assert f"[Hilda Rosner] {PASSAGE}".startswith(rosner.text)
    else:
        assert rosner.text == "" and rosner.partial is None
    asked = [r for r in server.requests if r["fault"] == fault]
    assert len(asked) == 2, "once per style: never asked again as if it were malformed"


async def test_context_length_error_says_how_to_fix_it(server: FakeOpenAIServer) -> None:
    server.add_fault("context_length")
    result = await run(server, job("rosner"))
    rosner = by_style(result)["rosner"]
    assert rosner.error is not None and rosner.error.type == "context_length"
    assert "max_chars_per_request" in rosner.error.message


async def test_long_passage_is_split_and_rejoined(server: FakeOpenAIServer) -> None:
    paragraphs = [f"Absatz {i}. " + "Ich kann warten. " * 10 for i in range(6)]
    j = job("rosner")
    j.passage = "\n\n".join(paragraphs)
    j.max_chars = 400
    result = await run(server, j)
    rosner = by_style(result)["rosner"]
    assert rosner.error is None
    assert rosner.provenance.chunks == len(server.requests) > 1
    for i in range(6):
        assert f"Absatz {i}." in rosner.text


async def test_cache_serves_repeats_and_never_stores_errors_or_the_key(
    server: FakeOpenAIServer,
) -> None:
    cache = ResponseCache()
    server.add_fault("500", times=10, match=lambda b: request_parts(b)[1] == "Literal gloss")
    first = await run(server, job("rosner", "literal"), cache=cache, max_retries=0)
    assert by_style(first)["literal"].error is not None
    sent = len(server.requests)
    server.faults.clear()
    second = await run(server, job("rosner", "literal"), cache=cache)
    styles = by_style(second)
    assert styles["rosner"].cached is True
    assert styles["literal"].cached is False and styles["literal"].error is None
    assert len(server.requests) == sent + 1, "only the failed style was asked again"
    third = await run(server, job("rosner"), cache=cache)
    assert by_style(third)["rosner"].cached
    no_cache = await run(server, job("rosner", use_cache=False), cache=cache)
    assert not by_style(no_cache)["rosner"].cached
    cache.close()
    raw = b"".join(p.read_bytes() for p in cache.path.parent.iterdir() if p.is_file())
    assert b"sk-test-secret-key" not in raw


async def test_footnotes_in_plain_text_answers_are_kept_apart(server: FakeOpenAIServer) -> None:
    server.supports_json_schema = False
    server.supports_json_object = False
    server.responder = lambda body: "Fasting is good, sir.[1]\n\n[1] Herr: sir, master."
    result = await run(server, job("neugroschel"))
    r = by_style(result)["neugroschel"]
    assert r.text == "Fasting is good, sir.[1]"
    assert r.footnotes == ["[1] Herr: sir, master."]


@pytest.mark.parametrize("json_modes", [True, False], ids=["json", "text"])
async def test_an_answer_of_only_footnotes_is_a_failure_with_no_text(
    server: FakeOpenAIServer, json_modes: bool
) -> None:
    """The model answered a passage with a footnote line and nothing else: the column failed
    (invalid_output), and the footnote it streamed is taken back, not kept as the rendition's
    partial text (a footnote shown where the translation stands, as the translator's words)."""
    note = "[1] fasten: to go without food"
    server.supports_json_schema = server.supports_json_object = json_modes
    server.responder = lambda body: (
        {"text": note, "notes": [], "footnotes": []} if body.get("response_format") else note
    )
    provider = make_provider(server.base_url)
    shown, finished = "", None
    async for event in TranslationEngine(provider).run(job("rosner")):
        if isinstance(event, TextDelta) and event.key == "rosner":
            shown += event.text
        elif isinstance(event, TextReset):
            shown = ""
        elif isinstance(event, RenditionFinished):
            finished = event.rendition
    await provider.aclose()
    assert finished is not None and finished.error is not None
    assert finished.error.type == "invalid_output" and "only footnotes" in finished.error.message
    assert finished.text == "" and finished.partial is None
    assert note not in shown, "what the columns showed while it streamed is taken back"
