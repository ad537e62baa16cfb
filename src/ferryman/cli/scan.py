"""``ferryman scan PATH...``: find hard-coded AI provider keys and other secrets; exit 1 on any.

    ferryman scan .                              # the repository (.gitignore respected)
    ferryman scan . --git-history                # and every added line of its history
    ferryman scan src --sarif out.sarif --json out.json --allowlist .ferryman-scan-allow

Findings print type, place and a fingerprint - never the secret. Binaries and files over 8 MB
are skipped (counted). Large trees are scanned in parallel worker processes.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ferryman.governance.files import list_files
from ferryman.governance.report import to_json, to_sarif
from ferryman.governance.scan import Allowlist, ScanFinding, scan_files, scan_history

__all__ = ["scan"]

_DEFAULT_ALLOWLIST = ".ferryman-scan-allow"


def scan(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to scan.")],
    git_history: Annotated[
        bool, typer.Option("--git-history", help="Also scan every commit's added lines.")
    ] = False,
    allowlist: Annotated[
        Path | None,
        typer.Option(help=f"Known false positives (default: ./{_DEFAULT_ALLOWLIST} if present)."),
    ] = None,
    sarif: Annotated[Path | None, typer.Option("--sarif", help="Write SARIF 2.1.0 here.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write JSON here.")] = None,
    jobs: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = min(
        4, os.cpu_count() or 1
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary.")] = False,
) -> None:
    """Find hard-coded AI provider keys and other secrets; exit code 1 if any are found."""
    err = Console(stderr=True, highlight=False)
    root = Path.cwd()
    allowed = Allowlist.load(allowlist or (root / _DEFAULT_ALLOWLIST))
    missing = [p for p in paths if not p.exists()]
    if missing:
        err.print(f"no such file or directory: {missing[0]}")
        raise typer.Exit(2)
    started = time.perf_counter()
    files = list_files(paths)
    findings: list[ScanFinding] = []
    skipped: Counter[str] = Counter()
    nbytes = 0
    with Progress(
        TextColumn("scanning"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    ) as progress:
        task = progress.add_task("files", total=len(files))
        for found, reason in scan_files(files, jobs=jobs):
            findings.extend(found)
            if reason:
                skipped[reason] += 1
            progress.advance(task)
    for path in files:
        with contextlib.suppress(OSError):
            nbytes += path.stat().st_size
    if git_history:
        for p in paths:
            if p.is_dir():
                findings.extend(scan_history(p))
    findings = [f for f in findings if not allowed.allows(f, root)]
    elapsed = time.perf_counter() - started
    if sarif is not None:
        sarif.write_bytes(orjson.dumps(to_sarif(findings, root), option=orjson.OPT_INDENT_2))
    if json_out is not None:
        doc = to_json(findings, root, dict(skipped))
        json_out.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    if not quiet:
        for hit in findings:
            where = f"{hit.path}:{hit.line}:{hit.column}"
            where += f" (commit {hit.commit})" if hit.commit else ""
            typer.echo(f"{where}: {hit.type} [{hit.fingerprint}]")
    skip = ", ".join(f"{n} {r}" for r, n in sorted(skipped.items())) or "none"
    err.print(
        f"{len(findings)} secret(s) in {len(files)} files ({nbytes / 1e6:.1f} MB, "
        f"{elapsed:.2f} s); skipped: {skip}"
    )
    if findings:
        raise typer.Exit(1)
