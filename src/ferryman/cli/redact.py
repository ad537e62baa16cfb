"""``ferryman redact``: the gateway's request-side redaction as a filter on stdin.

    cat ticket.txt | ferryman redact                   # redacted text on stdout
    cat ticket.txt | ferryman redact --json            # spans: start, end, type, action (no values)
    ferryman redact --types                            # which entity types are detected, and how

It uses the same engine and the same policy file as the gateway (``--config``/``--policy``), so a
batch job redacts exactly as the live traffic is redacted. Values are never printed in ``--json``:
offsets into the input are enough for a caller that holds the input.
"""

from __future__ import annotations

import os
import secrets
import sys
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.table import Table

from ferryman.cli.common import ConfigOpt, err, settings_or_exit
from ferryman.detection.entities import group_of
from ferryman.detection.registry import default_engine, default_recognizers
from ferryman.settings.model import Settings
from ferryman.transform.policy import DEFAULT_POLICY, Act, Policy, compile_policy
from ferryman.transform.redactor import Hasher, Redactor, Report
from ferryman.transform.vault import Vault

__all__ = ["redact"]


def _policy(settings: Settings | None, name: str | None) -> Policy:
    policies = settings.policies if settings is not None else {}
    wanted = name or "default"
    if wanted in policies:
        return compile_policy(wanted, policies[wanted])
    if name is None:
        return DEFAULT_POLICY
    err.print(f"unknown policy {name!r}; configured: {', '.join(sorted(policies)) or 'none'}")
    raise typer.Exit(2)


def _hash_key(settings: Settings | None) -> bytes:
    env = os.environ.get("FERRYMAN_HASH_KEY")
    if env:
        return env.encode()
    if settings is not None and settings.auth.pepper is not None:
        return settings.auth.pepper.get_secret_value().encode()
    return secrets.token_bytes(32)  # hash tokens then only join within this run


def _types_table(policy: Policy) -> None:
    found_by: dict[str, list[str]] = {}
    for r in default_recognizers():
        for t in r.types:
            found_by.setdefault(t, []).append(r.name)
    table = Table(title=f"Active entity types (policy {policy.name!r})")
    for col in ("type", "group", "class", "request", "answer", "recognizers"):
        table.add_column(col)
    for t in sorted(found_by):
        if t in policy.ignore:
            continue
        table.add_row(
            t,
            group_of(t) or "-",
            policy.classes[t].value if t in policy.classes else "sensitive",
            policy.request_action(t).label,
            policy.response_action(t).label,
            ", ".join(sorted(found_by[t])),
        )
    Console(width=None if sys.stdout.isatty() else 160).print(table)


def redact(
    config: ConfigOpt = None,
    policy: Annotated[
        str | None, typer.Option("--policy", "-p", help="Policy name (default: default).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print spans (start, end, type, action), no values.")
    ] = False,
    types: Annotated[
        bool, typer.Option("--types", help="List the entity types detected, and exit.")
    ] = False,
) -> None:
    """Redact personal data and secrets from stdin, with the gateway's policy."""
    settings = settings_or_exit(config) if config or os.environ.get("FERRYMAN_CONFIG") else None
    chosen = _policy(settings, policy)
    if types:
        _types_table(chosen)
        return
    text = sys.stdin.read()
    redactor = Redactor(default_engine(), Hasher(_hash_key(settings)))
    if not as_json:
        out = redactor.redact(text, chosen, Vault(max_entries=1_000_000), Report())
        sys.stdout.write(out)
        sys.stdout.flush()
        return
    spans = [
        {
            "start": f.start,
            "end": f.end,
            "type": f.type,
            "action": chosen.request_action(f.type).label,
            "score": round(f.score, 3),
            "recognizer": f.recognizer,
        }
        for f in redactor.findings(text, chosen)
    ]
    blocked = any(s["action"] == Act.BLOCK.label for s in spans)
    doc = {"policy": chosen.name, "findings": spans, "blocked": blocked}
    sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
