"""``ferryman``: one program, one sub-command per job."""

from __future__ import annotations

import typer

from ferryman import __version__
from ferryman.cli.audit import audit_app
from ferryman.cli.config import config_app
from ferryman.cli.flows import flows
from ferryman.cli.keys import keys_app
from ferryman.cli.kill_switch import kill_switch_app
from ferryman.cli.migrate import migrate
from ferryman.cli.redact import redact
from ferryman.cli.scan import scan
from ferryman.cli.serve import serve
from ferryman.cli.tls_check import tls_check
from ferryman.cli.verify import verify

__all__ = ["app", "main"]

app = typer.Typer(
    name="ferryman",
    help="ferryman: the security gateway for AI API calls.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # never render locals (they may hold secrets)
)
app.command("serve")(serve)
app.add_typer(config_app, name="config")
app.add_typer(keys_app, name="keys")
app.add_typer(kill_switch_app, name="kill-switch")
app.add_typer(audit_app, name="audit")
app.command("migrate")(migrate)
app.command("redact")(redact)
app.command("scan")(scan)
app.command("verify")(verify)
app.command("flows")(flows)
app.command("tls-check")(tls_check)


@app.command("version")
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    app()
