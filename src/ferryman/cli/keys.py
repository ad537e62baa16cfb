"""``ferryman keys``: manage virtual keys directly on the configured database.

Works without a running gateway, so an operator can bootstrap the first admin key. A new secret is
printed once, alone on stdout (``KEY=$(ferryman keys create ...)`` works); everything else goes to
stderr. Every action is written to the admin audit trail as ``cli:<user>``.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import aiohttp
import orjson
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from ferryman.admin.operations import Actor, KeyAdmin
from ferryman.admin.schemas import KeyCreate
from ferryman.cli.common import ConfigOpt, err, settings_or_exit
from ferryman.crypto.envelope import Envelope
from ferryman.crypto.factory import build_key_provider
from ferryman.errors import FerrymanError
from ferryman.identity.secrets import pepper_of
from ferryman.storage.admin_events import AdminEvent, AdminEventStore
from ferryman.storage.database import Database
from ferryman.storage.keys import KeyRecord, KeyStore
from ferryman.storage.sealed import SealedStore

__all__ = ["keys_app"]

keys_app = typer.Typer(
    help="Manage virtual keys (directly on the configured database).", no_args_is_help=True
)
T = TypeVar("T")

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def _run(config: Path | None, action: Callable[[KeyAdmin], Awaitable[T]]) -> T:
    settings = settings_or_exit(config)

    async def main() -> T:
        db = Database(settings.storage.url)
        try:
            await db.migrate()
            admin = KeyAdmin(
                KeyStore(db.engine, pepper_of(settings)),
                AdminEventStore(db.engine),
                environments=settings.auth.environments,
                rotation_grace=settings.auth.rotation_grace,
            )
            return await action(admin)
        finally:
            await db.aclose()

    try:
        return asyncio.run(main())
    except FerrymanError as exc:
        err.print(f"error: {exc.message}", markup=False)
        raise typer.Exit(1) from None
    except ValueError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None


def _actor() -> Actor:
    try:
        user = getpass.getuser()
    except Exception:
        user = "unknown"
    return Actor(kind="cli", label=f"cli:{user}"[:64])


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value is not None else None


def _show(record: KeyRecord) -> None:
    data = record.public()
    for name in (
        "id",
        "prefix",
        "name",
        "role",
        "environment",
        "team",
        "models",
        "endpoints",
        "expires_at",
        "status",
    ):
        err.print(f"  {name:12} {data[name] if data[name] is not None else '-'}", markup=False)


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Option(help="A name for the key (who/what uses it).")],
    role: Annotated[str, typer.Option(help="admin | auditor | service")],
    env: Annotated[
        str, typer.Option("--env", help="Environment (dev, staging, prod, ...).")
    ] = "dev",
    models: Annotated[
        str | None, typer.Option(help="Allowed model aliases, comma-separated.")
    ] = None,
    endpoints: Annotated[
        str | None, typer.Option(help="Allowed endpoints: chat,embeddings,messages,models.")
    ] = None,
    team: Annotated[str | None, typer.Option(help="Owning team.")] = None,
    expires: Annotated[str | None, typer.Option(help="1h, 30d or a date (2027-01-31).")] = None,
    rpm: Annotated[int | None, typer.Option(help="Requests per minute.")] = None,
    tpm: Annotated[int | None, typer.Option(help="Tokens per minute.")] = None,
    budget: Annotated[float | None, typer.Option(help="Monthly budget in USD.")] = None,
    policy: Annotated[str | None, typer.Option(help="Data policy name.")] = None,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Create a key; its secret is printed once, alone on stdout."""
    try:
        body = KeyCreate(
            name=name,
            role=role,
            environment=env,
            team=team,
            models=_split(models),
            endpoints=_split(endpoints),
            expires=expires,
            rpm=rpm,
            tpm=tpm,
            budget_usd=budget,
            policy=policy,
        )
    except ValidationError as exc:
        first = exc.errors(include_input=False)[0]
        field = ".".join(str(p) for p in first["loc"]) or "input"
        err.print(f"invalid {field}: {first['msg'].removeprefix('Value error, ')}", markup=False)
        raise typer.Exit(2) from None
    record, secret = _run(config, lambda admin: admin.create(body, _actor()))
    if as_json:
        sys.stdout.write(orjson.dumps({"key": record.public(), "secret": secret}).decode() + "\n")
        return
    err.print("[bold]key created[/] - the secret below is shown once; store it now:")
    _show(record)
    sys.stdout.write(secret + "\n")


@keys_app.command("list")
def list_keys(
    env: Annotated[str | None, typer.Option("--env")] = None,
    role: Annotated[str | None, typer.Option()] = None,
    team: Annotated[str | None, typer.Option()] = None,
    include_revoked: Annotated[bool, typer.Option("--all", help="Include revoked keys.")] = False,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List keys (metadata only)."""
    records = _run(
        config,
        lambda admin: admin.keys.list(
            environment=env, role=role, team=team, include_revoked=include_revoked
        ),
    )
    if as_json:
        sys.stdout.write(orjson.dumps([r.public() for r in records]).decode() + "\n")
        return
    table = Table("id", "prefix", "name", "role", "env", "team", "models", "expires", "status")
    for r in records:
        d: dict[str, Any] = r.public()
        table.add_row(
            r.id,
            r.prefix,
            r.name,
            r.role,
            r.environment,
            r.team or "-",
            ",".join(r.models) if r.models is not None else "*",
            d["expires_at"] or "-",
            d["status"],
        )
    Console(highlight=False).print(table)


@keys_app.command("show")
def show(
    key: Annotated[str, typer.Argument(help="Key id or prefix.")],
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one key."""
    record = _run(config, lambda admin: admin.get(key))
    if as_json:
        sys.stdout.write(orjson.dumps(record.public()).decode() + "\n")
    else:
        _show(record)


@keys_app.command("revoke")
def revoke(
    key: Annotated[str | None, typer.Argument(help="Key id or prefix.")] = None,
    team: Annotated[
        str | None, typer.Option(help="Revoke every active key of this team (incident).")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Revoke a key, or every key of a team, now (every instance stops accepting it within the
    key cache TTL)."""
    if (key is None) == (team is None):
        err.print("name a key, or --team")
        raise typer.Exit(2)
    if key is not None:
        record = _run(config, lambda admin: admin.revoke(key, _actor()))
        err.print(f"revoked {record.prefix} ({record.name})", markup=False)
        return

    async def revoke_team(admin: KeyAdmin) -> list[KeyRecord]:
        records = await admin.keys.list(team=team, limit=100_000)
        return [await admin.revoke(r.id, _actor()) for r in records]

    revoked = _run(config, revoke_team)
    for record in revoked:
        err.print(f"revoked {record.prefix} ({record.name})", markup=False)
    err.print(f"{len(revoked)} key(s) of team {team!r} revoked", markup=False)


@keys_app.command("rotate")
def rotate(
    key: Annotated[str, typer.Argument(help="Key id or prefix.")],
    grace: Annotated[
        str | None, typer.Option(help="How long the old secret keeps working.")
    ] = None,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """New secret, printed once; the old one keeps working for the grace period."""
    record, secret = _run(config, lambda admin: admin.rotate(key, grace, _actor()))
    if as_json:
        sys.stdout.write(orjson.dumps({"key": record.public(), "secret": secret}).decode() + "\n")
        return
    err.print("[bold]key rotated[/] - the new secret below is shown once:")
    _show(record)
    sys.stdout.write(secret + "\n")


@keys_app.command("rotate-kek")
def rotate_kek(
    env: Annotated[
        str | None, typer.Option("--env", help="Environment whose KEK to rotate (default: all).")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Rotate key-encryption keys and re-wrap every stored data key under the new one (the
    encrypted data itself is not touched)."""
    settings = settings_or_exit(config)
    environments = [env] if env else list(settings.auth.environments)
    if env and env not in settings.auth.environments:
        err.print(f"unknown environment; configured: {settings.auth.environments}", markup=False)
        raise typer.Exit(2)

    async def main() -> list[tuple[str, int, int]]:
        db = Database(settings.storage.url)
        provider = build_key_provider(settings.encryption)
        results = []
        try:
            await db.migrate()
            store = SealedStore(db.engine, Envelope(provider))
            for name in environments:
                new_id = await provider.rotate(name)
                count, failed = await store.rewrap_all(name)
                await AdminEventStore(db.engine).record(
                    AdminEvent(
                        actor_kind="cli",
                        actor=_actor().label,
                        action="kek.rotate",
                        outcome="ok" if not failed else "partial",
                        target=name,
                        detail={"rewrapped": count, "failed": failed},
                    )
                )
                results.append((new_id, count, failed))
            return results
        finally:
            await provider.aclose()
            await db.aclose()

    try:
        results = asyncio.run(main())
    except (ValueError, OSError, aiohttp.ClientError) as exc:
        err.print(f"error: KEK rotation failed ({type(exc).__name__}: {exc})", markup=False)
        raise typer.Exit(1) from None
    failed_total = 0
    for new_id, count, failed in results:
        err.print(f"rotated to {new_id}; re-wrapped {count} data keys", markup=False)
        failed_total += failed
    if failed_total:
        err.print(
            f"{failed_total} records could not be re-wrapped (left under their old KEK)",
            markup=False,
        )
        raise typer.Exit(1)
