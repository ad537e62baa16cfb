"""What every sub-command shares: the ``--config`` option and loading it or exiting cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ferryman.errors import ConfigError
from ferryman.settings import load_settings
from ferryman.settings.model import Settings

__all__ = ["ConfigOpt", "err", "settings_or_exit"]

err = Console(stderr=True, highlight=False)

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Config file (default: $FERRYMAN_CONFIG, else built-in)."),
]


def settings_or_exit(config: Path | str | None) -> Settings:
    """The validated settings, or the error (naming the field) on stderr and exit code 1."""
    try:
        return load_settings(config)
    except ConfigError as exc:
        err.print(f"invalid configuration: {exc.message}", markup=False)
        raise typer.Exit(1) from None
