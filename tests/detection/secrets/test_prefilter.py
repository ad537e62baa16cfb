"""The one-pass literal scan must find what the per-group regex index finds, text for text."""

from __future__ import annotations

import hashlib
import re

import pytest

from ferryman.detection.secrets.assignments import TRIGGERS
from ferryman.detection.secrets.combined import SecretRecognizer
from ferryman.detection.secrets.prefilter import LiteralIndex, LiteralScan, grouped_patterns
from ferryman.detection.secrets.providers import TRIGGER_LITERALS
from ferryman.detection.secrets.shape import is_known_non_secret, looks_random, shannon
from tests.detection.secrets.synthetic import ALNUM, chars

_EXACT = LiteralIndex([re.compile(p) for p in grouped_patterns(TRIGGER_LITERALS)])
_LOWER = LiteralIndex([re.compile(p) for p in grouped_patterns(TRIGGERS)])
_SCAN = LiteralScan(TRIGGER_LITERALS, TRIGGERS)

_PIECES = [
    *sorted(TRIGGER_LITERALS | TRIGGERS),
    "SK", "Sk-", "AKIAAKIA", "passpass", "PWD", "Pw", "Key", "TOKEN", "hooks.slack.com/",
    "=", ": ", " ", "\n", ".", "-", "_", "%2F", "é", "İ", "ẞ", "пароль", "x", "0",
]  # fmt: skip


def _texts(n: int) -> list[str]:
    """``n`` deterministic mixes of literals, look-alikes, separators and random runs."""
    out = []
    for i in range(n):
        rnd = hashlib.sha256(f"mix:{i}".encode()).digest()
        parts = [
            _PIECES[b % len(_PIECES)] if b % 5 < 3 else chars(1 + b % 24, ALNUM, f"{i}:{k}")
            for k, b in enumerate(rnd[: 1 + rnd[-1] % 20])
        ]
        out.append("".join(parts))
    return out


@pytest.mark.skipif(_SCAN.scan("x") is None, reason="ahocorasick-rs is not installed")
def test_one_pass_scan_equals_the_regex_indexes() -> None:
    for text in _texts(3000):
        scan = _SCAN.scan(text)
        lowered = text.lower()
        if len(lowered) != len(text):
            assert scan is None  # offsets would move: the callers use their own index
            continue
        assert scan is not None
        assert scan[0] == [pos for pos, _ in _EXACT.positions(text)], text
        assert scan[1] == _LOWER.positions(lowered), text
        assert scan[2] == lowered


def test_recognizer_is_deterministic_on_mixed_text() -> None:
    rec = SecretRecognizer()
    for text in _texts(300):
        first = [(f.start, f.end, f.type) for f in rec.find(text)]
        assert first == [(f.start, f.end, f.type) for f in rec.find(text)]


@pytest.mark.parametrize("value", ["", "a", "aaaa", "abcd", chars(25), chars(300), chars(600)])
def test_cached_entropy_terms_equal_the_formula(value: str) -> None:
    import math
    from collections import Counter

    n = len(value)
    expected = -sum(c / n * math.log2(c / n) for c in Counter(value).values()) if n else 0.0
    assert shannon(value) == expected


@pytest.mark.parametrize(
    ("value", "known"),
    [
        ("SHA256:" + "a" * 64, True),  # the digest prefix keeps its case-insensitivity
        ("abcdef1", True),  # a short git SHA
        ("abcdef123", True),  # an identifier with a number
        ("v1.2.3-rc.1", True),
        (chars(30), False),
    ],
)
def test_known_non_secret_shapes(value: str, known: bool) -> None:
    assert is_known_non_secret(value) is known


def test_class_counts_agree_for_non_ascii_values() -> None:
    assert looks_random("Ünïcödé" + chars(20)) == looks_random("Ünïcödé" + chars(20))
