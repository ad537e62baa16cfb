"""Synthetic, format-valid test keys, built at test time (never a real key in the repository)."""

from __future__ import annotations

import hashlib
import string

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
UPPER_DIGITS = string.ascii_uppercase + string.digits


def chars(n: int, alphabet: str = ALNUM, seed: str = "x") -> str:
    """``n`` deterministic pseudo-random characters of ``alphabet``."""
    out: list[str] = []
    counter = 0
    while len(out) < n:
        digest = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        out.extend(alphabet[b % len(alphabet)] for b in digest)
        counter += 1
    return "".join(out[:n])


def find(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` found by every secret recognizer, through the engine."""
    from ferryman.detection.engine import Engine
    from ferryman.detection.secrets import secret_recognizers

    return [(f.start, f.end, f.type) for f in Engine(secret_recognizers()).detect(text)]


def spans_of(text: str, value: str, kind: str) -> list[tuple[int, int, str]]:
    start = text.index(value)
    return [(start, start + len(value), kind)]
