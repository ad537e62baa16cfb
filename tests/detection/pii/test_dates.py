from __future__ import annotations

import pytest

from ferryman.detection.pii.dates import DateOfBirthRecognizer
from tests.detection.pii.conftest import found

POSITIVE = [
    ("Date of birth: 1985-09-27\n", "1985-09-27"),
    ("DOB: 27/09/1985", "27/09/1985"),
    ("Jane Roe, born on 29 May 1968, residing", "29 May 1968"),
    ("Date of birth: November 20, 2003\n", "November 20, 2003"),
    ("née le 3 mars 1980 à Lyon", "3 mars 1980"),
    ("Geburtsdatum: 27.09.1985", "27.09.1985"),
    ("geboren am 3. März 1980", "3. März 1980"),
    ("Fecha de nacimiento: 27 de septiembre de 1985", "27 de septiembre de 1985"),
    ("nato il 12/03/1970 a Roma", "12/03/1970"),
    ("Geboortedatum: 07-03-1978\n", "07-03-1978"),
    ('{"dob": "1985-09-27"}', "1985-09-27"),
]

NEGATIVE = [
    "Release 7.25.4-rc.4 (2024-04-19T10:50:18Z)",
    "Start date: 2024-01-01\nInvoice date 27/09/1985",
    "Date of birth: unknown\n\n\n\n\nshipped 2024-01-02 after a long wait in the depot",
]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_finds(text: str, value: str) -> None:
    assert found(DateOfBirthRecognizer(), text) == [(value, "DATE_OF_BIRTH")]


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves(text: str) -> None:
    assert found(DateOfBirthRecognizer(), text) == []
