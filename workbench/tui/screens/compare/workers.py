"""The comparison screen's background work: the run (the engine's events, text coalesced),
the analysis and the chrF scores (threads). Each hands its results to the screen's session
on the event loop, tagged with the run's number so that an older run's are ignored."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import TYPE_CHECKING

from textual.css.query import NoMatches
from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

from workbench.core.errors import WorkbenchError
from workbench.core.translate.events import Event, TextDelta
from workbench.tui.heap import settle

if TYPE_CHECKING:
    from workbench.core.translate.models import Comparison
    from workbench.services.run import RunEngine, RunRequest
    from workbench.tui.screens.compare.screen import CompareScreen

BATCH_S = 0.008  # at most 125 streamed-text messages a second; the screen paints at 60


class EngineEvent(Message):
    """One event of a translation run, for the screen (`run` tells stale runs apart)."""

    def __init__(self, run: int, event: Event, retry: bool = False) -> None:
        super().__init__()
        self.run = run
        self.event = event
        self.retry = retry


class StreamedText(Message):
    """Text deltas of one or more columns, coalesced by the worker (at most one message every
    BATCH_S); `arrived` is when the first delta of each key's batch came from the engine."""

    def __init__(self, run: int, texts: dict[str, str], arrived: dict[str, float]) -> None:
        super().__init__()
        self.run = run
        self.texts = texts
        self.arrived = arrived


class Batcher:
    """Coalesces the engine's text deltas per column into one message: everything that arrives
    in the same turn of the event loop goes out together (at the end of that turn), and messages
    are at least BATCH_S apart, so a fast stream never floods the screen's message queue. The
    screen paints at most once a frame anyway; this only bounds the number of messages."""

    def __init__(self, screen: CompareScreen, run_no: int) -> None:
        self.screen = screen
        self.run_no = run_no
        self.texts: dict[str, list[str]] = {}
        self.arrived: dict[str, float] = {}
        self.last = 0.0
        self.timer: asyncio.Handle | None = None

    def add(self, key: str, text: str) -> None:
        now = time.perf_counter()
        self.texts.setdefault(key, []).append(text)
        self.arrived.setdefault(key, now)
        if self.timer is not None:
            return
        wait = BATCH_S - (now - self.last)
        loop = asyncio.get_running_loop()
        if wait <= 0:
            self.timer = loop.call_soon(self.flush)
        else:
            self.timer = loop.call_later(wait, self.flush)

    def flush(self) -> None:
        self.cancel()
        if not self.texts:
            return
        texts = {k: "".join(v) for k, v in self.texts.items()}
        self.screen.post_message(StreamedText(self.run_no, texts, self.arrived))
        self.texts, self.arrived = {}, {}
        self.last = time.perf_counter()

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


async def drive(screen: CompareScreen, run_no: int, request: RunRequest, *, retry: bool) -> None:
    """Run `request` through the run service (as `workbench translate` does), posting its
    events to the screen (run as an async worker: group "translate", or "retry")."""
    try:
        opened = screen.session.open_engine(request, screen.catalog)
    except WorkbenchError as exc:
        screen.setup_failed(run_no, exc.message)
        return
    settle("llm")  # the SDK is loaded: keep it out of the collector's full passes
    batch = Batcher(screen, run_no)
    try:
        if not await _prepare(screen, run_no, opened):
            return
        async for event in opened.events():
            if isinstance(event, TextDelta):
                batch.add(event.key, event.text)
                continue
            batch.flush()
            screen.post_message(EngineEvent(run_no, event, retry))
    finally:
        batch.cancel()
        await opened.aclose()


async def _prepare(screen: CompareScreen, run_no: int, opened: RunEngine) -> bool:
    """Load the local model before the renditions start (its progress shows in the run's
    line, `session.progress`); False when it cannot be loaded (the columns say why)."""
    if opened.provider.name != "local":
        return True
    try:
        await opened.prepare()
    except WorkbenchError as exc:
        screen.setup_failed(run_no, exc.message)
        return False
    finally:
        screen.session.progress.model_loaded()
    return True


def analyse(screen: CompareScreen, run_no: int, comparison: Comparison) -> None:
    """Analyse the run (in a thread worker, group "analyse"); the session takes the result
    unless the run changed meanwhile."""
    from workbench.core.compare.analysis import analyse

    analysed = analyse(comparison)

    def done() -> None:
        if screen.gone():
            return
        with contextlib.suppress(NoMatches):  # the screen may be closing as the thread ends
            screen.session.analysis_done(run_no, comparison, analysed)

    if not get_current_worker().is_cancelled:
        screen.app.call_from_thread(done)


def score(
    screen: CompareScreen, run_no: int, baseline: str, pairs: dict[str, tuple[str, str]]
) -> None:
    """chrF of each column against a rendition baseline (in a thread worker, group
    "metrics"): `pairs` maps a column's key to (its text, the baseline's text)."""
    from workbench.core.compare.metrics import chrf

    worker = get_current_worker()
    scores: dict[str, float] = {}
    for key, (text, reference) in pairs.items():
        if worker.is_cancelled:
            return
        scores[key] = chrf(text, reference).score

    def show() -> None:
        if screen.gone():
            return
        with contextlib.suppress(NoMatches):  # the screen may be closing
            screen.session.add_scores(run_no, baseline, scores)

    if not worker.is_cancelled:
        screen.app.call_from_thread(show)


def preload_llm() -> None:
    """The openai SDK is slow to import: a thread does it at once, rather
    than the event loop when the first run starts (keys would wait that long)."""
    import openai  # noqa: F401

    import workbench.llm.factory  # noqa: F401


def state_changed(
    screen: CompareScreen, event: Worker.StateChanged, *, current: Worker[None] | None
) -> None:
    """A worker of the screen ended: a run stopped (only `current`, the run on screen: an
    older one that a newer run replaced is no stop), or failed, said in a notification."""
    worker = event.worker
    if worker.group == "translate" and event.state == WorkerState.CANCELLED:
        if worker is not current:
            return
        screen.session.stop()
        screen.notify("Stopped; what had arrived is kept.", markup=False)
    elif event.state == WorkerState.ERROR:
        from workbench.llm.errors import clean_message
        from workbench.tui.screens.compare.keys import follow_run

        error = worker.error
        if worker.group in ("translate", "retry"):
            screen.session.failed()
            follow_run(screen)
        screen.notify(
            clean_message(f"{type(error).__name__}: {error}"),
            title="The run failed" if worker.group != "analyse" else "The analysis failed",
            severity="error",
            markup=False,
        )
        screen.refresh_info()


def stop(screen: CompareScreen) -> None:
    """Cancel the run's workers. A worker cancelled before its first step never says so
    (Textual marks it cancelled from inside its coroutine), and the run would stay "waiting"
    for ever: an escape typed as the run starts. So they are cancelled once the tasks made
    before them have stepped."""
    runs = [w for w in screen.workers if w.node is screen and w.group in ("translate", "retry")]
    asyncio.get_running_loop().call_soon(_cancel, runs)


def _cancel(runs: list[Worker[None]]) -> None:
    for worker in runs:
        worker.cancel()
