# ruff: noqa: RUF001  (full-width digits and look-alike letters are the evasions under test)
from __future__ import annotations

import pytest

from ferryman.detection.pii.national_ids import AlnumIdRecognizer, is_nino
from tests.detection.pii.conftest import found

POSITIVE = [
    ("NI number: AB123456C\n", "AB123456C", "UK_NINO"),
    ("(NI number AB 12 34 56 C).", "AB 12 34 56 C", "UK_NINO"),
    ("DNI: 12345678Z\n", "12345678Z", "ES_NIF"),
    ("DNI: １２３４５６７８Ｚ\n", "１２３４５６７８Ｚ", "ES_NIF"),
    ("(NIE X1234567L).", "X1234567L", "ES_NIE"),
    ("Codice fiscale: RSSMRA85T10A562S\n", "RSSMRA85T10A562S", "IT_FISCAL_CODE"),
]

NEGATIVE = [
    "DNI: 12345678A",  # wrong check letter
    "Codice fiscale: RSSMRA85T10A562X",
    "ref GB123456A",  # GB is never allocated as a NINO prefix
    "SKU-2294-RED-XL and SO57412309",
    "1234567T without its label",  # PPS-shaped, no context
]


@pytest.mark.parametrize(("text", "value", "kind"), POSITIVE)
def test_finds(text: str, value: str, kind: str) -> None:
    assert found(AlnumIdRecognizer(), text) == [(value, kind)]


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves(text: str) -> None:
    assert found(AlnumIdRecognizer(), text) == []


def test_nino_rules() -> None:
    assert is_nino("AB123456C")
    assert not is_nino("QQ123456C")
    assert not is_nino("AB123456E")
