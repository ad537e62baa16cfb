"""Secrets hidden under an encoding: base64 (standard or URL-safe) and hex.

A key pasted as ``c2stcHJvai0uLi4=`` is still the key. Decoding every long token would cost a
pass over all text, so candidates are found by the encodings of the known key prefixes
(``sk-`` encodes to ``c2st``, ``xoxb-`` to ``eG94Y``, ``AKIA`` to ``QUtJQ``): they join the
provider prefilter as ordinary literals. Only the token starting there is decoded, and the
caller rescans the decoded text; a finding covers the whole encoded token.
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = ["ENCODED_PREFIXES", "decode_token"]

# what the secrets we rescan for start with, and a token of text around them
# (each distinct first character of an encoding costs one more prefilter pass: keep it short)
_PLAIN_PREFIXES = (
    "sk-", "sk_", "xox", "AKIA", "ASIA", "AIza", "ghp_", "github_pat_", "glpat-", "hf_", "gsk_",
    "eyJ", "-----BEGIN",
)  # fmt: skip


def _b64_prefix(plain: str) -> str:
    """The base64 text that any encoding of ``plain`` (at offset 0) starts with."""
    whole = len(plain) - len(plain) % 3
    return base64.b64encode(plain[:whole].encode()).decode() if whole else ""


def _prefixes() -> tuple[str, ...]:
    out: set[str] = set()
    for plain in _PLAIN_PREFIXES:
        b64 = _b64_prefix(plain)
        if len(b64) >= 4:
            out.add(b64[:8])
            out.add(b64[:8].replace("+", "-").replace("/", "_"))
    return tuple(sorted(out))


#: literal starts of encoded secrets (base64 and hex)
ENCODED_PREFIXES: tuple[str, ...] = _prefixes()
_B64_TOKEN = re.compile(r"[A-Za-z0-9+/_\-]{16,}(?:={0,2})")
_HEX_TOKEN = re.compile(r"(?:[0-9a-fA-F]{2}){10,}")
_PRINTABLE = re.compile(r"[\x20-\x7e\t\r\n]+")


def decode_token(text: str, start: int) -> tuple[int, str] | None:
    """``(end, decoded)`` for the encoded token at ``start``, if it decodes to printable text."""
    m = _HEX_TOKEN.match(text, start)
    raw: bytes | None = None
    if m is not None and not text[m.end() : m.end() + 1].isalnum():
        end = m.end()
        raw = bytes.fromhex(m.group())
    else:
        m = _B64_TOKEN.match(text, start)
        if m is None:
            return None
        end = m.end()
        token = m.group().rstrip("=")
        padded = token + "=" * (-len(token) % 4)
        try:
            if "-" in token or "_" in token:
                raw = base64.urlsafe_b64decode(padded)
            else:
                raw = base64.b64decode(padded, validate=True)
        except (binascii.Error, ValueError):
            return None
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not _PRINTABLE.fullmatch(decoded):
        return None
    return end, decoded
