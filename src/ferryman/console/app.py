"""The console's routes: sign-in, sign-out, the pages (HTML shells) and their static files.

A pure ASGI app mounted at ``/console`` inside the admin app (so the listener's admin body limit
and deadline apply). Pages are rendered on the server (Jinja2, autoescaped) and filled by
``static/console.js``, which reads the admin JSON API with the session cookie. Every answer,
errors included, carries the strict security headers of ``console.security``; no inline script
or style exists to allow.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, MutableMapping
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from ferryman.console.security import HEADERS, cookie, expired_cookie
from ferryman.console.sessions import COOKIE, Session, SessionStore, cookie_value
from ferryman.errors import (
    FerrymanError,
    Forbidden,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
)
from ferryman.identity.access import can_read_admin, can_write_admin
from ferryman.server.http import send_bytes
from ferryman.storage.admin_events import AdminEvent

if TYPE_CHECKING:
    from jinja2 import Environment

    from ferryman.identity.model import Identity
    from ferryman.runtime import Runtime

__all__ = ["Console"]

LOGIN_COOKIE = "fm_console_login"  # double-submit token of the sign-in form
_FORM_LIMIT = 8 * 1024
_ERRORS = {401: "Sign-in needed", 403: "Not allowed", 404: "Not found", 405: "Not allowed"}
_HTML = (b"content-type", b"text/html; charset=utf-8")
_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".txt": "text/plain",
}
PAGES = {
    "": ("overview", "Overview"),
    "keys": ("keys", "Keys"),
    "audit": ("audit", "Audit explorer"),
    "protection": ("protection", "Protection"),
    "flows": ("flows", "Data flows"),
    "controls": ("controls", "Kill switch and alerts"),
}


def _static_files() -> dict[str, tuple[bytes, bytes]]:
    folder = resources.files("ferryman.console") / "static"
    files = {}
    for item in folder.iterdir():
        kind = _TYPES.get("." + item.name.rpartition(".")[2])
        if item.is_file() and kind is not None:
            files[item.name] = (item.read_bytes(), kind.encode())
    return files


class _Request:
    """One console request: what the handlers read, and the headers every answer carries."""

    __slots__ = ("client", "headers", "method", "path", "receive", "scope", "send")

    def __init__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        self.scope, self.receive, self.send = scope, receive, send
        self.method: str = scope["method"]
        self.path = str(scope["path"]).removeprefix("/console").strip("/")
        self.client: str | None = scope["client"][0] if scope.get("client") else None
        self.headers: list[tuple[bytes, bytes]] = list(HEADERS)


class Console:
    """The ``/console`` ASGI app; ``sessions`` is shared with the admin API's identity check."""

    def __init__(self, current: Callable[[], Runtime], sessions: SessionStore) -> None:
        self.current = current
        self.sessions = sessions
        self._env: Environment | None = None
        self._static: dict[str, tuple[bytes, bytes]] | None = None

    def _templates(self) -> Environment:
        if self._env is None:  # built on first use: the data plane never loads Jinja2
            from jinja2 import Environment, PackageLoader, select_autoescape

            self._env = Environment(
                loader=PackageLoader("ferryman.console", "templates"),
                autoescape=select_autoescape(default=True, default_for_string=True),
            )
        return self._env

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        req = _Request(scope, receive, send)
        try:
            await self._route(req)
        except FerrymanError as exc:
            if exc.http_status == 429:
                req.headers += [(k.encode(), v.encode()) for k, v in exc.headers.items()]
            title = _ERRORS.get(exc.http_status, "Error")
            await self._render(
                req, exc.http_status, "error.html", page="error", title=title, error=exc.message
            )

    async def _route(self, req: _Request) -> int:
        path, method = req.path, req.method
        if path.startswith("static/"):
            return await self._file(req, path.removeprefix("static/"))
        if path == "login":
            return await (self._login(req) if method == "POST" else self._login_form(req))
        if path == "logout":
            if method != "POST":
                raise MethodNotAllowed("use POST on this page")
            return await self._logout(req)
        if method != "GET":
            raise MethodNotAllowed("use GET on this page")
        key_id = None
        if path.startswith("keys/") and 0 < len(path) - 5 <= 64 and "/" not in path[5:]:
            path, key_id = "keys", path[5:]
        if path not in PAGES:
            raise NotFound("no such console page", code="unknown_endpoint")
        sid = cookie_value(req.scope["headers"])
        session = self.sessions.get(sid)
        who = await self._identity(req, session) if session else None
        if session is None or who is None:
            self.sessions.drop(sid)
            return await self._redirect(req, "/console/login")
        page, title = PAGES[path]
        return await self._render(
            req,
            200,
            f"{page}.html",
            page=page,
            title=title,
            who=who,
            role=who.role.value,
            can_write=can_write_admin(who),
            csrf=session.csrf,
            key_id=key_id,
        )

    async def _identity(self, req: _Request, session: Session) -> Identity | None:
        """Re-authenticate the session's credential: a revoked or expired key ends it."""
        try:
            who = await self.current().auth.authenticate(session.credential, req.client)
        except FerrymanError:
            return None
        return who if can_read_admin(who) else None

    async def _render(self, req: _Request, status: int, name: str, **context: Any) -> int:
        html = self._templates().get_template(name).render(**context).encode()
        await send_bytes(req.send, status, html, [_HTML, *req.headers])
        return status

    async def _redirect(self, req: _Request, to: str, *extra: tuple[bytes, bytes]) -> int:
        await send_bytes(req.send, 303, b"", [(b"location", to.encode()), *extra, *req.headers])
        return 303

    async def _file(self, req: _Request, name: str) -> int:
        if self._static is None:
            self._static = _static_files()
        found = self._static.get(name)
        if found is None or req.method != "GET":
            raise NotFound("no such console file", code="unknown_endpoint")
        data, kind = found
        await send_bytes(req.send, 200, data, [(b"content-type", kind), *req.headers])
        return 200

    async def _login_form(self, req: _Request, status: int = 200, error: str | None = None) -> int:
        token = secrets.token_urlsafe(24)
        req.headers.append((b"set-cookie", cookie(LOGIN_COOKIE, token, req.scope)))
        return await self._render(
            req, status, "login.html", page="login", title="Sign in", csrf=token, error=error
        )

    async def _form(self, req: _Request) -> dict[str, str]:
        """The urlencoded form (the listener already bounded the body's size and time)."""
        raw, more = b"", True
        while more:
            message = await req.receive()
            raw += message.get("body", b"")
            more = bool(message.get("more_body"))
            if len(raw) > _FORM_LIMIT:
                raise PayloadTooLarge("the form is too large")
        fields = parse_qs(raw.decode("utf-8", "replace"), max_num_fields=8)
        return {k: v[0] for k, v in fields.items() if v}

    async def _login(self, req: _Request) -> int:
        form = await self._form(req)
        expected = cookie_value(req.scope["headers"], LOGIN_COOKIE) or ""
        given = form.get("csrf", "")
        if not expected or not secrets.compare_digest(given.encode(), expected.encode()):
            raise Forbidden("The sign-in form expired: reload the page.", code="csrf_failed")
        credential = form.get("credential", "").strip()
        try:
            who = await self.current().auth.authenticate(credential or None, req.client)
        except FerrymanError as exc:
            if exc.http_status == 429:
                raise
            return await self._login_form(req, 401, "Sign-in failed: unknown or invalid key.")
        if not can_read_admin(who):
            await self._trail(who, "console.login", "denied", req.client)
            return await self._login_form(req, 403, "This key has no admin or auditor role.")
        sid, _ = self.sessions.create(credential, who.label, who.role.value)
        await self._trail(who, "console.login", "ok", req.client)
        return await self._redirect(
            req,
            "/console/",
            (b"set-cookie", cookie(COOKIE, sid, req.scope)),
            (b"set-cookie", expired_cookie(LOGIN_COOKIE, req.scope)),
        )

    async def _logout(self, req: _Request) -> int:
        form = await self._form(req)
        sid = cookie_value(req.scope["headers"])
        session = self.sessions.get(sid)
        if session is not None:
            if not secrets.compare_digest(form.get("csrf", "").encode(), session.csrf.encode()):
                raise Forbidden("This request needs the console's CSRF token.", code="csrf_failed")
            self.sessions.drop(sid)
        return await self._redirect(
            req, "/console/login", (b"set-cookie", expired_cookie(COOKIE, req.scope))
        )

    async def _trail(self, who: Identity, action: str, outcome: str, client: str | None) -> None:
        event = AdminEvent(
            actor_kind=who.kind, actor=who.label, action=action, outcome=outcome, client=client
        )
        await self.current().services.admin_events.record(event)
