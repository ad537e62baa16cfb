"""Payment cards and IBANs: a checksum and a known layout decide, never the shape alone.

Cards: Luhn plus the issuer (IIN) ranges and lengths of the networks in use, so a
Luhn-passing tracking number that starts with 7 or 9 survives. IBANs: the ISO 13616 country
length and the mod-97 check (``stdnum.iban``, which also checks each country's BBAN format),
in any case and with any spacing, dots or dashes, also split over a line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from stdnum import numdb
from stdnum.exceptions import ValidationError
from stdnum.util import get_cc_module

from ferryman.core.finding import Finding
from ferryman.detection.pii.classes import class_map
from ferryman.detection.pii.digits import DigitSpec
from ferryman.detection.recognizer import Recognizer

__all__ = ["CARD", "IbanRecognizer", "is_card", "is_iban"]

# (prefix range low, high, allowed lengths); prefixes compared on the same number of digits.
_IIN: tuple[tuple[str, str, frozenset[int]], ...] = (
    ("4", "4", frozenset({13, 16, 19})),  # Visa (13 digits: old cards only)
    ("51", "55", frozenset({16})),  # Mastercard
    ("2221", "2720", frozenset({16})),  # Mastercard 2-series
    ("2200", "2204", frozenset({16, 17, 18, 19})),  # Mir
    ("34", "34", frozenset({15})),  # American Express
    ("37", "37", frozenset({15})),
    ("300", "305", frozenset(range(14, 20))),  # Diners Club
    ("3095", "3095", frozenset(range(14, 20))),
    ("36", "36", frozenset(range(14, 20))),
    ("38", "39", frozenset(range(14, 20))),
    ("3528", "3589", frozenset(range(16, 20))),  # JCB
    ("50", "50", frozenset(range(14, 20))),  # Maestro
    ("56", "69", frozenset(range(14, 20))),  # Maestro, Discover, UnionPay, RuPay
)


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # a digit doubled, its two digits summed


def _luhn(digits: str) -> bool:
    """The Luhn check of a string of ASCII digits (``stdnum.luhn.is_valid`` for digits, without
    its per-character alphabet look-ups: every card-length window of a digit run reaches it)."""
    odd = sum(map(int, digits[-1::-2]))
    even = sum(_DOUBLED[int(c)] for c in digits[-2::-2])
    return (odd + even) % 10 == 0


def is_card(digits: str) -> bool:
    """A known issuer range and length, and a valid Luhn check digit."""
    n = len(digits)
    for low, high, lengths in _IIN:
        if n in lengths and low <= digits[: len(low)] <= high:
            return _luhn(digits)
    return False


def is_ean13(digits: str) -> bool:
    """A GS1 EAN-13/GTIN-13 check digit (weights 1, 3 from the left)."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


# Card numbers are printed in groups of four (Amex/Diners 4-6-5 / 4-6-4), or digit by digit as an
# evasion; a three-digit group followed by long ones is an order number's layout (the Amazon
# order id 592-3758722-2955624).
_GROUPS = re.compile(r"\d+")


def _not_card(digits: str, surface: str) -> bool:
    """A Luhn-valid number that is laid out as something else."""
    if len(digits) == 13 and is_ean13(digits) and (digits[0] != "4" or surface == digits):
        return True  # an EAN-13 barcode; 13-digit cards are old Visa only
    if surface == digits:
        return False
    groups = [len(g) for g in _GROUPS.findall(surface)]
    return groups[0] == 3 and max(groups) >= 5


CARD = DigitSpec("CREDIT_CARD", frozenset(range(13, 20)), is_card, veto=_not_card)

# ISO 13616 IBAN lengths by country (SWIFT IBAN registry).
_REGISTRY = (
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 "
    "DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 "
    "HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 "
    "MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 "
    "RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 "
    "VG24 XK20 YE30"
)
_LENGTHS = {item[:2]: int(item[2:]) for item in _REGISTRY.split()}
_SEP = r"(?:[ \t]{0,2}[.\-][ \t]{0,2}|[ \t]{1,2}|[ \t]*\r?\n[ \t]*)?"
_CANDIDATE = re.compile(
    rf"(?<![A-Za-z0-9])[A-Za-z]{_SEP}[A-Za-z]{_SEP}\d{_SEP}\d(?:{_SEP}[A-Za-z0-9]){{8,32}}"
)
_ALNUM = re.compile(r"[A-Za-z0-9]")
_AS_DIGITS = {ord(c): str(ord(c) - 55) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
# The check digits' first digit right after a country code, in the layouts _CANDIDATE accepts
# (plain, spaced, dotted or dashed per character), found on the class map (:mod:`.classes`:
# digits "0", letters "A"/"a"): led by a literal, the engine skips to digits in C, and the
# one-character look-behind first rejects the common case (a digit after a digit) cheaply.
_ANCHOR = re.compile(
    rb"0(?<=[Aa .\-]0)(?:(?<=[Aa]{2}0)(?<![Aa0][Aa]{2}0)"
    rb"|(?<=[Aa]{2}[ .\-]0)(?<![Aa0][Aa]{2}[ .\-]0)"
    rb"|(?<=[Aa][ .\-][Aa][ .\-]0)"
    rb"|(?<=[Aa] [.\-] [Aa] [.\-] 0))"
)


_STRUCT = re.compile(r"([1-9][0-9]*)!([nac])")
_STRUCT_CHARS = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Za-z0-9]"}


def _bban_regex(structure: str) -> str:
    """The BBAN layout of ``stdnum``'s IBAN registry ("8!n10!n") as a regex source."""
    return _STRUCT.sub(lambda m: f"{_STRUCT_CHARS[m.group(2)]}{{{m.group(1)}}}", structure)


_IBAN_DB = numdb.get("iban")
# What ``stdnum.iban.is_valid`` checks after mod-97, looked up once at import instead of per
# candidate (its registry lookup and regex build cost ~15 µs a call): the country's BBAN layout
# and, for a few countries, a national check (Belgian, Spanish, Norwegian account numbers).
_BBAN = {
    cc: re.compile(_bban_regex(props.get("bban", "")))
    for cc in _LENGTHS
    for props in (_IBAN_DB.info(cc)[0][1],)
    if props
}
_COUNTRY_CHECKS = {cc: m for cc in _LENGTHS if (m := get_cc_module(cc.lower(), "iban")) is not None}


def is_iban(value: str) -> bool:
    """A compact upper-case IBAN: known country and length, mod-97, BBAN layout, national check."""
    cc = value[:2]
    bban = _BBAN.get(cc)
    if bban is None or _LENGTHS.get(cc) != len(value):
        return False
    if int((value[4:] + value[:4]).translate(_AS_DIGITS)) % 97 != 1:
        return False
    if bban.fullmatch(value, 4) is None:
        return False
    check = _COUNTRY_CHECKS.get(cc)
    if check is None:
        return True
    try:
        check.validate(value)
    except ValidationError:
        return False
    return True


class IbanRecognizer(Recognizer):
    """IBANs of every registered country, validated by length, BBAN format and mod-97."""

    name: ClassVar[str] = "pii.iban"
    types: ClassVar[frozenset[str]] = frozenset({"IBAN"})

    def find(self, text: str) -> Iterator[Finding]:
        done = 0
        for anchor in _ANCHOR.finditer(class_map(text)):
            if anchor.start() < done:
                continue
            m = _CANDIDATE.search(text, max(done, anchor.start() - 8), anchor.end() + 96)
            if m is None or m.start() >= anchor.start():
                continue
            end = self._validated_end(text, m.start(), m.end())
            if end is not None:
                yield Finding(m.start(), end, "IBAN", 1.0, self.name)
                done = end

    @staticmethod
    def _validated_end(text: str, start: int, end: int) -> int | None:
        """End of the IBAN starting at ``start`` (its country's length of alphanumerics)."""
        chars = _ALNUM.findall(text, start, end)
        length = _LENGTHS.get((chars[0] + chars[1]).upper())
        if length is None or len(chars) < length:
            return None
        if not is_iban("".join(chars[:length]).upper()):
            return None
        return list(_ALNUM.finditer(text, start, end))[length - 1].end()
