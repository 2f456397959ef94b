"""Every rendition has a wall-clock deadline and a size cap (issue 11, item 8), and a rendition
that ends early keeps the text parsed so far, marked partial (item 16). Against the real-HTTP
test server's never-finishing modes."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import make_provider, request_parts, style_responder
from workbench.core.translate.events import RenditionFinished, RunFinished
from workbench.core.translate.models import Comparison, Rendition
from workbench.io.translate.styles import load_catalog
from workbench.services.engine import TranslationEngine, TranslationJob

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."
DEADLINE = 2.0
NAMES = {
    "rosner": "Hilda Rosner",
    "neugroschel": "Joachim Neugroschel",
    "bernofsky": "Susan Bernofsky",
    "literal": "Literal gloss",
}


@pytest.fixture
def server(fake_openai: FakeOpenAIServer) -> FakeOpenAIServer:
    fake_openai.responder = style_responder
    return fake_openai


def for_style(style: str) -> Any:
    return lambda body: request_parts(body)[1] == NAMES[style]


async def run_timed(
    server: FakeOpenAIServer, styles: list[str], **engine_kw: Any
) -> tuple[Comparison, dict[str, float]]:
    """Run the engine; return the comparison and when (time.monotonic) each rendition ended."""
    provider = make_provider(server.base_url, timeout=120.0, max_retries=2)
    engine = TranslationEngine(provider, **engine_kw)
    job = TranslationJob(PASSAGE, "de", "en", load_catalog().resolve(styles), use_cache=False)
    ended: dict[str, float] = {}
    comparison = None
    try:
        async for event in engine.run(job):
            if isinstance(event, RenditionFinished):
                ended[event.key] = time.monotonic()
            elif isinstance(event, RunFinished):
                comparison = event.comparison
    finally:
        await provider.aclose()
    assert comparison is not None
    return comparison, ended


def first_request(server: FakeOpenAIServer, style: str) -> float:
    return min(r["started_at"] for r in server.requests if for_style(style)(r["body"]))


async def test_each_rendition_ends_within_the_deadline_of_its_first_request(
    server: FakeOpenAIServer,
) -> None:
    server.add_fault("hang", match=for_style("rosner"), times=10)
    server.add_fault("keepalive", match=for_style("neugroschel"), times=10, delay=0.3)
    server.add_fault("trickle", match=for_style("bernofsky"), times=10, delay=0.5)
    server.add_fault("endless", match=for_style("literal"), times=10, delay=0.02)
    styles = list(NAMES)
    comparison, ended = await run_timed(server, styles, deadline=DEADLINE)
    assert [r.key for r in comparison.renditions] == styles
    for r in comparison.renditions:
        assert r.error is not None and r.error.type == "timeout", r
        assert "deadline" in r.error.message
        # The bound the issue states: within D + 1 s of the rendition's first request.
        assert ended[r.key] - first_request(server, r.key) <= DEADLINE + 1, r.key
    literal = comparison.column("literal")
    assert literal is not None and literal.text.startswith("word1 word2")
    assert literal.partial is not None and literal.partial.reason == "deadline"
    rosner = comparison.column("rosner")
    assert rosner is not None and rosner.text == "" and rosner.partial is None


async def test_the_others_go_on(server: FakeOpenAIServer) -> None:
    server.add_fault("hang", match=for_style("rosner"), times=10)
    server.latency = 0.2
    comparison, _ = await run_timed(server, ["rosner", "literal", "bernofsky"], deadline=DEADLINE)
    errors = {r.key: r.error.type if r.error else None for r in comparison.renditions}
    assert errors == {"rosner": "timeout", "literal": None, "bernofsky": None}


async def test_time_queued_for_a_slot_does_not_count(server: FakeOpenAIServer) -> None:
    # One request at a time, each taking 0.8 s: the last one starts after ~2.4 s of waiting,
    # more than the deadline, and must still succeed.
    server.latency = 0.8
    comparison, _ = await run_timed(server, list(NAMES), deadline=1.5, concurrency=1)
    assert [r.error for r in comparison.renditions] == [None] * 4


async def test_an_answer_over_the_size_cap_is_cut_and_marked(server: FakeOpenAIServer) -> None:
    server.add_fault("endless", match=for_style("rosner"), times=10, delay=0.0)
    comparison, _ = await run_timed(
        server, ["rosner", "literal"], deadline=60.0, max_answer_chars=3000
    )
    rosner = comparison.column("rosner")
    assert rosner is not None and rosner.error is not None
    assert rosner.error.type == "too_long"
    assert rosner.partial is not None and rosner.partial.reason == "size_limit"
    assert 3000 <= len(rosner.text) < 3000 + 200
    literal = comparison.column("literal")
    assert literal is not None and literal.error is None


async def test_an_answer_whose_json_grows_without_its_text_is_stopped_at_a_cap(
    server: FakeOpenAIServer,
) -> None:
    """A model in JSON mode that writes white space without end after its text: the text stays
    under the cap, the answer does not; it is stopped as too long, not left to the deadline."""
    server.add_fault("whitespace", match=for_style("rosner"), times=10, delay=0.0)
    comparison, _ = await run_timed(
        server, ["rosner", "literal"], deadline=20.0, max_answer_chars=3000
    )
    rosner = comparison.column("rosner")
    assert rosner is not None and rosner.error is not None
    assert rosner.error.type == "too_long", rosner.error
    assert "llm.max_answer_chars" in rosner.error.message
    assert rosner.text == "word1"  # the text it had, kept and marked
    assert rosner.partial is not None and rosner.partial.reason == "size_limit"
    literal = comparison.column("literal")
    assert literal is not None and literal.error is None


async def test_an_answer_repeating_itself_is_stopped(server: FakeOpenAIServer) -> None:
    loop = "und so weiter, " * 2000

    def responder(body: dict[str, Any]) -> dict[str, Any]:
        return {"text": "Ich kann denken. " + loop, "notes": [], "footnotes": []}

    server.responder = responder
    comparison, _ = await run_timed(server, ["rosner"], deadline=60.0)
    rosner = comparison.column("rosner")
    assert rosner is not None and rosner.error is not None
    assert rosner.error.type == "repetition"
    assert rosner.partial is not None and rosner.partial.reason == "repetition"
    assert rosner.text.startswith("Ich kann denken. und so weiter,")
    assert len(rosner.text) < len(loop) // 2


def partial_of(r: Rendition | None) -> str | None:
    assert r is not None
    return r.partial.reason if r.partial is not None else None


async def test_stream_cut_and_token_limit_keep_the_parsed_text(server: FakeOpenAIServer) -> None:
    server.add_fault("break_stream", match=for_style("rosner"), times=5)
    server.add_fault("length", match=for_style("literal"), times=5)
    comparison, _ = await run_timed(server, ["rosner", "literal", "bernofsky"], deadline=60.0)
    rosner, literal = comparison.column("rosner"), comparison.column("literal")
    assert partial_of(rosner) == "stream_cut" and partial_of(literal) == "token_limit"
    for r, name in ((rosner, "Hilda Rosner"), (literal, "Literal gloss")):
        assert r is not None and r.text and not r.text.startswith("{")
        assert f"[{name}] {PASSAGE}".startswith(r.text)
    assert partial_of(comparison.column("bernofsky")) is None
    assert {r.key for r in comparison.failed} == {"rosner", "literal"}
