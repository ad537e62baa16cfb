"""Structured personal data: contacts, cards, IBANs, national IDs, IP addresses, dates of birth.

Every recognizer here is a pattern that proposes and a validator that decides (checksums,
``phonenumbers``, ``ipaddress``, ``python-stdnum``), with context words where a checksum alone is
too weak. They receive folded text (see :mod:`ferryman.detection.normalize`).

Performance design: a pattern proposes cheaply, and every expensive step sits behind a cheaper
necessary condition that never rejects what it would accept (tests/detection/pii/
test_prefilters.py checks each against the full check). Dates of birth search literal stems
of their context words in one pass over the lower-cased text and run the context pattern only
around a hit; IBANs check mod-97 and the BBAN layouts precomputed from ``stdnum``'s registry
instead of calling ``stdnum.iban`` per candidate; phone numbers try ``phonenumbers`` only in the
regions whose type patterns can match a suffix of the digits (:mod:`.numbering`).
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
