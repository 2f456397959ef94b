"""Loading many decision-record files: read, take from the parse cache or parse and validate,
on several cores when there are many.

Every file is read in full on every run; its record comes from the parse cache when a file
with the same bytes was parsed before, and is parsed otherwise. A big folder is cut into
chunks of `CHUNK` files. Forked workers take chunks from the end while this process takes
them from the front, each claiming a chunk by a flag in shared memory, so they meet wherever
the work balances, whatever the mix of cached and new files. A worker needs nothing more
from this process: it sends each chunk back through its own pipe as soon as it is done, each
record as its JSON (what the cache stores anyway), and this process revives it with pydantic
as the cache does, between chunks of its own. A worker that dies or cannot start costs only
time: the chunks it did not send are loaded here.
"""

from __future__ import annotations

import contextlib
import gc
import mmap
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from workbench.errors import DataFileError
from workbench.review.parse_cache import ParseCache, digest
from workbench.review.record import DecisionRecord
from workbench.yamlio import MAX_BYTES, decode_text, parse_yaml, validation_error

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Outcome = DecisionRecord | DataFileError
"""What one file gave: its record, or why it is not one."""

PARALLEL_MIN = 2000
"""Fewer files than this are loaded in this process: forking costs more than it saves."""
CHUNK = 100
"""Files per chunk: small enough that the last chunks balance well, big enough that sending
a chunk to a worker and back costs little beside loading it."""
MAX_JOBS = 8


FIRST_READ = 64 * 1024
"""Records are small: asking for MAX_BYTES at once would allocate (and map) a buffer that
large for every file, which made reading ten thousand files six times slower."""


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
    for fewer than PARALLEL_MIN files) are forked processes helping this one."""
    return start_loading(paths, cache=cache, workers=workers).finish()


def start_loading(
    paths: list[Path], *, cache: bool = True, workers: int | None = None, busy: bool = False
) -> PendingLoad:
    """Start loading `paths`: the workers are forked now and start at once; `finish()` does
    the rest. `busy`: this process has other work meanwhile (a screen to draw), so by
    default there is a worker for every core rather than one fewer."""
    if workers is None:
        workers = (jobs() - (0 if busy else 1)) if len(paths) >= PARALLEL_MIN else 0
    return PendingLoad(paths, cache, workers)


class PendingLoad:
    """A load under way. Its workers take chunks from the end; `finish()` takes from the
    front whatever no worker has claimed, and gathers what the workers send."""

    def __init__(self, paths: list[Path], cache: bool, workers: int) -> None:
        self.chunks = [paths[start : start + CHUNK] for start in range(0, len(paths), CHUNK)]
        self.cache_path = ParseCache.default_path() if cache else None
        self.claims = None
        if workers > 0 and len(self.chunks) > 1 and _can_fork():
            self.claims = _Claims(len(self.chunks))
        self.helpers: dict[int, Connection] = {}
        if self.claims is not None:
            self.helpers = _start_workers(workers, self.chunks, self.cache_path, self.claims)

    def finish(self, *, defer_cache_write: bool = False) -> list[Outcome]:
        """What each file gives, in order (once only). With `defer_cache_write`, the records
        parsed are written to the parse cache only by `write_cache()`, so a screen can show
        them first."""
        chunks, claims, helpers = self.chunks, self.claims, self.helpers
        # Opened after the fork, so no worker inherits this connection.
        pcache = ParseCache(self.cache_path) if self.cache_path is not None else None
        done: list[list[Outcome] | None] = [None] * len(chunks)
        finished = False
        try:
            for n, chunk in enumerate(chunks):
                if claims is None or claims.take(n):
                    done[n] = _load_here(chunk, pcache)
                    _receive(helpers, chunks, pcache, done, block=False)
            _receive(helpers, chunks, pcache, done, block=True)
            for n, outcomes in enumerate(done):
                if outcomes is None:  # claimed by a worker that died
                    done[n] = _load_here(chunks[n], pcache)
            finished = True
        finally:
            _stop_workers(helpers)
            self._unsaved = pcache
            if not (finished and defer_cache_write):
                self.write_cache()
        return [outcome for outcomes in done if outcomes is not None for outcome in outcomes]

    _unsaved: ParseCache | None = None

    def write_cache(self) -> None:
        """Write the records parsed into the parse cache (done by `finish()` unless told)."""
        pcache, self._unsaved = self._unsaved, None
        if pcache is not None:
            pcache.close()


class _Claims:
    """One flag per chunk, in memory shared with the forked workers: whoever sets a chunk's
    flag first loads it."""

    def __init__(self, count: int) -> None:
        import multiprocessing

        self.flags = mmap.mmap(-1, count)  # anonymous and shared: forked children see it
        self.lock = multiprocessing.get_context("fork").Lock()

    def take(self, n: int) -> bool:
        with self.lock:
            if self.flags[n]:
                return False
            self.flags[n] = 1
            return True


def _can_fork() -> bool:
    import multiprocessing

    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


PIPE_SIZE = 1 << 20
"""Room for a few chunks in each worker's pipe, so a worker seldom waits for this process
(busy with its own chunks) to read what it sent."""


def _start_workers(
    count: int, chunks: list[list[Path]], cache_path: Path | None, claims: _Claims
) -> dict[int, Connection]:
    """Fork `count` workers; each one's process id and the end of its pipe to read from."""
    import fcntl
    from multiprocessing import Pipe

    helpers: dict[int, Connection] = {}
    for _ in range(count):
        try:
            reader, writer = Pipe(duplex=False)
            with contextlib.suppress(OSError, AttributeError):  # the pipe stays as it is
                fcntl.fcntl(writer.fileno(), fcntl.F_SETPIPE_SZ, PIPE_SIZE)
            pid = os.fork()
        except OSError:  # no more processes: this one does the rest
            break
        if pid == 0:  # the worker
            try:
                # What it parses is garbage once sent, and holds no cycles; a collection would
                # also write to every inherited object, copying the parent's pages.
                gc.disable()
                reader.close()
                _work(chunks, cache_path, claims, writer)
            finally:
                os._exit(0)  # no cleanup: that is the parent's, whatever happened here
        writer.close()
        helpers[pid] = reader
    return helpers


def _work(
    chunks: list[list[Path]], cache_path: Path | None, claims: _Claims, out: Connection
) -> None:
    """In a worker: claim chunks from the end and send each back as it is done."""
    pcache = ParseCache(cache_path) if cache_path is not None else None
    for n in reversed(range(len(chunks))):
        if claims.take(n):
            out.send((n, _load_chunk(chunks[n], pcache)))


def _receive(
    helpers: dict[int, Connection],
    chunks: list[list[Path]],
    pcache: ParseCache | None,
    done: list[list[Outcome] | None],
    *,
    block: bool,
) -> None:
    """Revive what the workers have sent; with `block`, until every worker has finished."""
    from multiprocessing.connection import wait

    open_ends = [conn for conn in helpers.values() if not conn.closed]
    while open_ends:
        ready = wait(open_ends, timeout=None if block else 0)
        if not ready:
            return
        for conn in [conn for conn in open_ends if conn in ready]:
            try:
                n, sent = conn.recv()
            except (EOFError, OSError):  # the worker has finished, or died
                conn.close()
                open_ends.remove(conn)
                continue
            done[n] = _adopt(sent, chunks[n], pcache)


def _stop_workers(helpers: dict[int, Connection]) -> None:
    for pid, conn in helpers.items():
        if not conn.closed:  # this process is leaving early (an error, ctrl+c)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            conn.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


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


def _load_here(paths: list[Path], pcache: ParseCache | None) -> list[Outcome]:
    files = list(_read(paths))
    hits = pcache.lookup(key for _, _, key in files if key) if pcache is not None else {}
    out: list[Outcome] = []
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
        else:
            out.append(record)
    return out


Sent = list[tuple[str, Any]]
"""A worker's chunk: each file as ("cached" or "parsed", (digest, record JSON)) or ("error",
the DataFileError's fields)."""


def _load_chunk(paths: list[Path], pcache: ParseCache | None) -> Sent:
    """In a worker: one chunk, to send."""
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
            out.extend(_load_here([path], pcache))
            continue
        if kind == "parsed" and pcache is not None:
            pcache.add(key, record, text)
        out.append(record)
    return out
