"""``ferryman config check FILE``: validate a configuration without starting anything."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ferryman.errors import ConfigError
from ferryman.settings import load_settings
from ferryman.settings.model import Settings

__all__ = ["config_app"]

config_app = typer.Typer(help="Work with configuration files.", no_args_is_help=True)


def _summary(settings: Settings) -> list[str]:
    lines = []
    for name, spec in settings.providers.items():
        state = "enabled" if spec.enabled else "disabled (optional, secret not set)"
        if spec.kind == "demo":
            state += " - DEMO echo model, not an AI"
        lines.append(f"provider {name} ({spec.kind}): {state}")
    for alias, route in settings.models.items():
        chain = " -> ".join([alias, *route.fallbacks])
        lines.append(f"model {alias}: {route.provider}/{route.model} (chain: {chain})")
    return lines


@config_app.command("check")
def check(file: Annotated[Path, typer.Argument(help="The YAML configuration file.")]) -> None:
    """Validate FILE: every error names the field and the reason; exit 1 if any."""
    err = Console(stderr=True, highlight=False)
    try:
        settings = load_settings(file)
    except ConfigError as exc:
        err.print("[bold red]invalid:[/]", end=" ")
        err.print(exc.message, markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    out = Console(highlight=False)
    out.print(f"[green]ok:[/] {file}")
    for line in _summary(settings):
        out.print("  " + line, markup=False)
