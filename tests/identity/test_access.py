"""Authorization rules, table-driven: roles, scopes, environments, per-route mTLS, token bounds."""

from __future__ import annotations

import pytest

from ferryman.errors import Forbidden, NotFound
from ferryman.identity.access import (
    authorize_inference,
    can_read_admin,
    can_write_admin,
    enforce_token_bounds,
    usable_aliases,
)
from ferryman.identity.model import Identity, Role
from ferryman.settings import parse_settings
from ferryman.upstream.providers import build_provider
from ferryman.upstream.routes import RouteTable

CONFIG = """
providers:
  open: {kind: demo}
  prodonly: {kind: demo, environments: [prod]}
models:
  chat: {provider: open, model: m}
  prod-chat: {provider: prodonly, model: m}
  both: {provider: prodonly, model: m, fallbacks: [chat]}
  secure: {provider: open, model: m, require_mtls: true}
  leaky: {provider: prodonly, model: m, fallbacks: [secure]}
"""


@pytest.fixture(scope="module")
def routes() -> RouteTable:
    settings = parse_settings(CONFIG, env={})
    providers = {n: build_provider(n, p) for n, p in settings.providers.items()}
    return RouteTable(settings, providers)


def ident(role: Role = Role.SERVICE, env: str | None = "dev", **kw: object) -> Identity:
    return Identity(kind="key", id="k", name="n", role=role, environment=env, **kw)  # type: ignore[arg-type]


def test_service_may_call_open_aliases(routes: RouteTable) -> None:
    assert len(authorize_inference(ident(), "chat", "chat", routes)) == 1


def test_fallback_chain_is_filtered_by_environment(routes: RouteTable) -> None:
    dev = authorize_inference(ident(env="dev"), "chat", "both", routes)
    assert [t.alias for t in dev] == ["chat"]  # the prod-only provider is skipped
    prod = authorize_inference(ident(env="prod"), "chat", "both", routes)
    assert [t.alias for t in prod] == ["both", "chat"]


@pytest.mark.parametrize(
    ("identity", "alias", "endpoint", "error", "code"),
    [
        (ident(env="dev"), "prod-chat", "chat", Forbidden, "environment_not_allowed"),
        (ident(env=None), "prod-chat", "chat", Forbidden, "environment_not_allowed"),
        (ident(Role.ADMIN), "chat", "chat", Forbidden, "role_not_allowed"),
        (ident(Role.AUDITOR), "chat", "chat", Forbidden, "role_not_allowed"),
        (ident(models=frozenset({"other"})), "chat", "chat", Forbidden, "model_not_allowed"),
        (
            ident(endpoints=frozenset({"embeddings"})),
            "chat",
            "chat",
            Forbidden,
            "endpoint_not_allowed",
        ),
        (ident(), "missing", "chat", NotFound, "model_not_found"),
        (ident(), "secure", "chat", Forbidden, "mtls_required"),
    ],
)
def test_denials(
    routes: RouteTable, identity: Identity, alias: str, endpoint: str, error: type, code: str
) -> None:
    with pytest.raises(error) as info:
        authorize_inference(identity, endpoint, alias, routes)
    assert info.value.code == code


def test_admin_with_explicit_scopes_may_infer(routes: RouteTable) -> None:
    admin = ident(Role.ADMIN, models=frozenset({"chat"}))
    assert authorize_inference(admin, "chat", "chat", routes)
    assert usable_aliases(admin, routes) == ["chat"]


def test_fallback_into_an_mtls_route_needs_a_certificate(routes: RouteTable) -> None:
    with pytest.raises(Forbidden):  # prod-only primary unusable, mTLS-only fallback filtered
        authorize_inference(ident(env="dev"), "chat", "leaky", routes)
    with_cert = authorize_inference(ident(env="dev"), "chat", "leaky", routes, client_cert=True)
    assert [t.alias for t in with_cert] == ["secure"]


def test_mtls_route_with_certificate(routes: RouteTable) -> None:
    assert authorize_inference(ident(), "chat", "secure", routes, client_cert=True)


def test_usable_aliases(routes: RouteTable) -> None:
    assert set(usable_aliases(ident(env="dev"), routes)) == {"chat", "both"}
    with_cert = usable_aliases(ident(env="dev"), routes, client_cert=True)
    assert set(with_cert) == {"chat", "both", "secure", "leaky"}
    assert usable_aliases(ident(Role.AUDITOR), routes) == []


def test_admin_roles() -> None:
    assert can_write_admin(ident(Role.ADMIN)) and can_read_admin(ident(Role.ADMIN))
    assert can_read_admin(ident(Role.AUDITOR)) and not can_write_admin(ident(Role.AUDITOR))
    assert not can_read_admin(ident(Role.SERVICE))


def test_token_bounds() -> None:
    token = ident(max_tokens=10, origin="https://a.example")
    body: dict[str, object] = {}
    enforce_token_bounds(token, body, "https://a.example")
    assert body["max_tokens"] == 10
    with pytest.raises(Forbidden):
        enforce_token_bounds(token, {"max_tokens": 11}, "https://a.example")
    with pytest.raises(Forbidden):
        enforce_token_bounds(token, {"max_completion_tokens": 11}, "https://a.example")
    with pytest.raises(Forbidden):
        enforce_token_bounds(token, {}, "https://b.example")
    enforce_token_bounds(ident(), {}, None)  # keys have no such bounds
