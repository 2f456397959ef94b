"""The HTTP client every OpenAI-compatible provider uses: the SDK's own default client (its
limits, redirects, proxies from the environment) on TLS settings shared by the process."""

from __future__ import annotations

import functools
import os
import ssl
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.llm.errors import (
    clean_message,
    register_secret,
    url_credentials,
    url_without_credentials,
)

PROXY_SCHEMES = ("http", "https", "all")
"""The proxy variables the HTTP library reads (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, in
either case), as `urllib.request.getproxies()` finds them."""


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The TLS settings every client of the process shares (as the HTTP library would make
    them for each: its default verification, `SSL_CERT_FILE`/`SSL_CERT_DIR` honoured): made
    once, as loading the certificate store takes a while (each endpoint of a run that puts
    models side by side would pay it again)."""
    import httpx2

    return httpx2.create_ssl_context()


def http_client(timeout: float, connect_timeout: float) -> Any:
    """The SDK's own default HTTP client. A proxy variable the library cannot use (a SOCKS
    proxy without `socksio`, an `ftp://` proxy) is a `WorkbenchError` naming the variable.
    The proxies' credentials are taken out of every message, as the endpoint's are."""
    import openai

    for value in _proxies().values():
        for secret in url_credentials(value if "://" in value else f"http://{value}"):
            register_secret(secret)
    try:
        return openai.DefaultAsyncHttpxClient(
            verify=_tls_context(), timeout=openai.Timeout(timeout, connect=connect_timeout)
        )
    except (ImportError, ValueError) as exc:
        raise WorkbenchError(_proxy_problem(exc)) from None


def _proxies() -> dict[str, str]:
    import urllib.request

    found = urllib.request.getproxies()
    return {scheme: found[scheme] for scheme in PROXY_SCHEMES if found.get(scheme)}


def _proxy_problem(exc: Exception) -> str:
    for scheme, value in _proxies().items():
        shown = url_without_credentials(value if "://" in value else f"http://{value}")
        if shown.split("://", 1)[0].lower() in ("http", "https"):
            continue
        names = [n for n in os.environ if n.lower() == f"{scheme}_proxy" and os.environ[n]]
        name = names[0] if names else f"{scheme.upper()}_PROXY"
        if isinstance(exc, ImportError):
            why = "a SOCKS proxy needs the socksio package (pip install socksio)"
        else:
            why = "the HTTP library takes http://, https:// or socks5:// proxies"
        return clean_message(f"proxy {name}={shown} cannot be used: {why}")
    return clean_message(f"the proxy settings cannot be used: {exc}")
