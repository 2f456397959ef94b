"""The critique's wall time: N + 2 requests for N columns, all at once.

The critique keeps to the judge endpoint's concurrency limit, so the test endpoint here is
given a concurrency of N + 2 (6 for 4 columns, `CONCURRENCY`): the figure is for an endpoint
that lets every request through at once; one of 4 would take two rounds.

Run from the repository root: python -m bench.bench_critique  (needs the dev extra; ~7 s)

Figure (issue 18), baseline measured in this same run against the same server: a critique of
4 columns (6 requests) against a test server that takes 1.5 s per answer, beside the wall of
one judge answer alone; goal <= 1.3x. A missed goal makes the exit code 1.
"""

from __future__ import annotations

import asyncio
import sys
import time

from bench.common import figure
from tests.fake_judge import FakeJudge
from tests.fake_openai_server import FakeOpenAIServer
from tests.llm_helpers import make_provider
from workbench.core.compare.analysis import analyse
from workbench.core.critique.models import Annotation
from workbench.core.critique.prompts import Redactor, annotation_messages, rows_of
from workbench.core.translate.models import Comparison, Rendition, SourceText, TargetSpec
from workbench.services.critique.run import critique

LATENCY = 1.5
GOAL = 1.3
CONCURRENCY = 4 + 2  # N + 2 for the 4 columns: every request at once
SOURCE = "Ich kann denken. Ich kann warten. Ich kann fasten."
TEXTS = [
    "I can think. I can wait. I can fast.",
    "I am able to think. I am able to wait. I am able to fast.",
    "I know how to think. I know how to wait. I know how to fast.",
    "Thinking I can do. Waiting I can do. Fasting I can do.",
]


def run_of_four() -> Comparison:
    renditions = [
        Rendition(style=f"s{n}", style_name=f"Style {n}", text=text, model="m")
        for n, text in enumerate(TEXTS, 1)
    ]
    run = Comparison(
        id="20261201-000000-beef",
        source=SourceText(text=SOURCE, language="de"),
        target=TargetSpec(language="en"),
        renditions=renditions,
    )
    return analyse(run)


async def one_answer(server: FakeOpenAIServer, run: Comparison) -> float:
    provider = make_provider(server.base_url, model="judge")
    r = run.renditions[0]
    rows = rows_of(r.text, r.alignment, SOURCE, "de", "en", Redactor([]))
    messages = annotation_messages(rows, "de", "en", None)
    start = time.perf_counter()
    await provider.complete(
        lambda _mode: messages,
        Annotation,
        temperature=0.0,
        on_delta=lambda _t: None,
        on_reset=lambda: None,
        text_field="answer",
    )
    elapsed = time.perf_counter() - start
    await provider.aclose()
    return elapsed


async def whole(server: FakeOpenAIServer, run: Comparison) -> tuple[float, int]:
    provider = make_provider(server.base_url, model="judge")
    start = time.perf_counter()
    result = await critique(run, provider, concurrency=CONCURRENCY)
    elapsed = time.perf_counter() - start
    await provider.aclose()
    assert not result.failures, result.failures
    return elapsed, result.requests


def main() -> int:
    run = run_of_four()
    with FakeOpenAIServer(latency=LATENCY) as server:
        server.judge = FakeJudge()
        asyncio.run(one_answer(server, run))  # warm-up: imports and first connection
        one = asyncio.run(one_answer(server, run))
        wall, requests = asyncio.run(whole(server, run))
    ratio = wall / one
    figure(
        f"critique of 4 columns ({requests} requests): wall / one answer",
        ratio,
        "x",
        f"<= {GOAL}",
        f"one answer {one:.2f} s, the critique {wall:.2f} s (server latency {LATENCY} s)",
    )
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
