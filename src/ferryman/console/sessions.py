"""Console sessions: server-side, in this process's memory, with idle and absolute expiry.

The cookie holds only a random session id; the store keeps the credential that signed in, and
every admin call made with the session re-authenticates it, so revoking the key (or its expiry)
ends the session at once. Sessions are per process: with ``--workers N`` a sign-in is known only
to the worker that took it, so run the console on a single-worker instance (docs/console.md).

CSRF: a synchronizer token per session. A state-changing request authenticated by the cookie
must carry the token in ``x-csrf-token``; without it the request is refused (403).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ferryman.errors import Forbidden

__all__ = ["COOKIE", "CSRF_HEADER", "Session", "SessionStore", "cookie_value"]

COOKIE = "fm_console"
CSRF_HEADER = b"x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDLE_S = 30 * 60
ABSOLUTE_S = 8 * 3600
MAX_SESSIONS = 10_000


@dataclass(slots=True)
class Session:
    credential: str = field(repr=False)
    label: str
    role: str
    csrf: str = field(repr=False)
    created: float
    seen: float


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def cookie_value(headers: list[tuple[bytes, bytes]], name: str = COOKIE) -> str | None:
    """The named cookie from the request headers (the last one wins), else None."""
    found = None
    for key, value in headers:
        if key != b"cookie":
            continue
        for part in value.decode("latin-1").split(";"):
            k, sep, v = part.strip().partition("=")
            if sep and k == name and 0 < len(v) <= 128:
                found = v
    return found


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


class SessionStore:
    """Session id (hashed) -> session. The ids themselves are never kept."""

    def __init__(
        self,
        *,
        idle_s: float = IDLE_S,
        absolute_s: float = ABSOLUTE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.idle_s = idle_s
        self.absolute_s = absolute_s
        self._clock = clock
        self._sessions: dict[str, Session] = {}

    def __len__(self) -> int:
        return len(self._sessions)

    def create(self, credential: str, label: str, role: str) -> tuple[str, Session]:
        """A new session; returns the id for the cookie (shown once) and the session."""
        now = self._clock()
        self._sweep(now)
        if len(self._sessions) >= MAX_SESSIONS:  # drop the oldest sign-in
            oldest = min(self._sessions, key=lambda d: self._sessions[d].created)
            del self._sessions[oldest]
        sid = secrets.token_urlsafe(32)
        session = Session(credential, label, role, secrets.token_urlsafe(32), now, now)
        self._sessions[_digest(sid)] = session
        return sid, session

    def get(self, sid: str | None) -> Session | None:
        """The live session for this id (its idle clock restarts), else None."""
        if not sid:
            return None
        digest = _digest(sid)
        session = self._sessions.get(digest)
        if session is None:
            return None
        now = self._clock()
        if now - session.seen > self.idle_s or now - session.created > self.absolute_s:
            del self._sessions[digest]
            return None
        session.seen = now
        return session

    def drop(self, sid: str | None) -> None:
        if sid:
            self._sessions.pop(_digest(sid), None)

    def _sweep(self, now: float) -> None:
        dead = [
            d
            for d, s in self._sessions.items()
            if now - s.seen > self.idle_s or now - s.created > self.absolute_s
        ]
        for d in dead:
            del self._sessions[d]

    def credential(self, scope: Mapping[str, Any]) -> str | None:
        """The credential of the request's session cookie, for the admin API's identity check.

        None without a live session. A state-changing method without the session's CSRF token
        in ``x-csrf-token`` is refused (403), whatever else the request carries.
        """
        headers = scope["headers"]
        session = self.get(cookie_value(headers))
        if session is None:
            return None
        if scope["method"] not in SAFE_METHODS:
            token = _header(headers, CSRF_HEADER) or ""
            if not hmac.compare_digest(token.encode(), session.csrf.encode()):
                raise Forbidden(
                    "this request needs the console's CSRF token (x-csrf-token)",
                    code="csrf_failed",
                )
        return session.credential
