"""Kill switches in the shared database: engaged and lifted by operators, read by every instance."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from ferryman.storage.schema import kill_switches

__all__ = ["SCOPES", "KillSwitchRecord", "KillSwitchStore"]

#: what a kill switch can stop: everything, one key, a team, a route (alias) or a provider
SCOPES = ("all", "key", "team", "route", "provider")


@dataclass(frozen=True, slots=True)
class KillSwitchRecord:
    id: str
    scope: str
    target: str
    reason: str
    created_by: str
    created_at: datetime

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scope": self.scope,
            "target": self.target,
            "reason": self.reason,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(),
        }


class KillSwitchStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def engage(self, scope: str, target: str, reason: str, actor: str) -> KillSwitchRecord:
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
        record = KillSwitchRecord(
            id=secrets.token_hex(8),
            scope=scope,
            target="*" if scope == "all" else target[:128],
            reason=reason[:256],
            created_by=actor[:64],
            created_at=datetime.now(UTC),
        )
        async with self.engine.begin() as conn:
            await conn.execute(
                kill_switches.insert().values(
                    id=record.id,
                    scope=record.scope,
                    target=record.target,
                    reason=record.reason,
                    created_by=record.created_by,
                    created_at=record.created_at,
                )
            )
        return record

    async def lift(self, switch_id: str, actor: str) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(kill_switches)
                .where(kill_switches.c.id == switch_id, kill_switches.c.lifted_at.is_(None))
                .values(lifted_at=datetime.now(UTC), lifted_by=actor[:64])
            )
        return bool(result.rowcount)

    async def active(self) -> list[KillSwitchRecord]:
        c = kill_switches.c
        query = select(kill_switches).where(c.lifted_at.is_(None)).order_by(c.created_at)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [
            KillSwitchRecord(
                r["id"],
                r["scope"],
                r["target"],
                r["reason"],
                r["created_by"],
                r["created_at"] if r["created_at"].tzinfo else r["created_at"].replace(tzinfo=UTC),
            )
            for r in rows
        ]
