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
    """The SDK's own default HTTP client, reading a body that is not an event stream only up
    to `MAX_BODY_BYTES` once inflated (`_bound_body`). A proxy variable the library cannot
    use (a SOCKS proxy without `socksio`, an `ftp://` proxy) is a `WorkbenchError` naming the
    variable.
    The proxies' credentials are taken out of every message, as the endpoint's are."""
    import openai

    for value in _proxies().values():
        for secret in url_credentials(value if "://" in value else f"http://{value}"):
            register_secret(secret)
    try:
        return openai.DefaultAsyncHttpxClient(
            verify=_tls_context(),
            timeout=openai.Timeout(timeout, connect=connect_timeout),
            event_hooks={"response": [_same_origin_redirects, _bound_body]},
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


class RedirectRefused(Exception):
    """A redirect to another scheme, host or port: not followed."""


async def _same_origin_redirects(response: Any) -> None:
    """An httpx response hook: a redirect is followed only on the same scheme, host and port.
    A 307 or 308 keeps the request's body, so following one elsewhere would send the passage
    to a host never configured (the SDK's client drops only the credentials on the way)."""
    if not response.is_redirect:
        return
    here = response.request.url
    there = here.join(response.headers.get("location", ""))
    if _origin(there) != _origin(here):
        shown = url_without_credentials(str(there.copy_with(query=None)))
        raise RedirectRefused(
            clean_message(
                f"redirected to {shown} by {response.request.method} "
                f"{url_without_credentials(str(here.copy_with(query=None)))}: not followed "
                "(nothing is sent to another host)"
            )
        )


def _origin(url: Any) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port written out: `http://h` is `h:80`."""
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


MAX_BODY_BYTES = 8 * 1024 * 1024
"""The most bytes (once inflated) of a body that is not an event stream: an error page or a
model list. The SDK reads such a body whole, so a gzip bomb (kilobytes that inflate to
gigabytes) would fill the memory; past this it is cut short."""


async def _bound_body(response: Any) -> None:
    """An httpx response hook: a body that is not an event stream is read up to
    `MAX_BODY_BYTES` once inflated (streams are bounded by the answer's own limits)."""
    if response.headers.get("content-type", "").lower().startswith("text/event-stream"):
        return
    codings = response.headers.get("content-encoding", "")
    response.stream = _byte_stream()(_Capped(response.stream, codings, MAX_BODY_BYTES))


@functools.cache
def _byte_stream() -> type:
    """The HTTP library's async byte stream around a `_Capped` (imported on first use, as the
    SDK is)."""
    import httpx2

    class Stream(httpx2.AsyncByteStream):
        def __init__(self, capped: _Capped) -> None:
            self._capped = capped

        def __aiter__(self) -> Any:
            return self._capped.__aiter__()

        async def aclose(self) -> None:
            await self._capped.aclose()

    return Stream


class _Capped:
    """The raw byte stream, ended once what it inflates to passes `limit`. It is passed on in
    pieces of `PIECE` raw bytes, each inflated here first, so the HTTP library never inflates
    more than one piece past the limit. One layer of gzip or deflate is counted; a body in
    any other encoding, or compressed twice, is not read at all (an honest server sends
    neither unasked, and one small piece of it may inflate without bound)."""

    PIECE = 1024

    def __init__(self, stream: Any, codings: str, limit: int) -> None:
        import zlib

        self._stream = stream
        self._limit = limit
        self._seen = 0
        layers = [c.strip().lower() for c in codings.split(",")]
        layers = [c for c in layers if c and c != "identity"]
        self._inflate: Any = None
        self._refused = len(layers) > 1 or layers[:1] not in ([], ["gzip"], ["x-gzip"], ["deflate"])
        if layers[:1] in (["gzip"], ["x-gzip"]):
            self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif layers == ["deflate"]:
            self._inflate = _Deflate()

    async def __aiter__(self) -> Any:
        if self._refused:
            return
        async for chunk in self._stream:
            for start in range(0, len(chunk), self.PIECE):
                if self._over(chunk[start : start + self.PIECE]):
                    yield chunk[: start + self.PIECE]
                    return
            yield chunk

    def _over(self, piece: bytes) -> bool:
        """Count what `piece` inflates to, in bounded pieces; True once past the limit. A
        corrupt stream stops the count (the HTTP library refuses it)."""
        import zlib

        if self._inflate is None:
            self._seen += len(piece)
            return self._seen > self._limit
        try:
            while piece:
                out = self._inflate.decompress(piece, 1 << 16)
                piece = self._inflate.unconsumed_tail
                self._seen += len(out)
                if self._seen > self._limit:
                    return True
                if not out:
                    break
        except zlib.error:
            self._inflate = None
        return False

    async def aclose(self) -> None:
        await self._stream.aclose()


class _Deflate:
    """HTTP's deflate: zlib-wrapped as the standard says, or raw as some servers send it."""

    def __init__(self) -> None:
        import zlib

        self._inner = zlib.decompressobj()
        self._first = True
        self.unconsumed_tail = b""

    def decompress(self, data: bytes, max_length: int) -> bytes:
        import zlib

        try:
            out = self._inner.decompress(data, max_length)
        except zlib.error:
            if not self._first:
                raise
            self._inner = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._inner.decompress(data, max_length)
        self._first = False
        self.unconsumed_tail = self._inner.unconsumed_tail
        return out
