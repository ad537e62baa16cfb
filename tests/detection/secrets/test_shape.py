from __future__ import annotations

import pytest

from ferryman.detection.secrets.shape import (
    is_known_non_secret,
    is_placeholder,
    looks_random,
    shannon,
)
from tests.detection.secrets.synthetic import ALNUM, HEX, chars


def test_shannon_entropy() -> None:
    assert shannon("") == 0.0
    assert shannon("aaaa") == 0.0
    assert shannon("abcd") == 2.0


@pytest.mark.parametrize(
    "value",
    [
        "your-api-key-here",
        "xxxxxxxxxxxxxxxx",
        "${API_KEY}",
        "<token>",
        "sk-...",
        "changeme",
        "REDACTED",
    ],
)
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize(
    "value",
    [
        "123e4567-e89b-42d3-a456-426614174000",
        chars(40, HEX),
        "sha256:" + chars(64, HEX),
        "7.20.3-rc.4",
        "2024-08-11T08:26:10",
        "/etc/ssl/private/server.key",
        "api.example.com",
        "production_database_credentials",
        "ORD-2022-095791",
    ],
)
def test_known_non_secrets(value: str) -> None:
    assert is_known_non_secret(value)


@pytest.mark.parametrize(
    "value", [chars(32, HEX, "a"), chars(40, ALNUM, "b"), chars(24, ALNUM + "+/", "c")]
)
def test_random_values(value: str) -> None:
    assert looks_random(value)


@pytest.mark.parametrize(
    "value", ["ProductionDatabaseName", "aaaaaaaaaaaaaaaaaaaa", "1234567890123456789"]
)
def test_non_random_values(value: str) -> None:
    assert not looks_random(value)
