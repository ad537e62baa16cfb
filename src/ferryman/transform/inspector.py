"""What the two data-protection stages share, built once per runtime from the config.

It picks the policy for a request (the key's, else ``default``; a route's policy tightens it)
and holds the redactor and the optional conversation vault store.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from ferryman.core.context import RequestContext
from ferryman.detection.engine import Engine
from ferryman.detection.registry import default_recognizers
from ferryman.errors import BadRequest, Forbidden
from ferryman.settings.model import Settings
from ferryman.transform.policy import DEFAULT_POLICY, Policy, compile_policy, strictest
from ferryman.transform.redactor import Hasher, Redactor, Report
from ferryman.transform.vault import Vault

if TYPE_CHECKING:
    from ferryman.storage.sealed import SealedStore

__all__ = ["CONVERSATION_HEADER", "Inspector", "Protected"]

CONVERSATION_HEADER = "x-ferryman-conversation"
_CONVERSATION_RE = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
_NAMESPACE = "pseudonyms"


@dataclass(slots=True)
class Protected:
    """A request's protection state, left in ``ctx.state`` for the answer side and audit."""

    policy: Policy
    vault: Vault
    report: Report
    response: Report = field(default_factory=Report)
    conversation_key: str | None = None


class Inspector:
    def __init__(
        self, settings: Settings, pepper: bytes, sealed: SealedStore | None = None
    ) -> None:
        self.policies: dict[str, Policy] = {
            name: compile_policy(name, spec) for name, spec in settings.policies.items()
        }
        self.default = self.policies.get("default", DEFAULT_POLICY)
        self.route_policy = {
            alias: route.policy for alias, route in settings.models.items() if route.policy
        }
        recognizers = default_recognizers()
        ner = settings.detection.ner
        if ner is not None:  # a ConfigError here (model missing) stops the startup, clearly
            from ferryman.detection.ner import load_ner

            recognizers.append(load_ner(ner.backend, ner.model, ner.labels))
        engine = Engine(recognizers, cache_size=settings.server.inspection_cache)
        engine.warm_up()
        self.redactor = Redactor(engine, Hasher(pepper))
        self.sealed = sealed
        self._conv_key = hmac.new(pepper, b"ferryman.conversation.v1", hashlib.sha256).digest()

    def policy_for(self, ctx: RequestContext, route_policy: str | bool | None = False) -> Policy:
        """The policy for this request: the key's (else ``default``), tightened by the route's
        policy - the requested alias's, or ``route_policy`` when given (a fallback route)."""
        name = ctx.identity.policy if ctx.identity is not None else None
        if name:
            policy = self.policies.get(name)
            if policy is None:  # fail closed: a key bound to a policy the config lacks
                raise Forbidden(
                    "this key's data policy is not configured on the gateway",
                    code="policy_not_configured",
                )
        else:
            policy = self.default
        route = self.route_policy.get(ctx.alias) if route_policy is False else route_policy
        if isinstance(route, str):
            policy = strictest(policy, self.policies[route])
        return policy

    def _conversation_key(self, ctx: RequestContext, conversation: str) -> str:
        owner = f"{ctx.identity.kind}:{ctx.identity.id}" if ctx.identity is not None else ""
        msg = f"{owner}\x00{conversation}".encode()
        return hmac.new(self._conv_key, msg, hashlib.sha256).hexdigest()

    async def vault_for(self, ctx: RequestContext, policy: Policy) -> tuple[Vault, str | None]:
        """A fresh vault, or the conversation's (scoped to the calling key) when enabled."""
        conversation = ctx.headers.get(CONVERSATION_HEADER)
        if not (policy.conversation_vault and conversation and self.sealed is not None):
            return Vault(policy.vault_max_entries), None
        if not _CONVERSATION_RE.fullmatch(conversation):
            raise BadRequest(
                f"{CONVERSATION_HEADER}: use 1-128 letters, digits or ._:-",
                code="invalid_conversation_id",
            )
        key = self._conversation_key(ctx, conversation)
        env = (ctx.identity.environment if ctx.identity is not None else None) or "default"
        data = await self.sealed.get(_NAMESPACE, key, environment=env)
        if data is None:
            return Vault(policy.vault_max_entries), key
        return Vault.loads(data, policy.vault_max_entries), key

    async def save(self, ctx: RequestContext, state: Protected) -> None:
        if state.conversation_key is None or not state.vault.dirty or self.sealed is None:
            return
        env = (ctx.identity.environment if ctx.identity is not None else None) or "default"
        await self.sealed.put(
            _NAMESPACE,
            state.conversation_key,
            state.vault.dumps(),
            environment=env,
            ttl=timedelta(seconds=state.policy.vault_ttl_s),
        )
        state.vault.dirty = False
