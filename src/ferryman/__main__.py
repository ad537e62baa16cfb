"""``python -m ferryman`` is the ``ferryman`` command."""

from ferryman.cli.main import main

main()
