"""LLM failures as one small vocabulary, whatever the provider said; and the one place where
secrets are taken out of a message before it is shown or stored."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from workbench.core.text_safety import terminal

REDACTED = "[redacted]"
# user:password@ (or a lone token@) right after a scheme, as in http://user:pass@host/v1
_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@'\"<>]+@")
# a bearer token, and the value of an echoed Authorization header
_BEARER = re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]{6,}")
_AUTH_HEADER = re.compile(
    r"(?i)\b(authorization[\"']?\s*[:=]\s*[\"']?)(?!\[redacted\])([A-Za-z]+\s+)?[^\s'\",;}]+"
)
_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Remember a secret (an API key, a password from a URL) so `redact` removes it anywhere."""
    if secret and len(secret) >= 4:
        _secrets.update({secret, quote(secret, safe="")})


def redact(text: str) -> str:
    """Every registered secret, credentials in URLs and Authorization values, replaced."""
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    text = _URL_CREDENTIALS.sub(lambda m: m.group(1) + REDACTED + "@", text)
    text = _BEARER.sub(lambda m: m.group(1) + REDACTED, text)
    return _AUTH_HEADER.sub(lambda m: m.group(1) + (m.group(2) or "") + REDACTED, text)


def url_without_credentials(url: str) -> str:
    """The URL as shown and stored: any user:password@ removed, and its query too (a gateway
    may take its key there, `?api_key=...`; `split_query` sends it apart)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    if "@" not in parts.netloc and not parts.query and not parts.fragment:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=netloc, query="", fragment=""))


def split_query(url: str) -> tuple[str, dict[str, str]]:
    """The URL without its query, and the query's parameters (for the client's default query:
    the SDK appends paths to its base URL as text, so a query left in it ends up in the path)."""
    from urllib.parse import parse_qsl

    try:
        parts = urlsplit(url)
    except ValueError:
        return url, {}
    if not parts.query:
        return url, {}
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit(parts._replace(query="", fragment="")), query


def url_credentials(url: str) -> list[str]:
    """The secrets a URL makes: the password of its user:password@ and the `Authorization:
    Basic` token the HTTP library sends for it (base64 of user:password), which a server may
    echo; and the values of its query's parameters (`?api_key=...`)."""
    import base64
    from urllib.parse import unquote

    try:
        parts = urlsplit(url)
        user, password = parts.username, parts.password
    except ValueError:
        return []
    secrets = list(split_query(url)[1].values())
    if not password:
        return secrets
    basic = f"{unquote(user or '')}:{unquote(password)}".encode()
    return [unquote(password), base64.b64encode(basic).decode("ascii"), *secrets]


def clean_message(text: str, limit: int = 500) -> str:
    """Clean a message by `text_safety.terminal`'s rules (escape sequences, control and bidi
    characters removed), redact secrets, cap the length."""
    text = redact(terminal(text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LLMError(Exception):
    """A rendition that could not be produced.

    `kind` is one of: rate_limited, server_error, timeout, connection, stream_interrupted,
    invalid_output, length, content_filter, refused, too_long, repetition, context_length, auth,
    not_found, bad_request, cancelled, internal.
    `partial_text` is the text parsed before the failure (may be empty; never raw JSON).
    """

    def __init__(self, kind: str, message: str, *, partial_text: str = "") -> None:
        super().__init__(clean_message(message))
        self.kind = kind
        self.partial_text = partial_text

    @property
    def message(self) -> str:
        return str(self.args[0])
