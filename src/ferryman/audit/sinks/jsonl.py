"""The JSON lines sink: one event per line, for shipping to any log stack.

With a directory, events go to ``audit-YYYY-MM-DD.jsonl`` (UTC day of the event), appended and
fsynced per batch in a worker thread (no file I/O on the event loop); daily files older than the
retention are deleted by the purge. Without one, lines go to stdout (a container's log stream).
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from ferryman.audit.event import AuditEvent

__all__ = ["JsonlSink", "daily_files"]

_PREFIX, _SUFFIX = "audit-", ".jsonl"


def daily_files(directory: Path) -> list[tuple[datetime, Path]]:
    out = []
    for p in sorted(directory.glob(f"{_PREFIX}*{_SUFFIX}")):
        try:
            day = datetime.strptime(p.name[len(_PREFIX) : -len(_SUFFIX)], "%Y-%m-%d")
        except ValueError:
            continue
        out.append((day.replace(tzinfo=UTC), p))
    return out


class JsonlSink:
    name = "jsonl"

    def __init__(self, directory: str | None) -> None:
        self.directory = Path(directory) if directory else None
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)

    async def write(self, events: list[AuditEvent]) -> None:
        by_file: dict[str | None, list[bytes]] = {}
        for e in events:
            line = orjson.dumps(e.to_json()) + b"\n"
            day = e.ts.astimezone(UTC).strftime("%Y-%m-%d") if self.directory else None
            by_file.setdefault(day, []).append(line)
        await asyncio.to_thread(self._write, by_file)

    def _write(self, by_file: dict[str | None, list[bytes]]) -> None:
        for day, lines in by_file.items():
            if self.directory is None or day is None:
                sys.stdout.buffer.write(b"".join(lines))
                sys.stdout.buffer.flush()
                continue
            path = self.directory / f"{_PREFIX}{day}{_SUFFIX}"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, b"".join(lines))
                os.fsync(fd)
            finally:
                os.close(fd)

    def purge(self, retention_days: int) -> int:
        """Delete daily files entirely older than the retention (run in a thread)."""
        if self.directory is None:
            return 0
        cutoff = datetime.now(UTC) - timedelta(days=retention_days + 1)
        removed = 0
        for day, path in daily_files(self.directory):
            if day < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def forget(self, subject_hash: str, *, erase: bool = False) -> int:
        """Unlink (or erase) one end user's events in every daily file (run in a thread)."""
        if self.directory is None:
            return 0
        changed = 0
        for _, path in daily_files(self.directory):
            lines = path.read_bytes().splitlines(keepends=True)
            out = []
            for line in lines:
                event = orjson.loads(line)
                if event.get("subject") == subject_hash:
                    changed += 1
                    if erase:
                        continue
                    event.update(subject=None, fingerprint=None, client=None, user_agent=None)
                    line = orjson.dumps(event) + b"\n"
                out.append(line)
            if len(out) != len(lines) or changed:
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(b"".join(out))
                os.chmod(tmp, 0o600)
                tmp.replace(path)
        return changed

    async def close(self) -> None:
        return None
