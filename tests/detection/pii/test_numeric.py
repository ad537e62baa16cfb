# ruff: noqa: RUF001  (full-width digits and look-alike letters are the evasions under test)
from __future__ import annotations

import pytest

from ferryman.detection.pii.numeric import NumericRecognizer
from tests.detection.pii.conftest import found

POSITIVE = [
    ("card 4111 1111 1111 1111 please", "4111 1111 1111 1111", "CREDIT_CARD"),
    ("it's 4111\n1111 1111 1111\n[09:15]", "4111\n1111 1111 1111", "CREDIT_CARD"),
    ("used 3782-822463-10005. Refund", "3782-822463-10005", "CREDIT_CARD"),
    ("card ４１１１１１１１１１１１１１１１ ok", "４１１１１１１１１１１１１１１１", "CREDIT_CARD"),
    ("card 4111\u200b1111 1111 1111 ok", "4111\u200b1111 1111 1111", "CREDIT_CARD"),
    ("SSN: 536-22-1234\n", "536-22-1234", "US_SSN"),
    ("SSN 536221234", "536221234", "US_SSN"),
    ("BSN: 111222333\n", "111222333", "NL_BSN"),
    ("(Steuer-ID 36 574 261 809).", "36 574 261 809", "DE_TAX_ID"),
    ("sécurité sociale: 2 95 10 99 126 111 93\n", "2 95 10 99 126 111 93", "FR_NIR"),
    ("NIR 2.9.5.1.0.9.9.1.2.6.1.1.1.9.3 ok", "2.9.5.1.0.9.9.1.2.6.1.1.1.9.3", "FR_NIR"),
    ("AHV 756.9217.0769.85", "756.9217.0769.85", "CH_AHV"),
]

NEGATIVE = [
    "Shipment tracking number 7834039268217859 no longer",
    "tracking 4111111111111112",
    "ticket #4709636698 and order SO34368627 and /v2/orders/6439012",
    "invoice INV-2024-57019 where $1,231.50 was shown",
    "2025-06-26 09:06:37,994 INFO request_id=2642d5eb-bf09-4923-bff9-87fc67e200d9",
    "order 111222333 shipped",  # a valid BSN checksum, but nothing says BSN
    "reference 36574261809",  # a valid IdNr checksum without a tax word
    "malformed IBAN DE96 5551 6622 5185 3427 75 (bad check digits)",
]


@pytest.mark.parametrize(("text", "value", "kind"), POSITIVE)
def test_finds(text: str, value: str, kind: str) -> None:
    assert found(NumericRecognizer(), text) == [(value, kind)]


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves(text: str) -> None:
    assert found(NumericRecognizer(), text) == []
