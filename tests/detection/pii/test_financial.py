from __future__ import annotations

import pytest

from ferryman.detection.pii.financial import IbanRecognizer, is_card
from tests.detection.pii.conftest import found

_DASHED = " - ".join("DE89370400440532013000")

IBANS = [
    ("IBAN: GB82WEST12345698765432\nRef: ORD-2024-1", "GB82WEST12345698765432"),
    ("account DE89 3704 0044 0532 0130 00 under reference", "DE89 3704 0044 0532 0130 00"),
    ("IBAN gB82 wEsT 1234 5698 7654 32 ok", "gB82 wEsT 1234 5698 7654 32"),
    (
        "IBAN G.B.8.2.W.E.S.T.1.2.3.4.5.6.9.8.7.6.5.4.3.2 as",
        "G.B.8.2.W.E.S.T.1.2.3.4.5.6.9.8.7.6.5.4.3.2",
    ),
    ("IBAN: DE89 3704 0044\n0532 0130 00\nRef", "DE89 3704 0044\n0532 0130 00"),
    (
        "IBAN: " + _DASHED + "\n",
        _DASHED,
    ),
]

NOT_IBANS = [
    "malformed IBAN GB83WEST12345698765432 (bad check digits)",
    "assert not is_valid_iban('DE88 3704 0044 0532 0130 00')",
    "sha ad0267c1b2c3d4e5f60718293a4b5c6d7e8f9012 and SKU-2294-RED-XL",
]


@pytest.mark.parametrize(("text", "value"), IBANS)
def test_iban(text: str, value: str) -> None:
    assert found(IbanRecognizer(), text) == [(value, "IBAN")]


@pytest.mark.parametrize("text", NOT_IBANS)
def test_not_iban(text: str) -> None:
    assert found(IbanRecognizer(), text) == []


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("4111111111111111", True),  # Visa test number
        ("5555555555554444", True),  # Mastercard
        ("2223003122003222", True),  # Mastercard 2-series
        ("378282246310005", True),  # Amex
        ("6011111111111117", True),  # Discover
        ("4111111111111112", False),  # Luhn fails
        ("7834039268217859", False),  # no issuer starts with 7
        ("37828224631000", False),  # Amex length is 15
    ],
)
def test_is_card(digits: str, valid: bool) -> None:
    assert is_card(digits) is valid
