"""The admin JSON API under ``/admin``: keys, identity introspection, the admin audit trail.

Every route is behind the role check (deny by default): ``admin`` for everything, ``auditor`` for
reads. Errors use the same OpenAI-shaped body as the data plane. The OpenAPI document is served at
``/admin/openapi.json``; no interactive docs page (it would load scripts from a CDN).

FastAPI reads the route signatures at runtime, so this module does not use postponed annotations.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ferryman.admin.kill_switch_api import register as register_kill_switches
from ferryman.admin.operations import Actor, KeyAdmin
from ferryman.admin.schemas import KeyCreate, KeyRotate, TokenMint
from ferryman.admin.stats_api import register as register_stats
from ferryman.budgets.usage import usage_report
from ferryman.console.app import Console
from ferryman.console.sessions import SessionStore
from ferryman.errors import (
    BadRequest,
    FerrymanError,
    Forbidden,
    InternalError,
    NotFound,
    PayloadTooLarge,
)
from ferryman.governance.flows import collect_inventory
from ferryman.identity.access import authorize_inference, can_read_admin, can_write_admin
from ferryman.identity.durations import parse_duration
from ferryman.identity.model import Identity, Role
from ferryman.server.credentials import credential_from_headers
from ferryman.server.routes import client_certificate
from ferryman.storage.admin_events import AdminEvent
from ferryman.storage.audit_events import AuditQuery

if TYPE_CHECKING:
    from ferryman.runtime import Runtime

__all__ = ["build_admin_app"]


def build_admin_app(current: Callable[[], "Runtime"]) -> FastAPI:
    app = FastAPI(
        title="ferryman admin API",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    sessions = SessionStore()  # the console's sign-ins (this process's memory)

    def key_admin() -> KeyAdmin:
        runtime = current()
        return KeyAdmin(
            runtime.services.keys,
            runtime.services.admin_events,
            environments=runtime.settings.auth.environments,
            rotation_grace=runtime.settings.auth.rotation_grace,
        )

    async def identity(request: Request) -> Identity:
        runtime = current()
        client = request.client.host if request.client else None
        credential = credential_from_headers(request.scope["headers"])
        if credential is None:  # the console: its session cookie, + CSRF token on writes
            credential = sessions.credential(request.scope)
        return await runtime.auth.authenticate(
            credential, client, peer=client_certificate(request.scope)
        )

    def actor(request: Request, who: Identity) -> Actor:
        client = request.client.host if request.client else None
        return Actor(kind=who.kind, label=who.label, client=client)

    async def _deny(request: Request, who: Identity, action: str) -> None:
        await current().services.admin_events.record(
            AdminEvent(
                actor_kind=who.kind,
                actor=who.label,
                action=action,
                outcome="denied",
                client=request.client.host if request.client else None,
            )
        )

    async def reader(request: Request, who: Annotated[Identity, Depends(identity)]) -> Identity:
        if not can_read_admin(who):
            await _deny(request, who, "admin.read")
            raise Forbidden("this credential has no admin access", code="role_not_allowed")
        return who

    async def writer(request: Request, who: Annotated[Identity, Depends(identity)]) -> Identity:
        if not can_write_admin(who):
            await _deny(request, who, "admin.write")
            raise Forbidden("this action needs the admin role", code="role_not_allowed")
        return who

    Reader = Annotated[Identity, Depends(reader)]
    Writer = Annotated[Identity, Depends(writer)]

    @app.exception_handler(FerrymanError)
    async def _ferryman_error(request: Request, exc: FerrymanError) -> JSONResponse:
        return JSONResponse(exc.to_openai(), status_code=exc.http_status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        parts = [str(p) for p in first.get("loc", ()) if p != "body"]
        msg = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        if first.get("type") == "extra_forbidden" and parts:
            parts, msg = parts[:-1], "unknown field (see the OpenAPI document)"
        if len(parts) >= 2 and parts[0] == "metadata":
            parts = parts[:1]  # a metadata key is caller data: name the field, not the key
        loc = ".".join(parts) or "body"
        err = BadRequest(f"{loc}: {msg}", code="invalid_request", param=loc)
        return JSONResponse(err.to_openai(), status_code=400)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(
            {
                "error": {
                    "message": "internal error",
                    "type": "internal_error",
                    "param": None,
                    "code": "internal_error",
                }
            },
            status_code=500,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        err: FerrymanError
        if status == 404:
            err = NotFound("no such admin endpoint", code="unknown_endpoint")
        elif status == 405:
            err = BadRequest(
                "method not allowed on this admin endpoint", code="method_not_allowed", status=405
            )
        elif status == 413:
            err = PayloadTooLarge("admin request body is too large")
        elif 400 <= status < 500:
            err = BadRequest("the request body could not be read as JSON", code="invalid_json")
        else:
            err = InternalError("internal error")
        return JSONResponse(err.to_openai(), status_code=err.http_status)

    @app.get("/admin/openapi.json", include_in_schema=False)
    async def openapi_document(_: Reader) -> dict[str, Any]:
        """The OpenAPI document (admin or auditor credentials, like every admin read)."""
        from fastapi.openapi.utils import get_openapi

        if app.openapi_schema is None:
            app.openapi_schema = get_openapi(
                title=app.title, version=app.version, routes=app.routes
            )
        return app.openapi_schema

    @app.get("/admin/whoami")
    async def whoami(
        request: Request, who: Annotated[Identity, Depends(identity)]
    ) -> dict[str, Any]:
        """The caller's identity as the gateway sees it (metadata only)."""
        await current().services.admin_events.record(
            AdminEvent(
                actor_kind=who.kind,
                actor=who.label,
                action="admin.whoami",
                outcome="ok",
                client=request.client.host if request.client else None,
            )
        )
        return {
            "kind": who.kind,
            "id": who.id,
            "name": who.name,
            "role": who.role.value,
            "environment": who.environment,
            "team": who.team,
            "models": sorted(who.models) if who.models is not None else None,
            "endpoints": sorted(who.endpoints) if who.endpoints is not None else None,
            "prefix": who.prefix,
            "expires_at": who.expires_at.isoformat() if who.expires_at else None,
        }

    @app.get("/admin/keys")
    async def list_keys(
        _: Reader,
        environment: Annotated[str | None, Query(max_length=16)] = None,
        role: Annotated[str | None, Query(max_length=16)] = None,
        team: Annotated[str | None, Query(max_length=128)] = None,
        include_revoked: bool = False,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> dict[str, Any]:
        """Keys (metadata only: never a secret or a hash)."""
        records = await current().services.keys.list(
            environment=environment,
            role=role,
            team=team,
            include_revoked=include_revoked,
            limit=limit,
        )
        return {"object": "list", "data": [r.public() for r in records]}

    @app.post("/admin/keys", status_code=201)
    async def create_key(request: Request, body: KeyCreate, who: Writer) -> dict[str, Any]:
        """Create a key. The secret is in this answer and nowhere else, ever."""
        record, secret = await key_admin().create(body, actor(request, who))
        return {"key": record.public(), "secret": secret}

    @app.get("/admin/keys/{key_id}")
    async def show_key(key_id: str, _: Reader) -> dict[str, Any]:
        return (await key_admin().get(key_id[:64])).public()

    @app.post("/admin/keys/{key_id}/revoke")
    async def revoke_key(request: Request, key_id: str, who: Writer) -> dict[str, Any]:
        """Revoke now: this instance at once, every other instance within the key cache TTL."""
        record = await key_admin().revoke(key_id[:64], actor(request, who))
        current().auth.invalidate(record.id)
        return record.public()

    @app.delete("/admin/keys/{key_id}")
    async def delete_key(request: Request, key_id: str, who: Writer) -> dict[str, Any]:
        """Same as revoke (keys are kept for the audit trail, never deleted)."""
        return await revoke_key(request, key_id, who)

    @app.post("/admin/keys/{key_id}/rotate")
    async def rotate_key(
        request: Request, key_id: str, who: Writer, body: KeyRotate | None = None
    ) -> dict[str, Any]:
        """New secret; the old one keeps working for the grace period (auth.rotation_grace)."""
        record, secret = await key_admin().rotate(
            key_id[:64], body.grace if body else None, actor(request, who)
        )
        current().auth.invalidate(record.id)
        return {"key": record.public(), "secret": secret}

    @app.post("/admin/tokens", status_code=201)
    async def mint_token(
        request: Request, body: TokenMint, who: Annotated[Identity, Depends(identity)]
    ) -> dict[str, Any]:
        """Mint a browser token (service or admin callers) for a model the caller may use."""
        runtime = current()
        if who.role is Role.AUDITOR or who.kind == "token":
            await _deny(request, who, "token.mint")
            raise Forbidden("this credential may not mint browser tokens", code="role_not_allowed")
        authorize_inference(who, "chat", body.model, runtime.routes)  # 403/404 if not its own
        if who.environment is None:
            raise Forbidden(
                "a credential without an environment cannot mint browser tokens",
                code="environment_required",
            )
        if who.endpoints is not None and not {"chat", "messages"} <= who.endpoints:
            raise Forbidden(
                "browser tokens call chat and messages; this credential may not use both",
                code="endpoint_not_allowed",
            )
        environment = who.environment
        token, secret = await runtime.services.tokens.mint(
            model=body.model,
            max_tokens=body.max_tokens,
            origin=body.origin,
            requests=body.requests,
            environment=environment,
            ttl=parse_duration(body.ttl),
            created_by=who.label,
        )
        await runtime.services.admin_events.record(
            AdminEvent(
                actor_kind=who.kind,
                actor=who.label,
                action="token.mint",
                outcome="ok",
                target=token.id,
                client=request.client.host if request.client else None,
                detail={"model": body.model, "requests": body.requests},
            )
        )
        return {
            "token": secret,
            "id": token.id,
            "model": token.model,
            "max_tokens": token.max_tokens,
            "origin": token.origin,
            "requests": token.remaining,
            "expires_at": token.expires_at.isoformat(),
        }

    @app.get("/admin/events")
    async def admin_events(
        _: Reader,
        action: Annotated[str | None, Query(max_length=48)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        """The admin audit trail: who did what, when, from where, with what outcome."""
        data = await current().services.admin_events.query(action=action, limit=limit)
        return {"object": "list", "data": data}

    @app.get("/admin/audit")
    async def request_events(
        _: Reader,
        since: datetime | None = None,
        until: datetime | None = None,
        key_id: Annotated[str | None, Query(max_length=64)] = None,  # `key` is refused in URLs
        model: Annotated[str | None, Query(max_length=128)] = None,
        status: Annotated[str | None, Query(pattern=r"^([1-5]xx|[1-5][0-9][0-9])$")] = None,
        outcome: Annotated[str | None, Query(max_length=24)] = None,
        environment: Annotated[str | None, Query(max_length=16)] = None,
        before: Annotated[str | None, Query(max_length=32)] = None,  # page: older than this id
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        """Request audit events (metadata only), newest first; page with ``before``."""
        q = AuditQuery(
            since, until, key_id, model, status, outcome, environment, limit=limit, before_id=before
        )
        rows = await current().services.audit_events.query(q)
        for row in rows:
            row["ts"] = row["ts"].isoformat()
            row["stream"] = bool(row["stream"])
        return {"object": "list", "data": rows, "has_more": len(rows) == limit}

    @app.get("/admin/policies")
    async def policies(_: Reader) -> dict[str, Any]:
        """The data policies in force: per type, its class and the request/answer actions."""
        inspector = current().inspector
        named = {"default": inspector.default, **inspector.policies}
        data = [
            {
                "name": name,
                "types": {
                    t: {
                        "class": p.classes[t].value,
                        "request": p.request_action(t).label,
                        "response": p.response_action(t).label,
                    }
                    for t in sorted(inspector.redactor.engine.types)
                    if t not in p.ignore
                },
                "block_non_text": p.block_non_text,
                "conversation_vault": p.conversation_vault,
            }
            for name, p in named.items()
        ]
        return {"object": "list", "data": data}

    @app.get("/admin/usage")
    async def usage(
        _: Reader,
        scope: Annotated[str | None, Query(description="key, team or environment.")] = None,
        period: Annotated[
            str | None,
            Query(max_length=10, description="day, month (current), all, YYYY-MM, YYYY-MM-DD."),
        ] = None,
        id: Annotated[str | None, Query(max_length=128, description="Key id, team, env.")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
    ) -> dict[str, Any]:
        """Spend against the budgets: per key, team and environment, per UTC day and month."""
        return await usage_report(
            current().budgets, scope=scope, period=period, subject=id, limit=limit
        )

    @app.get("/admin/flows")
    async def flows(
        _: Reader,
        since: Annotated[str, Query(max_length=8, description="Period read: 30d, 12h ...")] = "30d",
    ) -> dict[str, Any]:
        """The data-flow inventory: declared flows, observed traffic, mismatches."""
        try:
            back = parse_duration(since)
        except ValueError as exc:
            raise BadRequest(f"since: {exc}", code="invalid_request", param="since") from None
        runtime, until = current(), datetime.now(UTC)
        inventory = await collect_inventory(
            runtime.settings,
            runtime.services.audit_events,
            runtime.services.keys,
            since=until - back,
            until=until,
        )
        return inventory.public()

    register_kill_switches(app, current, Reader, Writer)
    register_stats(app, current, Reader)
    app.mount("/console", Console(current, sessions))

    return app
