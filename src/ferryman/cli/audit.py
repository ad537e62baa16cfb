"""``ferryman audit``: query, export (signed), verify, purge (retention), forget (deletion request).

Works directly on the configured database, without a running gateway. ``forget`` and ``purge``
are written to the admin audit trail.
"""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, TypeVar

import orjson
import typer
from rich.console import Console
from rich.table import Table

from ferryman.audit.export import export as export_snapshot
from ferryman.audit.export import verify as verify_snapshot
from ferryman.audit.recorder import Recorder
from ferryman.audit.signing import load_signing_key
from ferryman.audit.sinks.jsonl import JsonlSink
from ferryman.cli.common import ConfigOpt, err, settings_or_exit
from ferryman.errors import FerrymanError
from ferryman.identity.durations import parse_duration
from ferryman.identity.secrets import pepper_of
from ferryman.settings.model import Settings
from ferryman.storage.admin_events import AdminEvent, AdminEventStore
from ferryman.storage.audit_events import AuditEventStore, AuditQuery
from ferryman.storage.database import Database

__all__ = ["audit_app"]

audit_app = typer.Typer(
    help="Audit trail: query, export, verify, purge, forget.", no_args_is_help=True
)
T = TypeVar("T")

SinceOpt = Annotated[
    str | None, typer.Option("--since", help="A duration back from now (24h, 7d) or an ISO date.")
]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Same forms as --since.")]


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.now(UTC) - parse_duration(text)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        err.print(f"not a duration or ISO date: {text!r}")
        raise typer.Exit(2) from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def _run(settings: Settings, action: Callable[[AuditEventStore, Database], Awaitable[T]]) -> T:
    async def main() -> T:
        db = Database(settings.storage.url)
        try:
            await db.migrate()
            return await action(AuditEventStore(db.engine), db)
        finally:
            await db.aclose()

    try:
        return asyncio.run(main())
    except FerrymanError as exc:
        err.print(f"error: {exc.message}", markup=False)
        raise typer.Exit(1) from None


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:64]
    except Exception:
        return "cli:unknown"


async def _trail(db: Database, action: str, detail: dict[str, Any]) -> None:
    await AdminEventStore(db.engine).record(
        AdminEvent(actor_kind="cli", actor=_actor(), action=action, outcome="ok", detail=detail)
    )


_COLUMNS = ("ts", "key_prefix", "alias", "provider", "status", "outcome", "latency_ms", "policy")


@audit_app.command("query")
def query(
    config: ConfigOpt = None,
    since: SinceOpt = "24h",
    until: UntilOpt = None,
    key: Annotated[str | None, typer.Option(help="Key id or prefix.")] = None,
    model: Annotated[str | None, typer.Option(help="Model alias.")] = None,
    status: Annotated[str | None, typer.Option(help="200, 4xx, 5xx ...")] = None,
    outcome: Annotated[str | None, typer.Option(help="ok, error, blocked ...")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False,
) -> None:
    """Show request events (metadata only), newest first."""
    q = AuditQuery(_when(since), _when(until), key, model, status, outcome, limit=limit)
    settings = settings_or_exit(config)
    rows = _run(settings, lambda store, db: store.query(q))
    if as_json:
        for row in rows:
            row["ts"] = row["ts"].isoformat()
            typer.echo(orjson.dumps(row).decode())
        return
    table = Table(title=f"{len(rows)} events")
    for col in (*_COLUMNS, "redactions"):
        table.add_column(col)
    for row in rows:
        cells = [str(row[c]) if row[c] is not None else "-" for c in _COLUMNS]
        cells[0] = row["ts"].strftime("%Y-%m-%d %H:%M:%S")
        red = row.get("redactions") or {}
        cells.append(", ".join(f"{k}={v}" for k, v in sorted(red.items())) or "-")
        table.add_row(*cells)
    Console(width=200).print(table)


@audit_app.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", help="Snapshot file (JSON lines).")],
    config: ConfigOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """Write a snapshot of events and a manifest signed with Ed25519 (FILE.manifest.json)."""
    settings = settings_or_exit(config)
    q = AuditQuery(_when(since), _when(until), limit=0)
    key = load_signing_key(settings)

    async def action(store: AuditEventStore, db: Database) -> dict[str, Any]:
        manifest = await export_snapshot(store, q, out, key)
        await _trail(db, "audit.export", {"events": manifest["events"]})
        return manifest

    manifest = _run(settings, action)
    err.print(
        f"exported {manifest['events']} events to {out}; manifest signed by key "
        f"{manifest['key_id']} (public key {manifest['public_key']})"
    )


@audit_app.command("verify")
def verify(
    snapshot: Annotated[Path, typer.Argument(help="The exported events file.")],
    public_key: Annotated[
        str | None, typer.Option("--public-key", help="Pin the signer: base64 or a PEM file.")
    ] = None,
) -> None:
    """Check an export's signature and digest; exit 1 if anything does not match."""
    pinned = public_key
    if public_key is not None and Path(public_key).is_file():
        pinned = Path(public_key).read_text()
    verdict = verify_snapshot(snapshot, pinned)
    if not verdict.ok:
        err.print(f"INVALID: {verdict.reason}")
        raise typer.Exit(1)
    typer.echo(f"valid: {verdict.events} events, signed by key {verdict.key_id}")


@audit_app.command("purge")
def purge(config: ConfigOpt = None) -> None:
    """Apply the retention now (audit.retention_days, per environment, and the jsonl files)."""
    settings = settings_or_exit(config)
    audit = settings.audit
    now = datetime.now(UTC)
    by_env = {e: now - timedelta(days=d) for e, d in audit.retention_by_environment.items()}

    async def action(store: AuditEventStore, db: Database) -> int:
        n = await store.purge(by_env, now - timedelta(days=audit.retention_days))
        if "jsonl" in audit.sinks:
            days = audit.jsonl.retention_days or audit.retention_days
            n += await asyncio.to_thread(JsonlSink(audit.jsonl.path).purge, days)
        await _trail(db, "audit.purge", {"purged": n})
        return n

    typer.echo(f"purged {_run(settings, action)} events/files past retention")


@audit_app.command("forget")
def forget(
    subject: Annotated[
        str, typer.Option("--subject", help="The end user's id as the app sent it.")
    ],
    config: ConfigOpt = None,
    erase: Annotated[
        bool, typer.Option("--erase", help="Delete the events instead of unlinking them.")
    ] = False,
) -> None:
    """Deletion request: unlink (or erase) every event of one end user; prints how many."""
    settings = settings_or_exit(config)
    hashed = Recorder(settings.audit, pepper_of(settings)).subject_hash(subject)

    async def action(store: AuditEventStore, db: Database) -> int:
        n = await store.forget(hashed, erase=erase)
        if "jsonl" in settings.audit.sinks:
            sink = JsonlSink(settings.audit.jsonl.path)
            n += await asyncio.to_thread(sink.forget, hashed, erase=erase)
        await _trail(db, "audit.forget", {"events": n, "erase": erase})
        return n

    n = _run(settings, action)
    typer.echo(f"{'erased' if erase else 'unlinked'} {n} events of that subject")
