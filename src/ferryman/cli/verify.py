"""``ferryman verify --config FILE``: red-team the configured policy; exit 1 on a leak.

    ferryman verify --config ferryman.yaml                    # table per policy and route
    ferryman verify --config ferryman.yaml --json out.json --junit report.xml
    ferryman verify --config ferryman.yaml --route gpt-4o     # some routes only

Nothing leaves the machine: every provider is replaced by a local capturing upstream.
"""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET  # building only: nothing is parsed
from collections import Counter, defaultdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from ferryman.cli.common import ConfigOpt, err, settings_or_exit
from ferryman.governance.verify import CaseResult, run_verify, to_json

__all__ = ["verify"]

_COLUMNS = ("redacted", "blocked", "allowed", "flagged", "leak", "unblocked", "exfiltration")


def _junit(results: list[CaseResult]) -> bytes:
    suites = ET.Element("testsuites", name="ferryman verify")
    groups: dict[tuple[str, str], list[CaseResult]] = defaultdict(list)
    for r in results:
        groups[(r.policy, r.route)].append(r)
    for (policy, route), rows in groups.items():
        failures = sum(r.failed for r in rows)
        suite = ET.SubElement(
            suites, "testsuite", name=f"policy {policy} / route {route}",
            tests=str(len(rows)), failures=str(failures),
        )  # fmt: skip
        for r in rows:
            case = ET.SubElement(suite, "testcase", classname=f"{policy}.{route}", name=r.case)
            if r.failed:
                failure = ET.SubElement(case, "failure", type=r.outcome, message=r.detail)
                failure.text = f"{r.category}: {r.detail}"
    return bytes(ET.tostring(suites, encoding="utf-8", xml_declaration=True))


def verify(
    config: ConfigOpt = None,
    route: Annotated[
        list[str] | None, typer.Option("--route", help="Only these model aliases (repeatable).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write JSON results.")] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML.")] = None,
) -> None:
    """Red-team the configured policies with a built-in corpus; non-zero exit on any leak."""
    settings = settings_or_exit(config)
    with Progress(
        TextColumn("red-teaming"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("cases", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            results = asyncio.run(run_verify(settings, route or None, tick))
        except RuntimeError as exc:
            err.print(f"verify could not run: {exc}")
            raise typer.Exit(2) from None
    if json_out is not None:
        json_out.write_bytes(to_json(results))
    if junit is not None:
        junit.write_bytes(_junit(results))
    table = Table(title="ferryman verify: what reached the provider")
    for col in ("policy", "route", "cases", *_COLUMNS):
        table.add_column(col, justify="left" if col in ("policy", "route") else "right")
    groups: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in results:
        groups[(r.policy, r.route)][r.outcome] += 1
    for (policy, alias), counts in groups.items():
        table.add_row(policy, alias, str(sum(counts.values())), *(str(counts[c]) for c in _COLUMNS))
    Console(width=160).print(table)
    failed = [r for r in results if r.failed]
    for r in failed:
        typer.echo(
            f"FAIL policy={r.policy} route={r.route} case={r.case}: {r.outcome} - {r.detail}"
        )
    if failed:
        raise typer.Exit(1)
    typer.echo(f"passed: {len(results)} checks, no leak, no unblocked injection")
