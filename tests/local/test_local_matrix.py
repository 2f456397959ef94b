"""The embedded model beside an OpenAI-compatible endpoint in one run (issue 17 item 2): its
columns render one after another while the other endpoint's stream."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import style_responder
from workbench.core.translate.events import Event, RenditionFinished, RenditionStarted, RunFinished
from workbench.services.run import RunRequest, open_engine

PASSAGE = "Der Fluss war breit. Am Ufer stand ein alter Mann."


def test_the_embedded_model_renders_its_columns_one_after_another_beside_others(
    local_model_dir: Path,
    isolated_dirs: Path,
    fake_openai: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_openai.responder = style_responder
    fake_openai.latency = 0.3
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    (isolated_dirs / "config" / "config.toml").write_text(
        '[endpoints.embedded]\nkind = "local"\nconcurrency = 8\n', encoding="utf-8"
    )
    request = RunRequest(
        passage=PASSAGE,
        source_language="de",
        target_language="en",
        styles=("rosner", "literal"),
        models=("fake-a", "embedded:builtin"),
        no_cache=True,
    )

    async def go() -> list[Event]:
        opened = open_engine(request, warn=lambda message: None)
        try:
            return [event async for event in opened.events()]
        finally:
            await opened.aclose()

    events = asyncio.run(go())
    order = [
        (type(e).__name__, e.key)
        for e in events
        if isinstance(e, RenditionStarted | RenditionFinished)
    ]
    local = ["rosner@embedded:builtin", "literal@embedded:builtin"]
    assert order.index(("RenditionStarted", local[1])) > order.index(
        ("RenditionFinished", local[0])
    )  # one after another, whatever the endpoint's concurrency says
    for key in ("rosner@fake-a", "literal@fake-a"):  # the others did not wait for them
        assert order.index(("RenditionFinished", key)) < order.index(
            ("RenditionFinished", local[0])
        )
    [finished] = [e for e in events if isinstance(e, RunFinished)]
    run = finished.comparison
    assert [r.key for r in run.renditions] == [
        "rosner@fake-a",
        "rosner@embedded:builtin",
        "literal@fake-a",
        "literal@embedded:builtin",
    ]
    for r in run.renditions:
        assert r.error is None, r.error
        assert r.text.strip()
    assert run.renditions[1].provenance.provider == "local"
    assert run.renditions[1].endpoint == "embedded"
