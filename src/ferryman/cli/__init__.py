"""The ``ferryman`` command line (Typer)."""
