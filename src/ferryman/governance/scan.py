"""``ferryman scan``: hard-coded AI provider keys and other secrets in files and git history.

The detectors are the gateway's own secret recognizers (the same ones that keep keys out of
prompts), so a key format the gateway knows is a key format the scan finds. A finding never
carries the secret: its type, place and a fingerprint (a slow salted hash of type and value,
truncated), which is also what an allow-list entry names, so known false positives can be recorded
without writing the value down again.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache
from pathlib import Path

from ferryman.detection.engine import Engine
from ferryman.detection.secrets import secret_recognizers
from ferryman.governance.files import MAX_BYTES, is_binary

__all__ = ["Allowlist", "ScanFinding", "fingerprint", "scan_files", "scan_history", "scan_text"]

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


@dataclass(frozen=True, slots=True)
class ScanFinding:
    path: str
    line: int
    column: int
    type: str
    fingerprint: str
    commit: str | None = None


_FP_SALT = b"ferryman.scan.fingerprint.v1"
_FP_ROUNDS = 20_000


def fingerprint(entity: str, value: str) -> str:
    """A stable id of a finding that does not give the value away: PBKDF2-HMAC-SHA256, because
    the fingerprint lands in CI logs and SARIF files, and a plain hash of a low-entropy password
    could be reversed with a dictionary (here each guess costs 20,000 rounds)."""
    raw = hashlib.pbkdf2_hmac("sha256", f"{entity}\x00{value}".encode(), _FP_SALT, _FP_ROUNDS)
    return raw.hex()[:16]


@cache
def _engine() -> Engine:
    return Engine(secret_recognizers())


def scan_text(text: str, path: str, *, first_line: int = 1) -> list[ScanFinding]:
    out = []
    for f in _engine().detect(text):
        line = text.count("\n", 0, f.start) + first_line
        col = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        out.append(ScanFinding(path, line, col, f.type, fingerprint(f.type, text[f.start : f.end])))
    return out


def _scan_file(path: str) -> tuple[list[ScanFinding], str | None]:
    """(findings, skip reason)."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            return [], "too large"
        data = p.read_bytes()
    except OSError:
        return [], "unreadable"
    if is_binary(data):
        return [], "binary"
    return scan_text(data.decode("utf-8", "replace"), path), None


def scan_files(
    files: list[Path], *, jobs: int = 1
) -> Iterator[tuple[list[ScanFinding], str | None]]:
    """Scan every file; with ``jobs`` > 1 in worker processes (the detectors are CPU-bound)."""
    names = [str(f) for f in files]
    if jobs <= 1 or len(names) < 64:
        for name in names:
            yield _scan_file(name)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_scan_file, names, chunksize=32)


def scan_history(repo: Path) -> Iterator[ScanFinding]:
    """Secrets in any added line of any commit (``git log -p --all``), as it was committed."""
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        ["git", "-C", str(repo), "log", "-p", "--all", "--no-color", "-U0", "--format=commit %H"],  # noqa: S607
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    commit, path, line = "", "", 0
    block: list[str] = []
    start = 0

    def flush() -> Iterator[ScanFinding]:
        if block and path:
            for f in scan_text("\n".join(block), path, first_line=start):
                yield ScanFinding(f.path, f.line, f.column, f.type, f.fingerprint, commit[:12])
        block.clear()

    for raw in proc.stdout:
        text = raw.decode("utf-8", "replace").rstrip("\n")
        if text.startswith("commit "):
            yield from flush()
            commit = text[7:]
        elif text.startswith("+++ "):
            yield from flush()
            path = text[6:] if text.startswith("+++ b/") else ""
        elif (m := _HUNK.match(text)) is not None:
            yield from flush()
            start = line = int(m.group(1))
        elif text.startswith("+") and not text.startswith("+++"):
            block.append(text[1:])
            line += 1
    yield from flush()
    proc.wait()


class Allowlist:
    """Known false positives: lines of ``fingerprint`` or ``path-glob`` or ``path-glob:TYPE``
    (``#`` comments), e.g. ``3f9a2b7c1d4e5f60``, ``tests/fixtures/*``, ``docs/*.md:JWT``."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self.fingerprints: set[str] = set()
        self.globs: list[tuple[str, str | None]] = []
        for raw in entries:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if re.fullmatch(r"[0-9a-f]{16}", line):
                self.fingerprints.add(line)
            else:
                glob, _, kind = line.partition(":")
                self.globs.append((glob, kind or None))

    @classmethod
    def load(cls, path: Path | None) -> Allowlist:
        if path is None or not path.is_file():
            return cls()
        return cls(path.read_text().splitlines())

    def allows(self, f: ScanFinding, root: Path) -> bool:
        if f.fingerprint in self.fingerprints:
            return True
        try:
            rel = Path(f.path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = Path(f.path).as_posix()
        # fnmatch: `*` also crosses `/`, so `tests/fixtures/*` covers the whole subtree
        return any(fnmatch(rel, g) for g, kind in self.globs if kind in (None, f.type))
