"""Key lifecycle operations shared by the admin API and the ``ferryman keys`` CLI.

Each operation validates against the configuration (known environments), acts on the store and
writes the admin audit trail: who, what, when, from where, outcome - never the secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ferryman.admin.schemas import KeyCreate
from ferryman.errors import BadRequest, NotFound
from ferryman.identity.durations import parse_duration, parse_expiry
from ferryman.storage.admin_events import AdminEvent, AdminEventStore
from ferryman.storage.keys import KeyRecord, KeySpec, KeyStore

__all__ = ["Actor", "KeyAdmin"]


@dataclass(frozen=True, slots=True)
class Actor:
    kind: str  # "key" | "jwt" | "bootstrap" | "cli"
    label: str  # key prefix, subject, or "cli:<user>"
    client: str | None = None


class KeyAdmin:
    def __init__(
        self,
        keys: KeyStore,
        events: AdminEventStore,
        *,
        environments: list[str],
        rotation_grace: str,
    ) -> None:
        self.keys = keys
        self.events = events
        self.environments = environments
        self.rotation_grace = rotation_grace

    async def _record(
        self, actor: Actor, action: str, outcome: str, target: str | None, **detail: object
    ) -> None:
        await self.events.record(
            AdminEvent(
                actor_kind=actor.kind,
                actor=actor.label,
                action=action,
                outcome=outcome,
                target=target,
                client=actor.client,
                detail={k: v for k, v in detail.items() if v is not None},
            )
        )

    async def create(self, body: KeyCreate, actor: Actor) -> tuple[KeyRecord, str]:
        if body.environment not in self.environments:
            await self._record(actor, "key.create", "refused", None, reason="unknown_environment")
            raise BadRequest(
                f"environment must be one of {self.environments}",
                code="invalid_environment",
                param="environment",
            )
        spec = KeySpec(
            name=body.name,
            role=body.role,
            environment=body.environment,
            team=body.team,
            models=body.models,
            endpoints=body.endpoints,
            policy=body.policy,
            expires_at=_expiry(body.expires),
            rpm=body.rpm,
            tpm=body.tpm,
            budget_usd=body.budget_usd,
            meta=body.metadata,
        )
        record, secret = await self.keys.create(spec, created_by=actor.label[:64])
        await self._record(
            actor, "key.create", "ok", record.id, role=record.role, environment=record.environment
        )
        return record, secret

    async def get(self, key_id: str) -> KeyRecord:
        record = await self.keys.get(key_id)
        if record is None:
            raise NotFound("no such key", code="key_not_found")
        return record

    async def revoke(self, key_id: str, actor: Actor) -> KeyRecord:
        record = await self.keys.get(key_id)
        if record is None:
            await self._record(actor, "key.revoke", "not_found", None)
            raise NotFound("no such key", code="key_not_found")
        revoked = await self.keys.revoke(record.id)
        assert revoked is not None
        await self._record(actor, "key.revoke", "ok", record.id)
        return revoked

    async def rotate(self, key_id: str, grace: str | None, actor: Actor) -> tuple[KeyRecord, str]:
        try:
            window = parse_duration(grace or self.rotation_grace)
        except ValueError as exc:
            raise BadRequest(f"grace: {exc}", code="invalid_request", param="grace") from None
        record = await self.keys.get(key_id)
        rotated = await self.keys.rotate(record.id, window) if record is not None else None
        if rotated is None:
            await self._record(actor, "key.rotate", "not_found", key_id if record else None)
            raise NotFound("no such active key", code="key_not_found")
        await self._record(
            actor, "key.rotate", "ok", rotated[0].id, grace_s=int(window.total_seconds())
        )
        return rotated

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)


def _expiry(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_expiry(value)
    except ValueError as exc:
        raise BadRequest(f"expires: {exc}", code="invalid_request", param="expires") from None
