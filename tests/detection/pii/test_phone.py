# ruff: noqa: RUF001  (full-width digits and look-alike letters are the evasions under test)
from __future__ import annotations

import pytest

from ferryman.detection.pii.phone import PhoneRecognizer
from tests.detection.pii.conftest import found

POSITIVE = [
    ("Téléphone: +33 (0)2 57 45 14 04\n", "+33 (0)2 57 45 14 04"),
    ("You can call me on +49 (0) 1526 918204 if needed.", "+49 (0) 1526 918204"),
    ("Tel: 0115 496 0113\n", "0115 496 0113"),
    ("Direct: (356) 379-5718\n", "(356) 379-5718"),
    ("Phone: 288.351.0337\n", "288.351.0337"),
    ("Call with Jane ((0191) 4960889) on 2025-06-06", "(0191) 4960889"),
    ("Phone: 8 - 5 - 0 - 6 - 2 - 4 - 9 - 1 - 8 - 6\n", "8 - 5 - 0 - 6 - 2 - 4 - 9 - 1 - 8 - 6"),
    ("Direct: +34\n807 092 374\n", "+34\n807 092 374"),
    ("call me on 001-501-829-4018 today", "001-501-829-4018"),
    ("Telefono: +３９ ０３５９６０３４３０７\n", "+３９ ０３５９６０３４３０７"),
    ("Tel:+442079460958", "+442079460958"),
]

NEGATIVE = [
    "Release 1.8.81 (2024-01-21 05:04:28,706)",
    "ticket #4709636698 and order SO34368627",
    "Server is 129.115.155.121.",
    "P/N 49-5964-47 stock count",
    "Call with Jane on 2024-06-24 at 10:30",
    "assert not is_valid_iban('NL40 HHIS 0352 0017 40')",
    "total 1234567 rows",
]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_finds(text: str, value: str) -> None:
    assert found(PhoneRecognizer(), text) == [(value, "PHONE")]


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves(text: str) -> None:
    assert found(PhoneRecognizer(), text) == []
