"""Structured personal data: contacts, cards, IBANs, national IDs, IP addresses, dates of birth.

Every recognizer here is a pattern that proposes and a validator that decides (checksums,
``phonenumbers``, ``ipaddress``, ``python-stdnum``), with context words where a checksum alone is
too weak. They receive folded text (see :mod:`ferryman.detection.normalize`).

Performance design: a pattern proposes cheaply, and every expensive step sits behind a cheaper
necessary condition that never rejects what it would accept (tests/detection/pii/
test_prefilters.py, test_gates.py, test_phone_words.py and test_id_specs.py check each against
the full check). The rules that made the difference, measured per 4 KB of prompt text:

- No full-text regex led by a look-behind, ``\\s*``, ``\\b`` or a wide class: the engine tries
  those at every position (25-120 µs per pass). Literal-led patterns skip ahead in C.
- One class map per text (:mod:`.classes`, one ``bytes.translate``): digits become ``0``, so the
  digit-led recognizers (phone, cards and numeric IDs, letter-and-digit IDs, IBAN anchors, IPv4)
  find their regions with literal-led byte patterns, and a region with too few digits for any
  candidate is dropped by ``bytes.count`` before its pattern runs.
- One lower-cased copy and one Aho-Corasick pass per text (:mod:`.literals`) find every cue
  literal: e-mail "at" markers, birth-date stems, phone and other-number words, the stems of the
  numeric IDs' context words. A context pattern then runs only anchored near a stem.
- Base64 tokens by a class map and ``bytes.find``; percent runs from their ``%XX`` escapes.
- Validators last: ``phonenumbers`` (20-50 µs per number) only in regions whose type patterns
  can match (:mod:`.numbering`), after the length and context checks.

Measured (``bench/pii/throughput.py``, CPU time, one core): the ten recognizers here cost
~100-150 µs per 4 KB prompt (was ~700) and ~150 µs per dense dev-corpus record (was ~280).
"""

from __future__ import annotations

from ferryman.detection.pii import classes, literals
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
    "release_text",
    "structured_recognizers",
]


def release_text() -> None:
    """Forget the text the shared per-thread passes (class map, lower-case copy, literal hits)
    keep for the recognizers of one engine pass: called when the pass is over."""
    classes.forget()
    literals.forget()


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
