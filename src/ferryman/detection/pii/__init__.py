"""Structured personal data: contacts, cards, IBANs, national IDs, IP addresses, dates of birth.

Every recognizer here is a pattern that proposes and a validator that decides (checksums,
``phonenumbers``, ``ipaddress``, ``python-stdnum``), with context words where a checksum alone is
too weak. They receive folded text (see :mod:`ferryman.detection.normalize`).
"""

from __future__ import annotations

from ferryman.detection.pii.contact import EmailRecognizer
from ferryman.detection.pii.dates import DateOfBirthRecognizer
from ferryman.detection.pii.encoded import PercentEncodedRecognizer
from ferryman.detection.pii.financial import IbanRecognizer
from ferryman.detection.pii.national_ids import AlnumIdRecognizer
from ferryman.detection.pii.network import IpRecognizer
from ferryman.detection.pii.numeric import NumericRecognizer
from ferryman.detection.pii.phone import PhoneRecognizer
from ferryman.detection.recognizer import Recognizer

__all__ = [
    "AlnumIdRecognizer",
    "DateOfBirthRecognizer",
    "EmailRecognizer",
    "IbanRecognizer",
    "IpRecognizer",
    "NumericRecognizer",
    "PercentEncodedRecognizer",
    "PhoneRecognizer",
    "structured_recognizers",
]


def structured_recognizers() -> list[Recognizer]:
    """The structured-PII recognizers, cheapest first (each also skips texts it cannot match)."""
    return [
        EmailRecognizer(),
        IbanRecognizer(),
        NumericRecognizer(),
        AlnumIdRecognizer(),
        IpRecognizer(),
        PhoneRecognizer(),
        DateOfBirthRecognizer(),
        PercentEncodedRecognizer(),
    ]
