"""Authorization: what an identity may do. Deny by default.

- Data plane: the ``service`` role, or any role whose key explicitly lists model scopes (an admin
  key is not an inference key unless its scopes say so); the endpoint must be in the identity's
  endpoint scopes; the alias must be in its model scopes; and the alias must have a provider open
  to the identity's environment (a ``dev`` key never reaches a provider reserved for ``prod``).
- Admin API: ``admin`` for everything, ``auditor`` for reads only.
"""

from __future__ import annotations

from typing import Any

from ferryman.errors import Forbidden, NotFound
from ferryman.identity.model import Identity, Role
from ferryman.upstream.routes import RouteTable, Target

__all__ = ["authorize_inference", "can_read_admin", "can_write_admin", "usable_aliases"]


def may_infer(identity: Identity) -> bool:
    return identity.role is Role.SERVICE or identity.models is not None


def _model_allowed(identity: Identity, alias: str) -> bool:
    return identity.models is None or alias in identity.models or "*" in identity.models


def authorize_inference(
    identity: Identity, endpoint: str, alias: str, routes: RouteTable, *, client_cert: bool = False
) -> tuple[Target, ...]:
    """The targets this identity may use for ``alias``; raises 403/404 otherwise."""
    if not may_infer(identity):
        raise Forbidden(
            f"role '{identity.role.value}' cannot call models unless its scopes list them",
            code="role_not_allowed",
        )
    if identity.endpoints is not None and endpoint not in identity.endpoints:
        raise Forbidden(
            f"this credential may not use the {endpoint} endpoint", code="endpoint_not_allowed"
        )
    if routes.resolve(alias) is None:  # never echo an unknown, caller-chosen value back
        raise NotFound(
            "the requested model does not exist or is not available",
            code="model_not_found",
            param="model",
        )
    if not _model_allowed(identity, alias):
        raise Forbidden(
            f"this credential may not use model '{alias}'", code="model_not_allowed", param="model"
        )
    if routes.requires_mtls(alias) and not client_cert:
        raise Forbidden(
            f"model '{alias}' requires a verified client certificate (mTLS)",
            code="mtls_required",
            param="model",
        )
    targets = routes.resolve(alias, environment=identity.environment)
    if targets and not client_cert:  # a fallback must not lead into an mTLS-only route either
        targets = tuple(t for t in targets if not routes.requires_mtls(t.alias))
    if not targets:
        raise Forbidden(
            f"model '{alias}' is not available to the '{identity.environment}' environment",
            code="environment_not_allowed",
            param="model",
        )
    return targets


def enforce_token_bounds(identity: Identity, body: dict[str, Any], origin: str | None) -> None:
    """A browser token is valid only from its origin and within its max_tokens cap."""
    if identity.origin is not None and origin != identity.origin:
        raise Forbidden("this token is not valid from this origin", code="origin_not_allowed")
    cap = identity.max_tokens
    if cap is None:
        return
    n = body.get("n")
    if n is not None and n != 1:
        raise Forbidden(
            "browser tokens allow one completion per request (n=1)", code="n_not_allowed", param="n"
        )
    present = [k for k in ("max_tokens", "max_completion_tokens") if body.get(k) is not None]
    for name in present:
        if not isinstance(body[name], int) or body[name] > cap:
            raise Forbidden(
                f"{name} exceeds this token's cap of {cap}", code="max_tokens_exceeded", param=name
            )
    if not present:
        body["max_tokens"] = cap


def usable_aliases(
    identity: Identity, routes: RouteTable, *, client_cert: bool = False
) -> list[str]:
    """The aliases ``/v1/models`` shows this identity: exactly those it could call."""
    if not may_infer(identity):
        return []
    usable = []
    for alias in routes.aliases():
        if not _model_allowed(identity, alias):
            continue
        if routes.requires_mtls(alias) and not client_cert:
            continue
        targets = routes.resolve(alias, environment=identity.environment) or ()
        if not client_cert:
            targets = tuple(t for t in targets if not routes.requires_mtls(t.alias))
        if targets:
            usable.append(alias)
    return usable


def can_read_admin(identity: Identity) -> bool:
    return identity.role in (Role.ADMIN, Role.AUDITOR)


def can_write_admin(identity: Identity) -> bool:
    return identity.role is Role.ADMIN
