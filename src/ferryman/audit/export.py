"""Signed audit snapshots: events as JSON lines plus a manifest signed with Ed25519.

``FILE`` holds the events (oldest first, one JSON object per line); ``FILE.manifest.json`` holds
what a verifier needs: the file's SHA-256, the event count, the time range, the signer's public
key and the Ed25519 signature over the canonical (sorted-key) JSON of everything else. Changing,
adding or dropping a line, or editing the manifest, fails :func:`verify`.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ferryman.audit.signing import key_id, public_key_b64, read_public_key
from ferryman.storage.audit_events import AuditEventStore, AuditQuery

__all__ = ["FORMAT", "export", "manifest_path", "verify"]

FORMAT = "ferryman-audit-export/1"


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def _canonical(manifest: dict[str, Any]) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS)


def _line(row: dict[str, Any]) -> bytes:
    row = dict(row)
    if isinstance(row.get("ts"), datetime):
        ts = row["ts"] if row["ts"].tzinfo else row["ts"].replace(tzinfo=UTC)
        row["ts"] = ts.astimezone(UTC).isoformat().replace("+00:00", "Z")
    row["stream"] = bool(row.get("stream"))
    return orjson.dumps(row, option=orjson.OPT_SORT_KEYS) + b"\n"


async def export(
    store: AuditEventStore, query: AuditQuery, out: Path, key: Ed25519PrivateKey
) -> dict[str, Any]:
    """Write the snapshot and its signed manifest; returns the manifest."""
    digest = hashlib.sha256()
    count = 0
    first = last = None
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        async for row in store.stream(query):
            line = _line(row)
            fh.write(line)
            digest.update(line)
            count += 1
            ts = orjson.loads(line)["ts"]
            first = first or ts
            last = ts
    public = public_key_b64(key.public_key())
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "file": out.name,
        "sha256": digest.hexdigest(),
        "events": count,
        "first_event": first,
        "last_event": last,
        "since": query.since.isoformat() if query.since else None,
        "until": query.until.isoformat() if query.until else None,
        "created_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "public_key": public,
        "key_id": key_id(public),
    }
    manifest["signature"] = base64.b64encode(key.sign(_canonical(manifest))).decode()
    manifest_path(out).write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return manifest


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reason: str
    events: int = 0
    key_id: str | None = None


def verify(path: Path, public_key: str | None = None) -> Verdict:
    """Check a snapshot against its manifest, and the manifest's signature (optionally pinned
    to ``public_key``: PEM or base64)."""
    mpath = manifest_path(path)
    try:
        manifest = orjson.loads(mpath.read_bytes())
        data = path.read_bytes()
    except (OSError, orjson.JSONDecodeError) as exc:
        return Verdict(False, f"cannot read the snapshot or its manifest: {type(exc).__name__}")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return Verdict(False, "not a ferryman audit export manifest")
    try:
        signer: Ed25519PublicKey = read_public_key(str(manifest["public_key"]))
        if public_key is not None:
            pinned = read_public_key(public_key)
            if public_key_b64(pinned) != public_key_b64(signer):
                return Verdict(False, "signed by a different key than the one given")
        signer.verify(base64.b64decode(str(manifest["signature"])), _canonical(manifest))
    except (InvalidSignature, KeyError, ValueError):
        return Verdict(False, "the manifest signature is invalid")
    if hashlib.sha256(data).hexdigest() != manifest.get("sha256"):
        return Verdict(False, "the events file does not match the signed digest")
    lines = data.count(b"\n")
    if lines != manifest.get("events"):
        return Verdict(False, "the event count does not match")
    return Verdict(True, "signature and digest valid", lines, str(manifest.get("key_id")))
