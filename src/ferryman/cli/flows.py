"""``ferryman flows``: the data-flow inventory, declared (``flows:``) beside observed (audit trail).

    ferryman flows --config ferryman.yaml                          # tables on the terminal
    ferryman flows --since 90d --format html --out flows.html      # one self-contained page
    ferryman flows --format csv --out flows.csv                    # the checklist's spreadsheet
    ferryman flows --strict                                        # exit 1 on any mismatch (CI)

Reads the configured database directly, without a running gateway. It is a report: the exit code
is 0 unless ``--strict`` is given and there is a mismatch.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from ferryman.cli.common import ConfigOpt, err, settings_or_exit
from ferryman.errors import FerrymanError
from ferryman.governance.flows import FlowInventory, collect_inventory
from ferryman.governance.flows_render import (
    declared_rows,
    observed_rows,
    summary_line,
    to_csv,
    to_html,
    to_json,
    to_md,
)
from ferryman.identity.durations import parse_duration
from ferryman.identity.secrets import pepper_of
from ferryman.settings.model import Settings
from ferryman.storage.audit_events import AuditEventStore
from ferryman.storage.database import Database
from ferryman.storage.keys import KeyStore

__all__ = ["flows"]

Format = Literal["table", "csv", "markdown", "html", "json"]


def _inventory(settings: Settings, since: datetime, until: datetime) -> FlowInventory:
    async def main() -> FlowInventory:
        db = Database(settings.storage.url)
        try:
            await db.migrate()
            keys = KeyStore(db.engine, pepper_of(settings))
            events = AuditEventStore(db.engine)
            return await collect_inventory(settings, events, keys, since=since, until=until)
        finally:
            await db.aclose()

    try:
        return asyncio.run(main())
    except FerrymanError as exc:
        err.print(f"error: {exc.message}", markup=False)
        raise typer.Exit(1) from None


def _table(inv: FlowInventory, console: Console) -> None:
    declared = Table(title="Declared flows", show_lines=True)
    rows = declared_rows(inv)
    cols = (
        "flow",
        "owner",
        "data",
        "endpoints",
        "regions",
        "retention_days",
        "risk",
        "keys",
        "teams",
        "routes",
    )
    for col in cols:
        declared.add_column(col, overflow="fold")
    for r in rows:
        declared.add_row(*[r[c] or "[red]-[/red]" for c in cols])
    console.print(declared)
    observed = Table(title=f"Observed traffic since {inv.since:%Y-%m-%d %H:%M} UTC")
    ocols = ("flow", "caller", "route", "provider", "region", "requests", "left", "redacted")
    for col in ocols:
        observed.add_column(col, overflow="fold")
    for o in observed_rows(inv):
        observed.add_row(*[o[c] for c in ocols])
    console.print(observed)
    if not inv.mismatches:
        console.print("[green]no mismatches[/green]")
        return
    found = Table(title=f"Mismatches ({len(inv.mismatches)})", style="red")
    for col in ("kind", "flow", "subject", "detail"):
        found.add_column(col, overflow="fold")
    for m in inv.mismatches:
        found.add_row(f"[red]{m.kind}[/red]", m.flow or "-", m.subject, m.detail)
    console.print(found)


def flows(
    config: ConfigOpt = None,
    since: Annotated[
        str, typer.Option("--since", help="How far back the audit trail is read (30d, 12h).")
    ] = "30d",
    fmt: Annotated[
        Format, typer.Option("--format", help="table, csv, markdown, html or json.")
    ] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on any mismatch.")] = False,
) -> None:
    """The data-flow inventory: declared flows, observed traffic, and every mismatch."""
    try:
        back = parse_duration(since)
    except ValueError as exc:
        err.print(f"--since: {exc}", markup=False)
        raise typer.Exit(2) from None
    settings = settings_or_exit(config)
    until = datetime.now(UTC)
    inv = _inventory(settings, until - back, until)
    if fmt == "table":
        if out is None:
            _table(inv, Console(highlight=False))
        else:
            with out.open("w", encoding="utf-8") as fh:
                _table(inv, Console(file=fh, width=200, color_system=None))
    else:
        render = {"csv": to_csv, "markdown": to_md, "html": to_html}
        text = to_json(inv).decode() + "\n" if fmt == "json" else render[fmt](inv)
        if out is None:
            typer.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
    if out is not None or fmt != "table":
        err.print(f"{len(inv.mismatches)} mismatch(es): {summary_line(inv)}", markup=False)
    if strict and inv.mismatches:
        raise typer.Exit(1)
