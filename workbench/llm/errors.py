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
    """The URL with any user:password@ removed (for what is shown or stored)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def url_credentials(url: str) -> list[str]:
    """The secrets a URL's user:password@ makes: the password, and the `Authorization: Basic`
    token the HTTP library sends for it (base64 of user:password), which a server may echo."""
    import base64
    from urllib.parse import unquote

    try:
        parts = urlsplit(url)
        user, password = parts.username, parts.password
    except ValueError:
        return []
    if not password:
        return []
    basic = f"{unquote(user or '')}:{unquote(password)}".encode()
    return [unquote(password), base64.b64encode(basic).decode("ascii")]


def clean_message(text: str, limit: int = 500) -> str:
    """Clean a message by `text_safety.terminal`'s rules (escape sequences, control and bidi
    characters removed), redact secrets, cap the length."""
    text = redact(terminal(text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LLMError(Exception):
    """A rendition that could not be produced.

    `kind` is one of: rate_limited, server_error, timeout, connection, stream_interrupted,
    invalid_output, length, too_long, repetition, context_length, auth, not_found, bad_request,
    cancelled, internal.
    `partial_text` is the text parsed before the failure (may be empty; never raw JSON).
    """

    def __init__(self, kind: str, message: str, *, partial_text: str = "") -> None:
        super().__init__(clean_message(message))
        self.kind = kind
        self.partial_text = partial_text

    @property
    def message(self) -> str:
        return str(self.args[0])
