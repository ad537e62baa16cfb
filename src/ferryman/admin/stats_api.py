"""Admin endpoints for the console: traffic and protection statistics, active alerts, and a
signed audit export.

``/admin/stats`` aggregates the request audit events (metadata only) of a period into totals
and time buckets: requests, errors, latency and gateway-overhead percentiles, tokens, cost, and
the protection view (redactions by type and action, blocks, injection decisions, top keys by
blocks). ``/admin/alerts`` lists this instance's active alerts. ``/admin/audit/export`` streams
a signed snapshot (``audit.export``: JSON lines plus its Ed25519-signed manifest, in a tar.gz)
that ``ferryman audit verify`` checks. Admin or auditor, like every admin read.
"""

# no `from __future__ import annotations`: FastAPI must see the role dependency as evaluated

import asyncio
import io
import tarfile
import tempfile
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from ferryman.audit.export import export, manifest_path
from ferryman.audit.signing import load_signing_key
from ferryman.errors import BadRequest
from ferryman.identity.durations import parse_duration
from ferryman.storage.admin_events import AdminEvent
from ferryman.storage.audit_events import AuditQuery
from ferryman.storage.schema import audit_events

if TYPE_CHECKING:
    from ferryman.runtime import Runtime

__all__ = ["aggregate", "percentile", "register"]

MAX_ROWS = 200_000  # events read for one statistics answer (newest first); beyond: "truncated"
MAX_BUCKETS = 500
_COLUMNS = (
    "ts",
    "status",
    "outcome",
    "error_type",
    "latency_ms",
    "overhead_ms",
    "prompt_tokens",
    "completion_tokens",
    "cost_usd",
    "redactions",
    "blocked",
    "injection",
    "key_id",
    "key_prefix",
    "key_name",
)


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of ``values`` (sorted in place); None when empty."""
    if not values:
        return None
    values.sort()
    rank = max(1, min(len(values), round(q / 100 * len(values) + 0.5)))
    return round(values[rank - 1], 3)


def _spread(values: list[float]) -> dict[str, float | None]:
    return {f"p{q}": percentile(values, q) for q in (50, 95, 99)}


def _is_block(row: dict[str, Any]) -> bool:
    injection = row.get("injection") or {}
    return bool(
        row["outcome"] == "blocked"
        or row.get("blocked")
        or row.get("error_type") == "policy_violation"
        or injection.get("decision") == "block"
    )


class _Bucket:
    __slots__ = ("blocks", "cost", "errors", "latency", "overhead", "redactions", "tokens")

    def __init__(self) -> None:
        self.latency: list[float] = []
        self.overhead: list[float] = []
        self.errors = self.tokens = self.redactions = self.blocks = 0
        self.cost = 0.0


def aggregate(
    rows: Iterable[dict[str, Any]], since: datetime, until: datetime, bucket: timedelta
) -> dict[str, Any]:
    """Totals and per-bucket series of the events in [since, until) (pure: rows in, dict out)."""
    step = bucket.total_seconds()
    count = max(1, min(MAX_BUCKETS, int((until - since).total_seconds() // step) + 1))
    buckets = [_Bucket() for _ in range(count)]
    latency: list[float] = []
    overhead: list[float] = []
    outcomes: Counter[str] = Counter()
    redactions: Counter[str] = Counter()
    blocked: Counter[str] = Counter()
    injection: Counter[str] = Counter()
    keys: dict[str, dict[str, Any]] = {}
    prompt = completion = errors = 0
    cost = 0.0
    for row in rows:
        ts = row["ts"] if row["ts"].tzinfo else row["ts"].replace(tzinfo=UTC)
        b = buckets[max(0, min(count - 1, int((ts - since).total_seconds() // step)))]
        outcomes[row["outcome"]] += 1
        b.latency.append(row["latency_ms"])
        latency.append(row["latency_ms"])
        if row.get("overhead_ms") is not None:
            b.overhead.append(row["overhead_ms"])
            overhead.append(row["overhead_ms"])
        if row["status"] >= 400:
            b.errors += 1
            errors += 1
        tokens = (row.get("prompt_tokens") or 0) + (row.get("completion_tokens") or 0)
        prompt += row.get("prompt_tokens") or 0
        completion += row.get("completion_tokens") or 0
        b.tokens += tokens
        b.cost += row.get("cost_usd") or 0.0
        cost += row.get("cost_usd") or 0.0
        found = sum((row.get("redactions") or {}).values())
        redactions.update(row.get("redactions") or {})
        b.redactions += found
        block = _is_block(row)
        if block:
            b.blocks += 1
            blocked[row.get("blocked") or row.get("error_type") or row["outcome"]] += 1
        decision = (row.get("injection") or {}).get("decision")
        if decision:
            injection[str(decision)] += 1
        key = row.get("key_id")
        if key and (block or found):
            k = keys.setdefault(
                key,
                {"key_id": key, "label": row.get("key_name") or row.get("key_prefix") or key},
            )
            k["blocks"] = k.get("blocks", 0) + int(block)
            k["redactions"] = k.get("redactions", 0) + found
    total = sum(outcomes.values())
    series = [
        {
            "start": (since + i * bucket).isoformat(),
            "requests": len(b.latency),
            "errors": b.errors,
            "latency_ms": _spread(b.latency),
            "overhead_ms": _spread(b.overhead),
            "tokens": b.tokens,
            "cost_usd": round(b.cost, 6),
            "redactions": b.redactions,
            "blocks": b.blocks,
        }
        for i, b in enumerate(buckets)
    ]
    by_type: Counter[str] = Counter()
    by_action: Counter[str] = Counter()
    for name, n in redactions.items():
        parts = name.split(":")
        by_type[parts[0]] += n
        by_action[":".join(parts[1:]) or "?"] += n
    top = sorted(keys.values(), key=lambda k: (-k.get("blocks", 0), -k.get("redactions", 0)))
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "bucket_s": int(step),
        "totals": {
            "requests": total,
            "errors": errors,
            "error_rate": round(errors / total, 4) if total else None,
            "latency_ms": _spread(latency),
            "overhead_ms": _spread(overhead),
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "cost_usd": round(cost, 6),
            "outcomes": dict(outcomes),
        },
        "series": series,
        "protection": {
            "redactions": dict(redactions.most_common()),
            "by_type": dict(by_type.most_common()),
            "by_action": dict(by_action.most_common()),
            "blocked": dict(blocked.most_common()),
            "injection": dict(injection.most_common()),
            "top_keys": top[:10],
        },
    }


def _duration(value: str, name: str) -> timedelta:
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise BadRequest(f"{name}: {exc}", code="invalid_request", param=name) from None


async def _tarball(
    paths: list[Path], folder: tempfile.TemporaryDirectory[str]
) -> AsyncIterator[bytes]:
    """The snapshot and its manifest as one tar.gz, then the temporary folder is removed."""
    try:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            for path in paths:
                await asyncio.to_thread(tar.add, path, arcname=path.name)
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()
    finally:
        folder.cleanup()


def register(app: FastAPI, current: Callable[[], "Runtime"], reader: Any) -> None:
    """Add the endpoints; ``reader`` is the admin API's read-role dependency."""

    @app.get("/admin/stats")
    async def stats(
        _: reader,
        since: Annotated[str, Query(max_length=8, description="Period: 24h, 7d ...")] = "24h",
        bucket: Annotated[str, Query(max_length=8, description="Bucket: 5m, 1h, 1d ...")] = "1h",
    ) -> dict[str, Any]:
        """Traffic and protection statistics over a period, from the audit events."""
        back, step = _duration(since, "since"), _duration(bucket, "bucket")
        if step.total_seconds() <= 0 or back / step > MAX_BUCKETS:
            raise BadRequest(f"bucket: at most {MAX_BUCKETS} buckets", param="bucket")
        until = datetime.now(UTC)
        start = until - back
        c = audit_events.c
        stmt = (
            select(*(c[name] for name in _COLUMNS))
            .where(c.ts >= start)
            .order_by(c.ts.desc())
            .limit(MAX_ROWS + 1)
        )
        async with current().services.audit_events.engine.connect() as conn:
            rows = [dict(r) for r in (await conn.execute(stmt)).mappings().all()]
        truncated = len(rows) > MAX_ROWS
        answer = aggregate(rows[:MAX_ROWS], start, until, step)
        answer["truncated"] = truncated
        return answer

    @app.get("/admin/audit/events")
    async def audit_events_page(
        _: reader,
        since: datetime | None = None,
        until: datetime | None = None,
        key_id: Annotated[str | None, Query(max_length=64, description="Key id or prefix.")] = None,
        model: Annotated[str | None, Query(max_length=128)] = None,
        status: Annotated[str | None, Query(pattern=r"^([1-5]xx|[1-5][0-9][0-9])$")] = None,
        outcome: Annotated[str | None, Query(max_length=24)] = None,
        before: Annotated[str | None, Query(max_length=32)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        """``/admin/audit`` with the key filter named ``key_id``: the listener refuses a query
        parameter named ``key`` (a credential in a URL), so the console filters with this one."""
        q = AuditQuery(since, until, key_id, model, status, outcome, limit=limit, before_id=before)
        rows = await current().services.audit_events.query(q)
        for row in rows:
            row["ts"] = row["ts"].isoformat()
            row["stream"] = bool(row["stream"])
        return {"object": "list", "data": rows, "has_more": len(rows) == limit}

    @app.get("/admin/alerts")
    async def alerts(_: reader) -> dict[str, Any]:
        """The alerts active in this instance (name, severity, summary, labels: metadata)."""
        active = current().services.monitor.book.active()
        data = [
            {
                "name": a.name,
                "severity": a.severity,
                "summary": a.summary,
                "labels": dict(a.labels),
                "value": a.value,
                "threshold": a.threshold,
            }
            for a in active
        ]
        return {"object": "list", "data": data}

    @app.get("/admin/audit/export")
    async def export_audit(
        request: Request,
        who: reader,
        since: datetime | None = None,
        until: datetime | None = None,
        key_id: Annotated[str | None, Query(max_length=64)] = None,
        model: Annotated[str | None, Query(max_length=128)] = None,
    ) -> StreamingResponse:
        """A signed snapshot of the matching events (tar.gz: events and signed manifest)."""
        runtime = current()
        signing = await asyncio.to_thread(load_signing_key, runtime.settings)
        folder = tempfile.TemporaryDirectory(prefix="ferryman-export-")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        out = Path(folder.name) / f"audit-{stamp}.jsonl"
        query = AuditQuery(since, until, key_id, model)
        try:
            manifest = await export(runtime.services.audit_events, query, out, signing)
        except BaseException:
            folder.cleanup()
            raise
        await runtime.services.admin_events.record(
            AdminEvent(
                actor_kind=who.kind,
                actor=who.label,
                action="audit.export",
                outcome="ok",
                client=request.client.host if request.client else None,
                detail={"events": manifest["events"]},
            )
        )
        return StreamingResponse(
            _tarball([out, manifest_path(out)], folder),
            media_type="application/gzip",
            headers={"content-disposition": f'attachment; filename="audit-{stamp}.tar.gz"'},
        )
