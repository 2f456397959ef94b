"""Loading many decision-record files: read, take from the parse cache or parse and validate,
on several cores when there are many.

Every file is read in full on every run; its record comes from the parse cache when a file
with the same bytes was parsed before, and is parsed otherwise. A big folder is cut into
chunks of `CHUNK` files. This process loads them from the front; as soon as it meets a chunk
that is mostly not in the parse cache, it starts a standard-library process pool and hands it
chunks from the end, two per worker at a time, until the two meet. The pool's processes come
from a fresh interpreter (the `forkserver` start method, else `spawn`), never from forking this
process, which may be running threads (the TUI loads from a worker thread). A worker imports
only `parse_worker` (the YAML parser, not pydantic), so it starts quickly; it sends each record
back as the mapping its YAML gives (or its JSON, when the parse cache had it), and this process
validates it with pydantic as it validates the files it parses itself. A worker that dies
or cannot start costs only time: the chunks it did not send are loaded here. A warm load
(every record cached) starts no process at all, except for a screen (`busy`, below).

A screen loads from a thread while its main thread imports Textual and draws: there the
pool starts at once and does every chunk's reading, hashing and cache lookup, warm or cold,
and the loading thread only turns what it sends into records. A file read or an SQLite step
gives up the GIL, and getting it back from a main thread busy in Python waits its turn each
time: reading a big folder in that thread took many times as long as alone
(`bench/bench_review_tui.py`, browser open warm, has the figures).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from workbench.core.errors import DataFileError
from workbench.core.review.record import DecisionRecord
from workbench.io import gc_tuning
from workbench.io.review import parse_worker
from workbench.io.review.parse_cache import ParseCache
from workbench.io.review.parse_worker import FIRST_READ as FIRST_READ
from workbench.io.review.parse_worker import Sent as Sent
from workbench.io.review.parse_worker import load_chunk as _load_chunk
from workbench.io.review.parse_worker import parse_mapping, read_files
from workbench.io.review.parse_worker import read_record_bytes as read_record_bytes
from workbench.io.yamlio import validation_error

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

Outcome = DecisionRecord | DataFileError
"""What one file gave: its record, or why it is not one."""

PARALLEL_MIN = 2000
"""Fewer files than this are loaded in this process: starting workers costs more than they
save. `bench/bench_review_loading.py` on an idle machine (2 cores), pool against one process:
2,000 records cold 0.93 s against 0.98 s, 10,000 records 3.3 s against 4.4 s; on busy cores
one process wins at 2,000 (1.60 s against 2.05 s)."""
CHUNK = 100
"""Files per chunk: small enough that the last chunks balance well, big enough that sending
a chunk to a worker and back costs little beside loading it."""
MAX_JOBS = 8


def parse_record(path: Path, data: bytes) -> DecisionRecord:
    """One record from its bytes; any failure is a DataFileError naming file, line and field."""
    parsed, text = parse_mapping(path, data)
    try:
        return DecisionRecord.model_validate(parsed)
    except ValidationError as exc:
        raise validation_error(str(path), exc, text) from None


def jobs() -> int:
    """Processes to load with: WORKBENCH_JOBS, else the cores this process may use."""
    env = os.environ.get("WORKBENCH_JOBS", "").strip()
    if env.isdigit() and int(env) > 0:
        return min(int(env), MAX_JOBS)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def load_files(
    paths: list[Path], *, cache: bool = True, workers: int | None = None
) -> list[Outcome]:
    """What each of `paths` gives, in their order. `workers` (default: `jobs() - 1`, none
    for fewer than PARALLEL_MIN files) are pool processes helping this one."""
    return start_loading(paths, cache=cache, workers=workers).finish()


def start_loading(
    paths: list[Path], *, cache: bool = True, workers: int | None = None, busy: bool = False
) -> PendingLoad:
    """Start loading `paths`; `finish()` does it, with a pool of `workers` processes when
    there is parsing to share (see `PendingLoad`). `busy`:
    this process has other work meanwhile (a screen to draw), so by default there is a
    worker for every core rather than one fewer."""
    if workers is None:
        workers = (jobs() - (0 if busy else 1)) if len(paths) >= PARALLEL_MIN else 0
    return PendingLoad(paths, cache, workers, eager=busy)


class PendingLoad:
    """A load under way. The pool is handed chunks from the end, a few at a time; `finish()`
    loads chunks from the front until the two meet (for a screen, none while the pool runs),
    and gathers what the pool sends."""

    def __init__(
        self, paths: list[Path], cache: bool, workers: int, *, eager: bool = False
    ) -> None:
        self.chunks = [paths[start : start + CHUNK] for start in range(0, len(paths), CHUNK)]
        self.cache_path = ParseCache.default_path() if cache else None
        self.cache = (self.cache_path, ParseCache.KIND) if self.cache_path is not None else None
        """What a worker needs to look records up in the parse cache."""
        self.front = 0
        """The next chunk this process loads."""
        self.back = len(self.chunks) - 1
        """The next chunk handed to the pool."""
        self.workers = workers if len(self.chunks) > 1 else 0
        """The pool's size. It starts once this process finds a chunk that is mostly not in
        the parse cache (a warm load needs none: reviving a cached record costs less than
        starting a process)."""
        self.started = False
        self.pool: ProcessPoolExecutor | None = None
        self.tasks: dict[int, Future[Sent]] = {}
        self.eager = eager and self.workers > 0
        """The pool starts first and does every chunk it can (see the module's docs)."""

    def _hand_out(self) -> None:
        """Keep every worker busy with one chunk and one more waiting (so it never waits for
        this process, busy with its own chunks, to hand it the next)."""
        while self.pool is not None and len(self.tasks) < 2 * self.workers:
            if self.back < self.front:
                return
            try:
                task = self.pool.submit(_load_chunk, self.chunks[self.back], self.cache)
            except (OSError, RuntimeError):  # cannot start processes: this one does the rest
                self._stop()
                return
            self.tasks[self.back] = task
            self.back -= 1

    def finish(self, *, defer_cache_write: bool = False) -> list[Outcome]:
        """What each file gives, in order (once only). With `defer_cache_write`, the records
        parsed are written to the parse cache only by `write_cache()`, so a screen can show
        them first."""
        chunks = self.chunks
        pcache = ParseCache(self.cache_path) if self.cache_path is not None else None
        done: list[list[Outcome] | None] = [None] * len(chunks)
        finished = False
        try:
            if self.eager and not self.started:
                self.pool, self.started = _start_pool(self.workers), True
            while self.front <= self.back or (self.pool is None and self.front < len(chunks)):
                if self.eager and self.pool is not None:
                    self._gather(done, pcache, block=False, one=True)
                    self._hand_out()
                    continue
                n, self.front = self.front, self.front + 1
                if n not in self.tasks and done[n] is None:
                    done[n], parsed = _load_here(chunks[n], pcache)
                    if self.workers and not self.started and parsed * 2 > len(chunks[n]):
                        self.pool, self.started = _start_pool(self.workers), True
                self._gather(done, pcache, block=False)
                self._hand_out()
            self._gather(done, pcache, block=True)
            for n, outcomes in enumerate(done):
                if outcomes is None:  # its worker died
                    done[n], _ = _load_here(chunks[n], pcache)
            finished = True
        finally:
            self._stop()
            self._unsaved = pcache
            if not (finished and defer_cache_write):
                self.write_cache()
        return [outcome for outcomes in done if outcomes is not None for outcome in outcomes]

    def _gather(
        self,
        done: list[list[Outcome] | None],
        pcache: ParseCache | None,
        *,
        block: bool,
        one: bool = False,
    ) -> None:
        """Revive the chunks the pool has sent; with `block`, until it has sent them all;
        with `one`, after waiting for one at least."""
        if not self.tasks:
            return
        from concurrent.futures import FIRST_COMPLETED, CancelledError, wait
        from concurrent.futures.process import BrokenProcessPool

        if one:
            wait(self.tasks.values(), return_when=FIRST_COMPLETED)

        for n, task in list(self.tasks.items()):
            if not (block or task.done()):
                continue
            del self.tasks[n]
            try:
                sent = task.result()
            except (BrokenProcessPool, CancelledError, OSError):  # loaded here instead
                continue
            done[n] = _adopt(sent, self.chunks[n], pcache)

    def _stop(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    _unsaved: ParseCache | None = None

    def write_cache(self) -> None:
        """Write the records parsed into the parse cache (done by `finish()` unless told)."""
        pcache, self._unsaved = self._unsaved, None
        if pcache is not None:
            pcache.close()


def _start_pool(workers: int) -> ProcessPoolExecutor | None:
    """A pool of `workers` processes that are not forks of this one: `forkserver` where there
    is one (its server, started once, has the worker's module imported already), else `spawn`.
    Either way a worker imports only `parse_worker` (no pydantic, no record model)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context: BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload([parse_worker.__name__, "concurrent.futures.process"])
        context = server
    else:
        context = multiprocessing.get_context("spawn")
    try:
        return ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=gc_tuning.for_worker
        )
    except (OSError, ValueError):
        return None


def _parse(path: Path, data: bytes) -> Outcome:
    try:
        return parse_record(path, data)
    except DataFileError as exc:
        return exc


def _load_here(paths: list[Path], pcache: ParseCache | None) -> tuple[list[Outcome], int]:
    """What `paths` give, and how many of them were parsed (not in the parse cache)."""
    files = list(read_files(paths))
    hits = pcache.lookup(key for _, _, key in files if key) if pcache is not None else {}
    out: list[Outcome] = []
    parsed = 0
    for path, data, key in files:
        if isinstance(data, DataFileError):
            out.append(data)
            continue
        record = ParseCache.revive(hits[key]) if key in hits else None
        if record is None:
            outcome = _parse(path, data)
            if pcache is not None and isinstance(outcome, DecisionRecord):
                pcache.add(key, outcome)
            out.append(outcome)
            parsed += 1
        else:
            out.append(record)
    return out, parsed


def _adopt(sent: Sent, paths: list[Path], pcache: ParseCache | None) -> list[Outcome]:
    """A worker's chunk as records: the mappings it parsed validated here (and added to the
    parse cache), the records it found in the cache revived."""
    out: list[Outcome] = []
    for path, (kind, key, payload) in zip(paths, sent, strict=True):
        record: DecisionRecord | None = None
        if kind == "error":
            out.append(DataFileError(str(path), **payload))
            continue
        if kind == "cached":
            record = ParseCache.revive(payload)
        else:
            try:
                record = DecisionRecord.model_validate(payload)
            except ValidationError:  # loaded here again, for the error's line (from the text)
                record = None
            if record is not None and pcache is not None:
                pcache.add(key, record)
        if record is None:
            out.extend(_load_here([path], pcache)[0])
        else:
            out.append(record)
    return out
