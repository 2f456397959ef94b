"""The garbage collector's settings, chosen once per process at its entry point (the CLI's
`main`, the TUI app factories, the start of a record-loading worker), never by library code
that a caller runs in its own process.

Loading a big decisions folder builds hundreds of thousands of objects that live on (records
hold no reference cycles); with Python's default (a young collection every 700 new objects)
the collector runs thousands of times across a growing heap while doing so, and every later
full collection walks the records again. `bench/bench_review_loading.py` measures the figures.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence

THRESHOLDS = (20_000, 50, 50)
"""For long-lived processes (the TUI, a translation run): collect young objects less often."""

BATCH_COMMANDS = {"list", "show", "validate", "export", "set-status", "answer"}
"""`workbench review` commands that read the folder, print or write, and exit: their process
is short, so cycles are freed at exit and the collector is not run at all."""


@contextlib.contextmanager
def for_cli(argv: Sequence[str], *, restore: bool = True) -> Iterator[None]:
    """Around the CLI's entry point: no collector for a short `review` batch command (as for
    a loading worker), fewer collections otherwise (the TUI and translation runs live long).
    With `restore`, the settings before come back after (tests call the entry point in their
    process); without, as when the process ends with the command, they stay: turning the
    collector back on would make it walk every loaded record once more just before exit."""
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    words = [a for a in argv if not a.startswith("-")]
    if words[:1] == ["review"] and words[1:2] and words[1] in BATCH_COMMANDS:
        gc.disable()
    else:
        tune()
    if not restore:
        yield
        return
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()
        else:
            gc.disable()


def tune() -> None:
    """Collect less often (idempotent); also turns the collector back on."""
    gc.set_threshold(*THRESHOLDS)
    gc.enable()


def for_worker() -> None:
    """At the start of a record-loading worker: it parses, sends each record back and drops
    it (no cycles), then exits, so the collector would only walk objects that are garbage."""
    gc.disable()
