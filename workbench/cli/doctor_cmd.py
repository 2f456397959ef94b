"""`workbench doctor`: which provider a run would use and why, whether it can work, and which
model parameters the endpoint took or refused in earlier runs (no request is sent for that)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, TypeVar

import click

T = TypeVar("T")


@click.command()
@click.option(
    "--provider",
    "provider_name",
    type=click.Choice(["local", "openai", "azure"]),
    help="Check as if this provider were chosen on the command line.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--no-hash", is_flag=True, help="Skip the local model's sha256 (253 MB to read).")
def doctor(provider_name: str | None, fmt: str, no_hash: bool) -> None:
    """Show which LLM provider would be used and why, whether the endpoint answers, which model
    parameters it took or refused in earlier runs, and the local model's file (path, size,
    sha256). The API key is never shown, only whether it is set.

    Exit codes: 0 fine; 1 the provider in use cannot work (its endpoint does not answer, or
    the model file the local provider would load is missing, unreadable or not GGUF); 2 no
    provider can be used.
    """
    from workbench.cli.doctor_local import local_report
    from workbench.core.errors import WorkbenchError
    from workbench.core.text_safety import utf8_name
    from workbench.export.sanitize import strip_controls
    from workbench.io.config import config_file, load_settings
    from workbench.llm.factory import choose_provider
    from workbench.services.lanes import endpoint_report

    settings = load_settings()
    report: dict[str, Any] = {"config_file": utf8_name(str(config_file()))}  # JSON is UTF-8
    try:
        choice = choose_provider(settings.llm, settings.local, provider=provider_name)
        report["provider"] = {"name": choice.name, "reason": choice.reason}
    except WorkbenchError as exc:
        report["provider"] = {"name": None, "reason": exc.message}
    report["openai"] = _openai_report(settings.llm)
    report["azure"] = _azure_report(settings.llm)
    report["model_parameters"] = _parameters_report(report["provider"]["name"], settings.llm)
    report["local"] = local_report(settings.local, hash_file=not no_hash)
    report["endpoints"] = endpoint_report(settings)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_text(report)
    if report["provider"]["name"] is None:
        raise SystemExit(2)
    used = report.get(report["provider"]["name"]) or {}
    if report["provider"]["name"] == "local" and "problem" in report["local"]:
        message = strip_controls(report["local"]["problem"])
        click.echo(f"workbench: the local model in use has a problem: {message}", err=True)
        raise SystemExit(1)
    if used.get("reachable") is False:  # a check failed, as `review validate` finding problems
        click.echo(
            f"workbench: the {report['provider']['name']} endpoint in use does not answer "
            "(see 'reachable' above); runs would fail",
            err=True,
        )
        raise SystemExit(1)


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


def _azure_report(llm: Any) -> dict[str, Any]:
    import os

    from workbench.llm.errors import split_query, url_without_credentials

    endpoint = llm.azure_endpoint
    key = llm.azure_api_key.get_secret_value() if llm.azure_api_key is not None else ""
    shown = url_without_credentials(endpoint) if endpoint else None
    if shown is not None and shown != endpoint:
        shown += " (with credentials, not shown)"
    out: dict[str, Any] = {
        "endpoint": shown,
        "endpoint_from": "AZURE_OPENAI_ENDPOINT"
        if os.environ.get("AZURE_OPENAI_ENDPOINT")
        else ("config" if endpoint else None),
        "api_key": "set" if key else "not set",
        "api_version": llm.api_version,
        "deployment": llm.model,
    }
    if endpoint and llm.api_version:
        url = f"{url_without_credentials(endpoint).rstrip('/')}/openai/models"
        own = split_query(endpoint)[1]  # the endpoint's own query: sent, never shown
        out["reachable"], out["detail"] = _get(
            url,
            {"api-key": key} if key else {},
            query={**own, "api-version": llm.api_version},
            secrets=list(own.values()),
        )
    else:
        out["reachable"] = None
        out["detail"] = "not configured" if not endpoint else "no OPENAI_API_VERSION"
    return out


def _parameters_report(provider: str | None, llm: Any) -> dict[str, Any]:
    """What the model table says about the configured model, and what earlier runs learned
    about this endpoint's models (read from the cache folder; nothing is sent)."""
    from workbench.io.learned_params import learned_for
    from workbench.io.model_families import rules_for
    from workbench.llm.errors import url_without_credentials

    if provider == "azure" and llm.azure_endpoint:
        endpoint: str | None = url_without_credentials(llm.azure_endpoint).rstrip("/") + "/openai"
    elif provider == "openai":
        endpoint = url_without_credentials(llm.base_url or "https://api.openai.com/v1")
    else:
        return {"endpoint": None, "table": None, "learned": []}
    table = None
    if llm.model:
        rules = rules_for(llm.model, endpoint)
        table = {
            "model": llm.model,
            "family": rules.family,
            "not_sent": sorted(rules.omit),
            "token_limit": rules.token_limit,
        }
    learned = [
        {"model": e.model, "accepted": e.accepted, "rejected": e.rejected, "updated": e.updated}
        for e in learned_for(endpoint)
    ]
    if llm.model:
        learned.sort(key=lambda e: e["model"] != llm.model)
    return {"endpoint": endpoint, "table": table, "learned": learned}


def _probe(base_url: str, llm: Any) -> tuple[bool, str]:
    """GET <base_url>/models with a short timeout, authenticated as the openai SDK would be:
    credentials in the URL become Basic auth, else the key goes in a Bearer header. Neither
    is ever printed: the URL shown has its credentials and query removed, and messages are
    redacted."""
    import base64
    from urllib.parse import unquote, urlsplit

    from workbench.llm.errors import split_query, url_without_credentials

    parts = urlsplit(base_url)
    query = split_query(base_url)[1]  # a gateway's `?api_key=`: sent, never shown
    url = url_without_credentials(base_url).rstrip("/") + "/models"
    key = llm.api_key.get_secret_value() if llm.api_key is not None else ""
    headers: dict[str, str] = {}
    if parts.username is not None or parts.password is not None:
        user, password = unquote(parts.username or ""), unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
        secrets = [password, key]
    else:
        if key:
            headers["Authorization"] = f"Bearer {key}"
        secrets = [key]
    return _get(url, headers, query=query, secrets=[*secrets, *query.values()])


def _get(
    url: str,
    headers: dict[str, str],
    *,
    query: dict[str, str] | None = None,
    secrets: list[str] | None = None,
) -> tuple[bool, str]:
    """GET `url` (shown without its query) with a short timeout: (answered, what happened)."""
    import http.client
    import urllib.error
    import urllib.request
    from urllib.parse import urlencode

    from workbench.llm.errors import clean_message, register_secret, url_without_credentials

    for secret in [*(secrets or []), *headers.values()]:
        register_secret(secret)
    full = f"{url}?{urlencode(query)}" if query else url
    request = urllib.request.Request(full, method="GET", headers=headers)
    start = time.perf_counter()
    try:
        answer = _bounded(lambda: _fetch(request), PROBE_DEADLINE)
        if answer is None:
            return False, f"no complete answer from GET {url} within {PROBE_DEADLINE:g} s"
        status, body = answer
    except urllib.error.HTTPError as exc:
        return False, f"HTTP {exc.code} from GET {url}"
    except OtherOrigin as exc:
        elsewhere = url_without_credentials(exc.location)
        return False, clean_message(
            f"redirected to {elsewhere} by GET {url}: not followed (credentials are never "
            "sent to another host)"
        )
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
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


PROBE_DEADLINE = 8.0
"""Seconds the probe may take in all: a server that sends a byte now and then never lets the
read timeout (3 s between bytes) fire."""


class OtherOrigin(Exception):
    """The probe was redirected to another scheme, host or port: not followed, since the
    request's headers carry the key (urllib would send them along)."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def _origin(url: str) -> tuple[str, str, int | None]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or ""), parts.port or {"http": 80, "https": 443}.get(scheme)


def _fetch(request: Any) -> tuple[int, bytes]:
    import urllib.request

    class SameOrigin(urllib.request.HTTPRedirectHandler):
        def redirect_request(
            self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
        ) -> Any:
            if _origin(newurl) != _origin(req.full_url):
                raise OtherOrigin(newurl)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.build_opener(SameOrigin)
    with opener.open(request, timeout=3) as response:
        return response.status, response.read(1 << 20)


def _bounded(work: Callable[[], T], seconds: float) -> T | None:
    """`work()` on a daemon thread, its result or its exception; None when it has not ended
    within `seconds` (it is left to the end of the process)."""
    import threading

    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # handed to the caller
            outcome.append((False, exc))

    thread = threading.Thread(target=run, name="doctor-probe", daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        return None
    ok, value = outcome[0]
    if not ok:
        raise value
    result: T = value
    return result


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
    az = report["azure"]
    if az["endpoint"] or chosen["name"] == "azure":
        click.echo("azure openai")
        line("endpoint", az["endpoint"] or "not set")
        line("API key", az["api_key"])
        line("API version", az["api_version"] or "not set")
        line("deployment", az["deployment"] or "not set (--model)")
        reach = {True: "yes", False: "no", None: "-"}[az["reachable"]]
        line("reachable", f"{reach} ({az['detail']})")
    _print_parameters(report["model_parameters"], line)
    _print_endpoints(report["endpoints"], line)
    lo = report["local"]
    click.echo("local model")
    line("runtime", lo["runtime"])
    line("package", lo["model_package"])
    line("model", lo["model"])
    line("path", lo["path"])
    if lo["present"]:
        line("size", f"{lo['size']} ({lo['size_bytes']} bytes)")
        if "sha256" in lo:
            mismatch = f" (MISMATCH: {lo['mismatch']})" if "mismatch" in lo else " (MISMATCH)"
            verdict = {True: " (verified)", False: mismatch, None: ""}[lo.get("sha256_ok")]
            line("sha256", lo["sha256"] + verdict)
    else:
        line("present", "no" + (f"; {lo['note']}" if "note" in lo else ""))
    if "problem" in lo:
        line("problem", lo["problem"])


def _print_endpoints(endpoints: list[dict[str, Any]], line: Any) -> None:
    """One line per named endpoint (`-m NAME:MODEL`, `--judge NAME:MODEL`)."""
    click.echo("named endpoints (-m NAME:MODEL)")
    if not endpoints:
        line("none", "([endpoints.NAME] in the config file)")
    for e in endpoints:
        key = (
            "no key variable" if e["api_key_env"] is None else f"{e['api_key_env']} {e['api_key']}"
        )
        where = e["base_url"] or "embedded model"
        line(e["name"], f"{e['kind']}  {where}  key: {key}  concurrency {e['concurrency']}")


def _print_parameters(params: dict[str, Any], line: Any) -> None:
    if params["endpoint"] is None:
        return
    click.echo("model parameters (from the model table and earlier runs; nothing is sent)")
    table = params["table"]
    if table is not None:
        family = table["family"] or "not in the table"
        not_sent = ", ".join(table["not_sent"]) or "none"
        line("table", f"{table['model']}: {family}; not sent: {not_sent}; {table['token_limit']}")
    if not params["learned"]:
        line("learned", "nothing yet (no run against this endpoint has finished a request)")
    for entry in params["learned"]:
        accepted = ", ".join(entry["accepted"]) or "none seen"
        line(entry["model"], f"accepted: {accepted}")
        for name, message in entry["rejected"].items():
            line("", f"rejected: {name} ({message})")
