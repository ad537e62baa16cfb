"""``ferryman kill-switch``: stop all traffic, or one key, team, route or provider, everywhere.

    ferryman kill-switch on --all --reason "incident 42"
    ferryman kill-switch on --key fm_prod_AbC1 --reason "leaked in a ticket"
    ferryman kill-switch on --provider openai --reason "provider breach"
    ferryman kill-switch list
    ferryman kill-switch off <id>

Written to the shared database; every instance picks it up within seconds. Engaging and lifting
are recorded in the admin audit trail.
"""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from ferryman.cli.common import ConfigOpt, err, settings_or_exit
from ferryman.storage.admin_events import AdminEvent, AdminEventStore
from ferryman.storage.database import Database
from ferryman.storage.kill_switches import KillSwitchStore

__all__ = ["kill_switch_app"]

kill_switch_app = typer.Typer(
    help="Kill switch: stop traffic now, on every instance.", no_args_is_help=True
)
T = TypeVar("T")


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:64]
    except Exception:
        return "cli:unknown"


def _run(config: ConfigOpt, action: Callable[[KillSwitchStore, Database], Awaitable[T]]) -> T:
    settings = settings_or_exit(config)

    async def main() -> T:
        db = Database(settings.storage.url)
        try:
            await db.migrate()
            return await action(KillSwitchStore(db.engine), db)
        finally:
            await db.aclose()

    return asyncio.run(main())


@kill_switch_app.command("on")
def engage(
    reason: Annotated[str, typer.Option(help="Why (recorded; no secrets).")],
    config: ConfigOpt = None,
    all_traffic: Annotated[bool, typer.Option("--all", help="Stop every request.")] = False,
    key: Annotated[str | None, typer.Option(help="A key id or prefix.")] = None,
    team: Annotated[str | None, typer.Option(help="Every key of a team.")] = None,
    route: Annotated[str | None, typer.Option(help="A model alias.")] = None,
    provider: Annotated[str | None, typer.Option(help="A provider (fallbacks still work).")] = None,
) -> None:
    """Engage a kill switch."""
    chosen = [
        (s, t)
        for s, t in (("key", key), ("team", team), ("route", route), ("provider", provider))
        if t
    ] + ([("all", "*")] if all_traffic else [])
    if len(chosen) != 1:
        err.print("name exactly one of --all, --key, --team, --route, --provider")
        raise typer.Exit(2)
    scope, target = chosen[0]

    async def action(store: KillSwitchStore, db: Database) -> str:
        record = await store.engage(scope, target, reason, _actor())
        await AdminEventStore(db.engine).record(
            AdminEvent(
                "cli",
                _actor(),
                "kill_switch.on",
                "ok",
                target=f"{scope}:{target}"[:64],
                detail={"id": record.id, "scope": scope},
            )
        )
        return record.id

    switch_id = _run(config, action)
    typer.echo(switch_id)
    err.print(
        f"kill switch {switch_id} engaged on {scope} {target}; lift: kill-switch off {switch_id}"
    )


@kill_switch_app.command("off")
def lift(
    switch_id: Annotated[str, typer.Argument(help="The switch id.")], config: ConfigOpt = None
) -> None:
    """Lift a kill switch."""

    async def action(store: KillSwitchStore, db: Database) -> bool:
        lifted = await store.lift(switch_id, _actor())
        await AdminEventStore(db.engine).record(
            AdminEvent(
                "cli",
                _actor(),
                "kill_switch.off",
                "ok" if lifted else "not_found",
                target=switch_id[:64],
            )
        )
        return lifted

    if not _run(config, action):
        err.print(f"no active kill switch {switch_id}")
        raise typer.Exit(1)
    err.print(f"kill switch {switch_id} lifted")


@kill_switch_app.command("list")
def list_switches(config: ConfigOpt = None) -> None:
    """The active kill switches."""
    records = _run(config, lambda store, db: store.active())
    table = Table(title=f"{len(records)} active kill switch(es)")
    for col in ("id", "scope", "target", "reason", "by", "since"):
        table.add_column(col)
    for r in records:
        table.add_row(r.id, r.scope, r.target, r.reason, r.created_by, r.created_at.isoformat())
    Console(width=160).print(table)
