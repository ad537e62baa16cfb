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
regions whose type patterns can match a suffix of the digits (:mod:`.numbering`), and only
after the length check that rejects a third of the candidates without reading context words;
the digit-run scan tests each spec's context words once per run, not once per window; e-mail
and dates of birth share one ``lower()`` of the text.

Measured (dev corpus, ~400-character texts, noisy 2-core machine): ~355 ms/MB for the eight
recognizers, phone ~105, numeric ~85, IBAN ~45, letter-and-digit IDs ~37. Tried and dropped:
one recognizer scanning the phone digit regions once for phone, numeric, IPv4 and letter IDs
was slower (~400 ms/MB): a corpus text has ~5 such regions and every per-region scan call
costs a few µs, more than the full-text scans it replaced; a global pre-scan for phone-word
stems costs as much as the per-window searches (the stems start with most letters).
"""

from __future__ import annotations

from ferryman.detection.pii.contact import EmailRecognizer
from ferryman.detection.pii.dates import DateOfBirthRecognizer
from ferryman.detection.pii.encoded import Base64EmailRecognizer, PercentEncodedRecognizer
from ferryman.detection.pii.financial import IbanRecognizer
from ferryman.detection.pii.national_ids import AlnumIdRecognizer
from ferryman.detection.pii.network import IpRecognizer
from ferryman.detection.pii.numeric import NumericRecognizer
from ferryman.detection.pii.phone import PhoneRecognizer
from ferryman.detection.recognizer import Recognizer

__all__ = [
    "AlnumIdRecognizer",
    "Base64EmailRecognizer",
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
        Base64EmailRecognizer(),
    ]
