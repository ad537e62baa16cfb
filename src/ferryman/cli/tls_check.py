"""``ferryman tls-check HOST:PORT [--sni NAME]`` or ``ferryman tls-check --config FILE``.

Exit code 1 when any endpoint fails (legacy TLS accepted, untrusted or expired certificate, name
mismatch), 0 otherwise; ``--strict`` also fails on warnings (no TLS 1.3, expiry within 14 days,
missing or short HSTS).
"""

from __future__ import annotations

import sys
from typing import Annotated
from urllib.parse import urlsplit

import orjson
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from ferryman.cli.common import ConfigOpt, err, settings_or_exit
from ferryman.tlscheck.probe import Report, probe

__all__ = ["tls_check"]

# host, port, server name, CA bundle, client certificate
Target = tuple[str, int, str | None, str | None, tuple[str, str] | None]


def _targets(config: object) -> list[Target]:
    settings = settings_or_exit(config)  # type: ignore[arg-type]
    targets: list[Target] = []
    if settings.tls is not None:
        wildcard = settings.server.host in ("0.0.0.0", "::")  # noqa: S104 - a comparison
        host = "127.0.0.1" if wildcard else settings.server.host
        targets.append((host, settings.server.port, None, None, None))
    for spec in settings.providers.values():
        url = urlsplit(spec.resolved_base_url())
        if spec.enabled and url.scheme == "https" and url.hostname:
            cert = (
                (spec.tls.client_cert, spec.tls.client_key)
                if spec.tls.client_cert and spec.tls.client_key
                else None
            )
            targets.append((url.hostname, url.port or 443, None, spec.tls.ca_bundle, cert))
    return targets


def tls_check(
    target: Annotated[str | None, typer.Argument(help="HOST:PORT to audit.")] = None,
    sni: Annotated[str | None, typer.Option(help="Server name to send and verify.")] = None,
    ca: Annotated[
        str | None, typer.Option(help="PEM CA bundle to trust (default: system).")
    ] = None,
    config: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
) -> None:
    """Audit TLS endpoints: versions, cipher, chain, hostname, expiry, HSTS; a verdict each."""
    if target is None and config is None:
        err.print("give HOST:PORT or --config FILE", markup=False)
        raise typer.Exit(2)
    targets: list[Target] = []
    if target is not None:
        host, _, port = target.rpartition(":")
        if not host or not port.isdigit():
            err.print("target must be HOST:PORT", markup=False)
            raise typer.Exit(2)
        targets.append((host.strip("[]"), int(port), sni, ca, None))
    if config is not None:
        targets += _targets(config)
    reports: list[Report] = []
    with Progress(console=err, transient=True, disable=as_json) as progress:
        task = progress.add_task("probing", total=len(targets))
        for host_name, port_number, name, cafile, cert in targets:
            reports.append(probe(host_name, port_number, sni=name, cafile=cafile, client_cert=cert))
            progress.advance(task)
    if as_json:
        sys.stdout.write(orjson.dumps([r.as_dict() for r in reports]).decode() + "\n")
    else:
        _print(reports)
    failed = any(r.verdict == "fail" or (strict and r.verdict == "warn") for r in reports)
    raise typer.Exit(1 if failed else 0)


def _print(reports: list[Report]) -> None:
    out = Console(highlight=False)
    for r in reports:
        table = Table(title=f"{r.target} (SNI {r.sni}): {r.verdict.upper()}", show_header=False)
        versions = ", ".join(
            f"{v.replace('_', '.')} {'yes' if ok else 'no'}" for v, ok in r.versions.items()
        )
        for label, value in (
            ("versions", versions),
            ("negotiated", f"{r.protocol} {r.cipher}"),
            ("chain", "trusted" if r.chain_valid else f"NOT trusted ({r.verify_error})"),
            ("hostname", "matches" if r.hostname_ok else "does NOT match"),
            ("subject", r.subject or "-"),
            ("expires", f"{r.not_after} ({r.days_left} days)"),
            ("HSTS", r.hsts or "absent"),
        ):
            table.add_row(label, str(value))
        for line in r.failures:
            table.add_row("[red]FAIL[/]", line)
        for line in r.warnings:
            table.add_row("[yellow]warn[/]", line)
        out.print(table)
