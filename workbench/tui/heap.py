"""Keep the garbage collector's full passes short while text streams in.

A full (generation 2) collection walks every object the process holds; with Textual, pydantic
and the openai SDK loaded that is a pause long enough to be felt while text streams or keys are
pressed (bench/bench_tui.py measures both). `settle()` moves everything alive now
(modules, classes, the app's widgets) to the permanent generation (`gc.freeze()`), so later
passes only walk what was allocated since. It is called once the app is up and once after the
first run has loaded the LLM client; objects frozen are never freed, so it is not called per run.

The app also collects less often than Python's default (a young collection every 700 new
objects): painting allocates strips and segments by the thousand, so `THRESHOLDS` cut both the
time spent collecting over a streaming run and its worst pause.
"""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 50, 50)
_settled: set[str] = set()


def settle(stage: str) -> None:
    """Freeze the heap as it is now, once per `stage` ("app", "llm")."""
    if stage in _settled:
        return
    _settled.add(stage)
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
