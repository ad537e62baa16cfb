from __future__ import annotations

import pytest

from ferryman.detection.pii.network import IpRecognizer
from tests.detection.pii.conftest import found

POSITIVE = [
    ("client_ip=18.249.86.92 user=x", "18.249.86.92"),
    ("Server is 129.115.155.121.\n", "129.115.155.121"),
    ("allow 10.0.0.0/8;", "10.0.0.0/8"),
    (
        "attempt from 467b:f0b8:9426:1ae2:670a:1c2b:f792:1990 (attempt 8/10)",
        "467b:f0b8:9426:1ae2:670a:1c2b:f792:1990",
    ),
    ("peer fe80::1ff:fe23:4567:890a, ok", "fe80::1ff:fe23:4567:890a"),
]

NEGATIVE = [
    "upgrade to version 1.2.3.4 today",
    "installed v1.2.3.4",
    "pip install pkg==1.2.3.4",
    "OID 1.3.6.1.4.1.311",
    "2025-06-26 09:06:37,994 INFO",
    "mac 00:1a:2b:3c:4d:5e",
    "std::vector and 999.1.1.1",
]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_finds(text: str, value: str) -> None:
    assert found(IpRecognizer(), text) == [(value, "IP_ADDRESS")]


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves(text: str) -> None:
    assert found(IpRecognizer(), text) == []
