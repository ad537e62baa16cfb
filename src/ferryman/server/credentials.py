"""Where a caller's credential is read from: ``Authorization: Bearer`` or ``x-api-key``.

Never from the query string: a credential in a URL ends up in proxy and browser logs, so a request
carrying one is refused outright (and the query string is never logged).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from ferryman.errors import BadRequest

__all__ = ["credential_from_headers", "refuse_query_credentials"]

_QUERY_CREDENTIALS = frozenset({"api_key", "api-key", "key", "token", "access_token", "apikey"})


def credential_from_headers(headers: list[tuple[bytes, bytes]]) -> str | None:
    api_key = None
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
        elif name == b"x-api-key":
            api_key = value.decode("latin-1").strip() or None
    return api_key


def refuse_query_credentials(query_string: bytes) -> None:
    if not query_string:
        return
    for name, _ in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name.lower() in _QUERY_CREDENTIALS:
            raise BadRequest(
                "credentials in the query string are refused; use the Authorization header",
                code="credentials_in_query",
            )
