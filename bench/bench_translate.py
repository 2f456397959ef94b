"""Translation core figures: fan-out, per-rendition overhead, start-up.

Run from the repository root: python -m bench.bench_translate  (needs the dev extra)
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time

from bench.common import ROOT, compile_bytecode, figure, time_process
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import make_provider, style_responder
from workbench.io.translate.styles import load_catalog
from workbench.services.engine import TranslationEngine, TranslationJob, collect

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."


async def _wall(server: FakeOpenAIServer, style_ids: list[str], concurrency: int) -> float:
    provider = make_provider(server.base_url)
    styles = load_catalog().resolve(style_ids)
    engine = TranslationEngine(provider, concurrency=concurrency)
    start = time.perf_counter()
    result = await collect(engine, TranslationJob(PASSAGE, "de", "en", styles, use_cache=False))
    elapsed = time.perf_counter() - start
    await provider.aclose()
    assert not result.failed, [r.error for r in result.failed]
    return elapsed


def fan_out() -> None:
    with FakeOpenAIServer(style_responder, latency=1.5) as server:
        one = asyncio.run(_wall(server, ["rosner"], 4))
        four = asyncio.run(_wall(server, ["rosner", "neugroschel", "bernofsky", "literal"], 4))
        serial = asyncio.run(_wall(server, ["rosner", "neugroschel", "bernofsky", "literal"], 1))
    figure(
        "fan-out: wall(4 styles)/wall(1 style)",
        four / one,
        "x",
        "<= 1.15",
        f"one after another {serial / one:.2f}x (1 style {one:.2f} s, 4 styles {four:.2f} s)",
    )


async def _overhead(server: FakeOpenAIServer, runs: int) -> tuple[float, float]:
    import openai

    client = openai.AsyncOpenAI(api_key="k", base_url=server.base_url, max_retries=0)
    style = load_catalog().get("rosner")
    from openai.types.chat import ChatCompletionUserMessageParam

    messages: list[ChatCompletionUserMessageParam] = [{"role": "user", "content": PASSAGE}]
    bare: list[float] = []
    ours: list[float] = []
    provider = make_provider(server.base_url)
    engine = TranslationEngine(provider)
    job = TranslationJob(PASSAGE, "de", "en", [style], use_cache=False)
    for i in range(runs + 5):
        start = time.perf_counter()
        stream = await client.chat.completions.create(
            model="fake-model",
            messages=messages,
            stream=True,
            response_format={"type": "json_object"},
        )
        async for _chunk in stream:
            pass
        b = time.perf_counter() - start
        start = time.perf_counter()
        await collect(engine, job)
        o = time.perf_counter() - start
        if i >= 5:  # warm-up
            bare.append(b)
            ours.append(o)
    await client.close()
    await provider.aclose()
    return statistics.median(bare), statistics.median(ours)


def overhead() -> None:
    with FakeOpenAIServer(style_responder) as server:
        bare, ours = asyncio.run(_overhead(server, 60))
    figure(
        "overhead per rendition beyond a bare SDK call",
        (ours - bare) * 1000,
        "ms",
        "<= 5",
        f"bare openai streamed call {bare * 1000:.2f} ms, ours {ours * 1000:.2f} ms",
    )


def startup() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {"WORKBENCH_CONFIG_DIR": home}
        help_ = time_process([sys.executable, "-m", "workbench", "--help"], runs=11, env=env)
        bare = time_process([sys.executable, "-c", "pass"], runs=11)
        imp = time_process([sys.executable, "-c", "import openai"], runs=5)
    figure(
        "start-up: workbench --help",
        help_ * 1000,
        "ms",
        "<= 150",
        f"python -c pass {bare * 1000:.0f} ms, python -c 'import openai' {imp * 1000:.0f} ms",
    )


def main() -> None:
    compile_bytecode()
    print(f"translation core benchmarks ({ROOT.name})")
    startup()
    overhead()
    fan_out()


if __name__ == "__main__":
    main()
