"""Models side by side (issue 17): 4 styles x 3 models in one run, through the run service
(`open_engine`, as `workbench translate -m A -m B -m far:C` sets it up), against a test server
that takes 1.5 s per answer, every endpoint at concurrency 12.

Run: ``python -m bench.bench_matrix`` (about 15 s), or ``--quick`` (0.3 s per answer, one
run each: a smoke check). The two servers (the default endpoint and one named `far`) are
`tests/fake_openai_server.py` run as processes of their own, as a real endpoint is not in the
workbench's process. The baseline, measured in the same run on the same servers and the same
path: one rendition (one style, one model).

Figure: wall(4 styles x 3 models) <= 1.2 x wall(one rendition). A missed target makes the
exit code 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import ROOT, figure

PASSAGE = "Ich kann denken. Ich kann warten. Ich kann fasten."
STYLES = ("rosner", "neugroschel", "bernofsky", "literal")
MODELS = ("model-a", "model-b", "far:model-c")
CONCURRENCY = 12
GOAL = 1.2


@contextlib.contextmanager
def _server(latency: float) -> Iterator[str]:
    """A test server in a process of its own; its base URL."""
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "fake_openai_server.py"), "--latency", str(latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        yield server.stdout.readline().strip()
    finally:
        server.terminate()
        server.wait(10)


def _setup(home: Path, default: str, far: str) -> None:
    for name in ("config", "data", "cache"):
        (home / name).mkdir()
        os.environ[f"WORKBENCH_{name.upper()}_DIR"] = str(home / name)
    (home / "config" / "config.toml").write_text(
        f'[llm]\nconcurrency = {CONCURRENCY}\n\n[endpoints.far]\nkind = "openai"\n'
        f'base_url = "{far}"\nconcurrency = {CONCURRENCY}\n',
        encoding="utf-8",
    )
    os.environ["OPENAI_BASE_URL"] = default
    os.environ["OPENAI_API_KEY"] = "sk-bench"
    for name in ("WORKBENCH_MODEL", "WORKBENCH_CONCURRENCY", "WORKBENCH_PROVIDER"):
        os.environ.pop(name, None)


async def _wall(styles: tuple[str, ...], models: tuple[str, ...]) -> tuple[float, int]:
    from workbench.core.translate.events import RunFinished
    from workbench.services.run import RunRequest, open_engine

    request = RunRequest(
        passage=PASSAGE,
        source_language="de",
        target_language="en",
        styles=styles,
        models=models,
        no_cache=True,
    )
    start = time.perf_counter()
    opened = open_engine(request, warn=print)
    columns = 0
    try:
        async for event in opened.events():
            if isinstance(event, RunFinished):
                failed = event.comparison.failed
                assert not failed, [r.error for r in failed]
                columns = len(event.comparison.renditions)
    finally:
        await opened.aclose()
    return time.perf_counter() - start, columns


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    latency, runs = (0.3, 1) if quick else (1.5, 3)
    with (
        _server(latency) as default,
        _server(latency) as far,
        tempfile.TemporaryDirectory() as tmp,
    ):
        _setup(Path(tmp), default, far)
        asyncio.run(_wall(("rosner",), ("model-a",)))  # warm: imports, the SDK's first client
        ones, alls = [], []
        for _ in range(runs):
            one, _n = asyncio.run(_wall(("rosner",), ("model-a",)))
            wall, columns = asyncio.run(_wall(STYLES, MODELS))
            ones.append(one)
            alls.append(wall)
        assert columns == len(STYLES) * len(MODELS)
    one, wall = statistics.median(ones), statistics.median(alls)
    ratio = wall / one
    figure(
        f"matrix: wall({len(STYLES)} styles x {len(MODELS)} models)/wall(1)",
        ratio,
        "x",
        f"<= {GOAL}",
        f"1 rendition {one:.2f} s, {columns} columns {wall:.2f} s "
        f"({latency} s per answer, concurrency {CONCURRENCY}, median of {runs})",
    )
    if ratio > GOAL:
        sys.exit(1)


if __name__ == "__main__":
    main()
