"""Which files a scan reads: the repository's own view (``.gitignore`` respected), no binaries.

Inside a git work tree the file list comes from git itself (tracked files plus untracked files
that are not ignored), which is both exact and fast. Elsewhere the tree is walked and every
``.gitignore`` met on the way is applied with ``pathspec`` (git's wildmatch rules).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pathspec

__all__ = ["MAX_BYTES", "is_binary", "list_files"]

MAX_BYTES = 8 * 1024 * 1024  # larger files are skipped (logs, dumps); say so in the report
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", ".tox"})


def is_binary(head: bytes) -> bool:
    """A NUL byte in the first block, as git decides."""
    return b"\x00" in head[:8192]


def _git_files(root: Path) -> list[Path] | None:
    try:
        out = subprocess.run(  # noqa: S603 - fixed argv, no shell
            ["git", "-C", str(root), "ls-files", "-z", "-co", "--exclude-standard"],  # noqa: S607
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return [root / p for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def _walk(root: Path) -> Iterator[Path]:
    specs: list[tuple[Path, pathspec.PathSpec[Any]]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        ignore = here / ".gitignore"
        if ignore.is_file():
            lines = ignore.read_text(errors="replace").splitlines()
            specs.append((here, pathspec.PathSpec.from_lines("gitwildmatch", lines)))

        def ignored(path: Path, is_dir: bool) -> bool:
            for base, spec in specs:
                try:
                    rel = path.relative_to(base).as_posix()
                except ValueError:
                    continue
                if spec.match_file(rel + ("/" if is_dir else "")):
                    return True
            return False

        dirnames[:] = [
            d for d in dirnames if d not in _SKIP_DIRS and not ignored(here / d, is_dir=True)
        ]
        for name in filenames:
            path = here / name
            if not ignored(path, is_dir=False):
                yield path


def list_files(paths: list[Path]) -> list[Path]:
    """Every regular file under ``paths`` a repository would hold (sorted, unique)."""
    out: set[Path] = set()
    for p in paths:
        if p.is_file():
            out.add(p)
            continue
        files = _git_files(p)
        out.update(files if files is not None else _walk(p))
    return sorted(f for f in out if f.is_file() and not f.is_symlink())
