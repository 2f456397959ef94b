"""Loading many decision-record files: read, take from the parse cache or parse and validate,
on several cores when there are many.

Every file is read in full on every run; its record comes from the parse cache when a file
with the same bytes was parsed before, and is parsed otherwise. A big folder is cut into
chunks of `CHUNK` files. This process loads them from the front; as soon as it meets a chunk
that is mostly not in the parse cache, it starts a standard-library process pool and hands it
chunks from the end, two per worker at a time, until the two meet. The pool's processes come
from a fresh interpreter (the `forkserver` start method, else `spawn`), never from forking this
process, which may be running threads (the TUI loads from a worker thread). A worker sends
each record back as its JSON (what the cache stores anyway), and this process revives it with
pydantic as the cache does. A worker that dies or cannot start costs only time: the chunks it
did not send are loaded here. A warm load (every record cached) starts no process at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from workbench.core.errors import DataFileError
from workbench.core.review.record import DecisionRecord
from workbench.io import gc_tuning
from workbench.io.review.parse_cache import ParseCache, digest
from workbench.io.yamlio import MAX_BYTES, decode_text, parse_yaml, validation_error

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

Outcome = DecisionRecord | DataFileError
"""What one file gave: its record, or why it is not one."""

PARALLEL_MIN = 2000
"""Fewer files than this are loaded in this process: starting workers costs more than they
save."""
CHUNK = 100
"""Files per chunk: small enough that the last chunks balance well, big enough that sending
a chunk to a worker and back costs little beside loading it."""
MAX_JOBS = 8


FIRST_READ = 64 * 1024
"""Records are small: asking for MAX_BYTES at once would allocate (and map) a buffer that
large for every file, which made reading ten thousand files several times slower."""


def read_record_bytes(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            data = os.read(fd, FIRST_READ)
            if len(data) == FIRST_READ:  # a big file: the rest, up to just over the limit
                parts = [data]
                size = len(data)
                while size <= MAX_BYTES:
                    more = os.read(fd, MAX_BYTES + 1 - size)
                    if not more:
                        break
                    parts.append(more)
                    size += len(more)
                data = b"".join(parts)
        finally:
            os.close(fd)
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        size = path.stat().st_size
        raise DataFileError(
            str(path), f"file is too large ({size} bytes; the limit is {MAX_BYTES})"
        )
    return data


def parse_record(path: Path, data: bytes) -> DecisionRecord:
    """One record from its bytes; any failure is a DataFileError naming file, line and field."""
    text = decode_text(data, str(path))
    parsed = parse_yaml(text, str(path))
    if not isinstance(parsed, dict):
        kind = "empty" if parsed is None else type(parsed).__name__
        raise DataFileError(str(path), f"not a decision record: expected a mapping, found {kind}")
    if "id" not in parsed and "checklist" not in parsed:
        raise DataFileError(str(path), "not a decision record (it has no id and no checklist)")
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
    return PendingLoad(paths, cache, workers)


class PendingLoad:
    """A load under way. The pool is handed chunks from the end, a few at a time; `finish()`
    loads chunks from the front until the two meet, and gathers what the pool sends."""

    def __init__(self, paths: list[Path], cache: bool, workers: int) -> None:
        self.chunks = [paths[start : start + CHUNK] for start in range(0, len(paths), CHUNK)]
        self.cache_path = ParseCache.default_path() if cache else None
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

    def _hand_out(self) -> None:
        """Keep every worker busy with one chunk and one more waiting (so it never waits for
        this process, busy with its own chunks, to hand it the next)."""
        while self.pool is not None and len(self.tasks) < 2 * self.workers:
            if self.back < self.front:
                return
            try:
                task = self.pool.submit(_load_chunk, self.chunks[self.back], self.cache_path)
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
            while self.front <= self.back or (self.pool is None and self.front < len(chunks)):
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
        self, done: list[list[Outcome] | None], pcache: ParseCache | None, *, block: bool
    ) -> None:
        """Revive the chunks the pool has sent; with `block`, until it has sent them all."""
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
    is one (its server, started once, has this module imported already), else `spawn`."""
    import multiprocessing

    context: BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload([__name__])
        context = server
    else:
        context = multiprocessing.get_context("spawn")
    try:
        return ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=gc_tuning.for_worker
        )
    except (OSError, ValueError):
        return None


def _read(paths: list[Path]) -> Iterator[tuple[Path, bytes | DataFileError, str]]:
    for path in paths:
        try:
            data = read_record_bytes(path)
        except DataFileError as exc:
            yield path, exc, ""
            continue
        yield path, data, digest(data)


def _parse(path: Path, data: bytes) -> Outcome:
    try:
        return parse_record(path, data)
    except DataFileError as exc:
        return exc


def _load_here(paths: list[Path], pcache: ParseCache | None) -> tuple[list[Outcome], int]:
    """What `paths` give, and how many of them were parsed (not in the parse cache)."""
    files = list(_read(paths))
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


Sent = list[tuple[str, Any]]
"""A worker's chunk: each file as ("cached" or "parsed", (digest, record JSON)) or ("error",
the DataFileError's fields)."""


def _load_chunk(paths: list[Path], cache_path: Path | None) -> Sent:
    """In a worker: one chunk, to send."""
    pcache = None
    if cache_path is not None:  # opened once per worker, for lookups only
        pcache = _worker_caches.get(cache_path)
        if pcache is None:
            pcache = _worker_caches[cache_path] = ParseCache(cache_path)
    return _chunk_to_send(paths, pcache)


_worker_caches: dict[Path, ParseCache] = {}


def _chunk_to_send(paths: list[Path], pcache: ParseCache | None) -> Sent:
    files = list(_read(paths))
    hits = pcache.lookup(key for _, _, key in files if key) if pcache is not None else {}
    out: Sent = []
    for path, data, key in files:
        if key in hits:
            out.append(("cached", (key, hits[key])))
            continue
        outcome = data if isinstance(data, DataFileError) else _parse(path, data)
        if isinstance(outcome, DataFileError):
            fields = {"problem": outcome.problem, "line": outcome.line, "field": outcome.field}
            out.append(("error", fields))
        else:
            out.append(("parsed", (key, outcome.model_dump_json())))
    return out


def _adopt(sent: Sent, paths: list[Path], pcache: ParseCache | None) -> list[Outcome]:
    """A worker's chunk as records (new ones added to the parse cache)."""
    out: list[Outcome] = []
    for path, (kind, payload) in zip(paths, sent, strict=True):
        if kind == "error":
            out.append(DataFileError(str(path), **payload))
            continue
        key, text = payload
        record = ParseCache.revive(text)
        if record is None:  # only if a worker and this process disagree: trust this one
            out.extend(_load_here([path], pcache)[0])
            continue
        if kind == "parsed" and pcache is not None:
            pcache.add(key, record, text)
        out.append(record)
    return out
