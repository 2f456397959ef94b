from __future__ import annotations

import datetime as dt
import gc
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.review.conftest import record, save
from workbench.core.errors import DataFileError
from workbench.core.review.record import RECORD_ID_PATTERN, new_id
from workbench.io.review import loading
from workbench.io.review.loading import load_files
from workbench.io.review.parse_cache import ParseCache
from workbench.io.yamlio import MAX_BYTES
from workbench.services.review import store


def test_ids_are_dated_readable_and_random() -> None:
    first = new_id("Adopt Kafka!", dt.date(2024, 1, 2))
    second = new_id("Adopt Kafka!", dt.date(2024, 1, 2))
    assert first.startswith("2024-01-02-adopt-kafka-")
    assert re.match(RECORD_ID_PATTERN, first)
    assert first != second
    assert new_id("Über café", dt.date(2024, 1, 2), suffix="abcde") == "2024-01-02-uber-cafe-abcde"


def test_dump_is_stable(decisions: Path) -> None:
    rec = record(status="accepted")
    path = save(decisions, rec)
    again = store.dump_record(store.load_record(path))
    assert again == path.read_text()
    assert "&id" not in again and "*id" not in again


def test_cache_never_serves_stale_records(decisions: Path) -> None:
    path = save(decisions, record())
    assert store.load_folder(decisions).records[0].record.title == "Adopt Kafka"
    path.write_text(path.read_text().replace("title: Adopt Kafka", "title: Adopt Kafka 2"))
    assert store.load_folder(decisions).records[0].record.title == "Adopt Kafka 2"
    path.write_text(path.read_text().replace("title: Adopt Kafka 2", "title: [broken"))
    folder = store.load_folder(decisions)
    assert folder.records == [] and len(folder.skipped) == 1


def test_find_by_prefix_and_suffix(decisions: Path) -> None:
    save(decisions, record("2024-01-02-adopt-kafka-aaaaa"))
    save(decisions, record("2024-01-02-adopt-redis-bbbbb"))
    folder = store.load_folder(decisions)
    assert folder.find("bbbbb").record.id.endswith("bbbbb")
    assert folder.find("2024-01-02-adopt-k").record.id.endswith("aaaaa")


def test_dump_leaves_out_empty_defaults_and_loads_back_the_same(decisions: Path) -> None:
    from workbench.core.review.record import Links, Review

    rec = record(status="accepted")
    text = store.dump_record(rec)
    for gone in ("decided:", "links:", "consequences:", "confirmation:", "note:"):
        assert gone not in text
    for kept in ("schema_version: 1", "status: accepted", "quadrant:", "current_stack: true"):
        assert kept in text
    variants = [
        rec,
        rec.model_copy(update={"review": Review()}),  # empty, but not the default (None)
        rec.model_copy(update={"review": None, "links": Links(supersedes=["x"])}),
        rec.model_copy(update={"answers": {"problem": ""}, "decision": "", "tags": []}),
    ]
    for n, variant in enumerate(variants):
        path = decisions / f"v{n}.yaml"
        path.write_text(store.dump_record(variant))
        assert store.load_record(path) == variant
        assert type(variant).model_validate(store.record_data(variant)) == variant
    assert "review: {}" in store.dump_record(variants[1])


_REAL_CHUNK = loading._load_chunk


def _chunk_marking_pid(paths: list[Path], cache: tuple[Path, str] | None) -> loading.Sent:
    """The real worker's chunk, leaving a file named after the process that loaded it."""
    (paths[0].parent / f"worker-{os.getpid()}.mark").touch()
    return _REAL_CHUNK(paths, cache)


def _die(paths: list[Path], cache: tuple[Path, str] | None) -> loading.Sent:
    """A worker that dies holding the chunk it has claimed."""
    (paths[0].parent / "worker-died.mark").touch()
    os._exit(3)


def _many(decisions: Path, count: int) -> None:
    for n in range(count):
        suffix = "".join("abcdefghjk"[int(d)] for d in f"{n:05d}")
        save(decisions, record(f"2024-01-02-adopt-kafka-{suffix}", title=f"T{n}"))


def _outcomes(outcomes: list[loading.Outcome]) -> list[object]:
    return [(type(o).__name__, str(o)) if isinstance(o, Exception) else o for o in outcomes]


@pytest.mark.parametrize("cache", [False, True])
def test_parallel_load_gives_what_serial_load_gives(
    decisions: Path, monkeypatch: pytest.MonkeyPatch, cache: bool
) -> None:
    _many(decisions, 40)
    (decisions / "broken.yaml").write_text("id: x\ntitle: [unclosed\n")
    (decisions / "wrong.yaml").write_text("id: x\nchecklist: {id: new-technology, version: 1}\n")
    (decisions / "hostile.yaml").write_text("id: !!python/object/apply:os.system ['true']\n")
    (decisions / "baddate.yaml").write_text("id: x\ndate: 2020-13-45\n")
    (decisions / "unreadable.yaml").mkdir()
    files = [*store.record_files(decisions), decisions / "unreadable.yaml"]
    serial = load_files(files, cache=False, workers=0)
    monkeypatch.setattr(loading, "CHUNK", 2)
    monkeypatch.setattr(loading, "_load_chunk", _chunk_marking_pid)
    for _ in range(2):  # with a cache: first every file is parsed, then every one is cached
        parallel = load_files(files, cache=cache, workers=1)
        assert _outcomes(parallel) == _outcomes(serial)
    assert [(e.line, e.field) for e in parallel if isinstance(e, DataFileError)] == [
        (e.line, e.field) for e in serial if isinstance(e, DataFileError)
    ]
    assert sum(isinstance(o, DataFileError) for o in serial) == 5
    marks = {p.name for p in decisions.glob("worker-*.mark")}
    assert marks and f"worker-{os.getpid()}.mark" not in marks  # a worker did some chunks

    monkeypatch.setattr(loading, "PARALLEL_MIN", 0)
    monkeypatch.setenv("WORKBENCH_JOBS", "2")
    folder = store.load_folder(decisions, cache=cache)
    monkeypatch.setenv("WORKBENCH_JOBS", "1")
    serial_folder = store.load_folder(decisions, cache=False)
    assert folder.records == serial_folder.records and len(folder.records) == 40
    assert [str(e) for e in folder.skipped] == [str(e) for e in serial_folder.skipped]


def test_few_files_are_loaded_in_process(decisions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _many(decisions, 3)
    monkeypatch.setattr(loading, "_load_chunk", _die)
    monkeypatch.setenv("WORKBENCH_JOBS", "2")
    assert len(store.load_folder(decisions).records) == 3
    assert not (decisions / "worker-died.mark").exists()


@pytest.mark.parametrize("busy", [False, True])
def test_a_dead_worker_costs_only_time(
    decisions: Path, monkeypatch: pytest.MonkeyPatch, busy: bool
) -> None:
    _many(decisions, 300)  # one file a chunk: this process is still busy when the worker dies
    monkeypatch.setattr(loading, "_load_chunk", _die)
    monkeypatch.setattr(loading, "CHUNK", 1)
    monkeypatch.setattr(loading, "PARALLEL_MIN", 0)
    monkeypatch.setenv("WORKBENCH_JOBS", "2")
    folder = store.start_loading(decisions, cache=False, busy=busy).result()
    assert (decisions / "worker-died.mark").exists()
    assert sorted(s.record.title for s in folder.records) == sorted(f"T{n}" for n in range(300))
    assert folder.skipped == []


@pytest.mark.parametrize("warm", [False, True])
def test_a_screen_loads_every_file_in_the_pool(
    decisions: Path, monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    """A screen loads from a thread while its main thread draws; a file read or an SQLite step
    there waits for the GIL each time, so the pool reads, hashes and looks up every file, warm
    or cold."""
    _many(decisions, 12)
    monkeypatch.setattr(loading, "CHUNK", 2)
    monkeypatch.setattr(loading, "PARALLEL_MIN", 0)
    monkeypatch.setenv("WORKBENCH_JOBS", "2")
    if warm:
        load_files(store.record_files(decisions), workers=0)  # fills the parse cache
    loaded_here: list[Path] = []
    real = loading._load_here

    def spy(paths: list[Path], pcache: ParseCache | None) -> tuple[list[loading.Outcome], int]:
        loaded_here.extend(paths)
        return real(paths, pcache)

    monkeypatch.setattr(loading, "_load_here", spy)
    monkeypatch.setattr(loading, "_load_chunk", _chunk_marking_pid)
    folder = store.start_loading(decisions, busy=True).result()
    assert sorted(s.record.title for s in folder.records) == sorted(f"T{n}" for n in range(12))
    assert loaded_here == []
    assert {p.name for p in decisions.glob("worker-*.mark")} - {f"worker-{os.getpid()}.mark"}


def test_files_are_read_whole_up_to_the_limit(tmp_path: Path) -> None:
    for size in (0, 10, loading.FIRST_READ, loading.FIRST_READ + 1, 300_000, MAX_BYTES):
        path = tmp_path / f"{size}.yaml"
        path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
        assert loading.read_record_bytes(path) == path.read_bytes()
    over = tmp_path / "over.yaml"
    over.write_bytes(b"x" * (MAX_BYTES + 1))
    with pytest.raises(DataFileError, match="too large"):
        loading.read_record_bytes(over)


def _no_fork() -> int:
    raise OSError("os.fork called in the loading process")


def test_workers_are_not_forked_from_the_loading_process(
    decisions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool's processes start from a fresh interpreter (forkserver or spawn): forking a
    process that runs threads (a Textual worker thread loads the folder) can deadlock."""
    import threading

    _many(decisions, 30)
    monkeypatch.setattr(os, "fork", _no_fork)
    monkeypatch.setattr(loading, "CHUNK", 1)
    monkeypatch.setattr(loading, "PARALLEL_MIN", 0)
    monkeypatch.setattr(loading, "_load_chunk", _chunk_marking_pid)
    monkeypatch.setenv("WORKBENCH_JOBS", "2")
    out: list[store.Folder] = []
    thread = threading.Thread(target=lambda: out.append(store.load_folder(decisions, cache=False)))
    thread.start()  # from a thread, as the browser's reload does
    thread.join()
    assert sorted(s.record.title for s in out[0].records) == sorted(f"T{n}" for n in range(30))
    marks = {p.name for p in decisions.glob("worker-*.mark")}
    assert marks - {f"worker-{os.getpid()}.mark"}  # a worker did some chunks


def test_loading_leaves_the_garbage_collector_alone(
    decisions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GC tuning belongs to the app's entry point, not to library code."""

    _many(decisions, 5)
    monkeypatch.setattr(loading, "PARALLEL_MIN", 0)
    monkeypatch.setenv("WORKBENCH_JOBS", "2")
    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    for _ in range(2):
        store.load_folder(decisions)
        assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before


def test_a_warm_load_starts_no_workers(decisions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _many(decisions, 40)
    monkeypatch.setattr(loading, "CHUNK", 2)
    monkeypatch.setattr(loading, "PARALLEL_MIN", 0)
    monkeypatch.setenv("WORKBENCH_JOBS", "2")
    load_files(store.record_files(decisions), workers=0)  # fills the parse cache
    monkeypatch.setattr(loading, "_load_chunk", _die)
    assert len(store.load_folder(decisions).records) == 40
    assert not (decisions / "worker-died.mark").exists()


def test_the_pool_worker_module_starts_without_pydantic() -> None:
    """A pool worker is a fresh interpreter: what its module imports is paid by every load."""
    code = (
        "import sys, workbench.io.review.parse_worker\n"
        "heavy = {'pydantic', 'workbench.core.review.record', 'concurrent.futures'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    root = Path(loading.__file__).parents[3]  # this checkout, whatever is installed
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "[]"


def test_the_cli_entry_point_restores_the_collector_only_for_a_caller_that_goes_on() -> None:
    """Called in a test's process (`argv` given), the settings come back as they were; as
    the program itself, a review batch command's process ends with the collector still off
    (turning it back on would walk every record once more just before the exit)."""
    from workbench.io import gc_tuning

    before = (gc.isenabled(), gc.get_threshold())
    with gc_tuning.for_cli(["review", "list"]):
        assert not gc.isenabled()
    assert (gc.isenabled(), gc.get_threshold()) == before
    try:
        with gc_tuning.for_cli(["review", "list"], restore=False):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pool_worker_reads_the_parse_cache_only_as_it_is(decisions: Path, tmp_path: Path) -> None:
    """A worker opens the parse cache read-only: it never creates one, and never opens one
    through a link (as the loading process refuses to); either way it parses the files."""
    from workbench.io.review import parse_worker
    from workbench.io.review.parse_cache import ParseCache

    _many(decisions, 2)
    files = store.record_files(decisions)
    missing = tmp_path / "nowhere" / "cache.sqlite"
    missing.parent.mkdir()
    sent = parse_worker.load_chunk(files, (missing, ParseCache.KIND))
    assert [kind for kind, _, _ in sent] == ["parsed", "parsed"]
    assert list(missing.parent.iterdir()) == []
    elsewhere = tmp_path / "elsewhere.sqlite"
    elsewhere.write_bytes(b"")
    link = tmp_path / "linked.sqlite"
    link.symlink_to(elsewhere)
    sent = parse_worker.load_chunk(files, (link, ParseCache.KIND))
    assert [kind for kind, _, _ in sent] == ["parsed", "parsed"]
    assert elsewhere.read_bytes() == b""
    real = tmp_path / "cache" / "parse.sqlite"
    real.parent.mkdir()
    pcache = ParseCache(real)
    from workbench.io.review.loading import _load_here

    _load_here(files, pcache)  # parsed here, so added to the cache
    pcache.close()
    sent = parse_worker.load_chunk(files, (real, ParseCache.KIND))
    assert [kind for kind, _, _ in sent] == ["cached", "cached"]
