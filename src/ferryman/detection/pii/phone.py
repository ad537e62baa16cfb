"""Phone numbers of many countries, validated with ``phonenumbers``.

A candidate is a run of 6 to 17 digits with the separators people type (spaces, dots, dashes,
slashes, brackets, "(0)", a line break). International numbers (``+33 ...``, ``0044 ...``) are
parsed as such. National numbers are tried in the regions the label suggests ("Telefon" → DE,
AT, CH) and then in a default list, and must be valid in one of them. A number needs a phone
word on its line ("Phone", "Tel", "call me", "Téléphone" ...) or a layout only phones have
("0115 496 0113", "(356) 379-5718"); with a phone word, a possible-length number is enough, as
forms often carry numbers that no numbering plan knows. Dates, IPs and versions are skipped.
"""

from __future__ import annotations

import re
from typing import ClassVar

import phonenumbers
from phonenumbers import NumberParseException

from ferryman.core.finding import Finding
from ferryman.detection.pii.classes import class_map
from ferryman.detection.pii.context import TextScan, after_end, before_start, in_code
from ferryman.detection.pii.fields import key_before, table_header
from ferryman.detection.pii.numbering import REGIONS, may_be_valid
from ferryman.detection.pii.phone_words import NEGATIVE, WORDS, WordHits
from ferryman.detection.recognizer import Recognizer

__all__ = ["REGION", "PhoneRecognizer", "PhoneScan"]

_SEP = r"(?:[ \t.\-/()]{1,5}|[ \t]*\r?\n[ \t(]*)"
_CANDIDATE = re.compile(rf"(?<![\w+#/$€£%.-])(?:\+[ \t]?|\(\+?)?\d(?:{_SEP}?\d){{5,17}}\)?")
_DIGIT = re.compile(r"\d")
# Cheap prefilter on the class map (:mod:`.classes`: led by a literal, skipped to in C);
# _CANDIDATE runs inside, from up to two characters before the first digit ("(+", "+ ").
REGION = re.compile(rb"0[0 \t.\-/()+\r\n]{5,}")
_LEAD = 2
_NOT_PHONE = re.compile(
    r"\(?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b.*"  # ISO dates, also with a time after them
    r"|\(?\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\)?"  # 27/09/1985
    r"|\d{1,3}(?:\.\d{1,3}){3}"  # IPv4, four-part versions
    r"|\d{1,3}\.\d{1,3}\.\d{1,3}"  # versions
    r"|\d{4}\.\d{3}\.\d{2,3}"  # article numbers (9342.975.85)
    r"|1[4-9]\d{8}(?:\d{3})?"  # Unix times in seconds or milliseconds
    r"|\d+(?:[.,]\d{3})*[.,]\d{2}",  # amounts (7548.26, 1.377,28)
    re.DOTALL,
)
# Layouts of national numbers: trunk prefix 0 with groups ("0151 98655403", "(011) 6715350",
# "020-1581371", "01 23 45 67 89"), or the North American NXX-XXXX with an optional "1-".
_TRUNK = re.compile(
    r"\(0\d{1,4}\)[ \t]?\d{2,8}(?:[ \t.\-/]\d{2,5}){0,3}"
    r"|0\d{1,4}[ \t\-/]+\d{2,8}(?:[ \t\-/]\d{2,5}){0,3}"
)
_SHAPED = re.compile(
    r"\(?0\d{1,4}\)?(?:[ \t.\-/]+\d{2,4}){1,4}"
    r"|(?:1[ \t.\-])?\(?[2-9]\d{2}\)?[ \t.\-]?[2-9]\d{2}[ \t.\-]\d{4}"
    r"|(?:1[ \t.\-])?\(?[2-9]\d{2}\)[ \t]?[2-9]\d{2}[ \t.\-]?\d{4}"
    rf"|{_TRUNK.pattern}"
)
# A list item's edges: the line's start or end, or a separator (| · ; , tab •).
_ITEM_BEFORE = re.compile(r"(?m)(?:^|[|;,\t\u00b7\u2022])[ \t]*$")
_ITEM_AFTER = re.compile(r"(?m)[ \t]*(?:$|[|;,\t\u00b7\u2022])")
_HINTS = (
    (re.compile(r"t[ée]l[ée]phone|portable|\bt[ée]l\b|appel|num[ée]ro"), ("FR", "BE", "CH")),
    (re.compile(r"telefon\b|handy|mobil\b|\bruf|nummer"), ("DE", "AT", "CH")),
    (re.compile(r"tel[ée]fono|m[óo]vil|llam"), ("ES",)),
    (re.compile(r"telefono|cellulare|chiam"), ("IT",)),
    (re.compile(r"telefoon|mobiel|\bbel"), ("NL", "BE")),
)


def _parse(number: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(number, region)
    except NumberParseException:
        return None


class PhoneScan:
    """Phone candidates of one text, read through its shared :class:`TextScan`."""

    __slots__ = ("_hits", "scan")

    def __init__(self, scan: TextScan):
        self.scan = scan
        self._hits: WordHits | None = None

    @property
    def hits(self) -> WordHits | None:
        """The text's word gate, made on first use (None when lower-casing shifts offsets)."""
        if self._hits is None and self.scan.lower:
            self._hits = WordHits(self.scan.text)
        return self._hits

    def worded(self, start: int, end: int) -> bool:
        """Whether a phone word stands in the window before ``start`` or after ``end``."""
        scan = self.scan
        lo, hi = before_start(scan.text, start), after_end(scan.text, end)
        hits = self.hits
        if hits is not None:
            return hits.word_in(lo, start) or hits.word_in(end, hi)
        return (
            WORDS.search(scan.lowered(lo, start)) is not None
            or WORDS.search(scan.lowered(end, hi)) is not None
        )

    def find(self, lo: int, hi: int, out: list[Finding]) -> None:
        """Phone numbers among the candidates of the digit region ``[lo, hi)``."""
        for m in _CANDIDATE.finditer(self.scan.text, lo, hi):
            if not self._candidate(m, out) and "\n" in m.group():
                # A number at the end of a line may have been joined with the next line's digits
                # ("Mobile 01632 960757\n134 Ashgrove Road"): try each line on its own.
                pos = m.start()
                for part in m.group().split("\n"):
                    for sub in _CANDIDATE.finditer(self.scan.text, pos, pos + len(part)):
                        self._candidate(sub, out)
                    pos += len(part) + 1

    def _candidate(self, m: re.Match[str], out: list[Finding]) -> bool:
        text = self.scan.text
        start, end = m.span()
        surface = m.group()
        if surface.endswith(")") and surface.count("(") < surface.count(")"):
            end -= 1
            surface = surface[:-1]
        if end < self.scan.size and (text[end].isalnum() or text[end] in "_@"):
            return False
        if _NOT_PHONE.fullmatch(surface.lstrip("(+")) is not None or in_code(text, start):
            return False
        digits = "".join(_DIGIT.findall(surface))
        score = self._score(start, end, surface, digits)
        if score:
            out.append(Finding(start, end, "PHONE", score, PhoneRecognizer.name))
        return bool(score)

    def _field(self, start: int, end: int) -> bool | None:
        """What the value's key or column header says: True (a phone field), False (another
        kind of field), None (no key or header: read the words around it)."""
        text = self.scan.text
        key = key_before(text, start)
        if key is not None:
            name = key.group(1).lower()
            if WORDS.search(name) is not None:
                return True
            return False if NEGATIVE.search(name) is not None else None
        header = table_header(text, start, end)
        if header is None:
            return None
        name, row, _ = header
        if WORDS.search(name) is not None:
            return True
        cell = max(text.rfind(d, row, start) for d in "|;,\t") + 1
        return WORDS.search(self.scan.lowered(max(cell, row), start)) is not None

    def _score(self, start: int, end: int, surface: str, digits: str) -> float:
        """Confidence that the candidate is a phone number, 0.0 when it is not."""
        plus = surface.lstrip("(").startswith("+")
        intl = plus or (digits.startswith("00") and len(digits) >= 10)
        if not intl and not 6 <= len(digits) <= 13:
            return 0.0  # decided before the (costlier) context words
        field = self._field(start, end)
        worded = field if field is not None else self.worded(start, end)
        lo = before_start(self.scan.text, start)
        label = self.scan.lowered(lo, start)
        hits = self.hits
        if not worded and (
            hits.negative_in(lo, start) if hits is not None else NEGATIVE.search(label) is not None
        ):
            return 0.0
        if intl:
            number = _parse("+" + (digits if plus else digits[2:]), None)
            if number is None or len(digits) > 17:
                return 0.0
            if phonenumbers.is_valid_number(number):
                return 0.9
            return 0.7 if phonenumbers.is_possible_number(number) or worded else 0.0
        shaped = _SHAPED.fullmatch(surface) is not None or (
            surface != digits and len(digits) >= 8 and self._contact_line(start, end)
        )
        if not worded and not shaped:
            return 0.0
        regions = [r for pattern, rs in _HINTS if pattern.search(label) for r in rs]
        possible = False
        for region in (*regions, *REGIONS):
            if not may_be_valid(digits, region):
                continue
            number = _parse(digits, region)
            if number is None:
                continue
            if phonenumbers.is_valid_number(number):
                return 0.85
            possible = possible or phonenumbers.is_possible_number(number)
        if worded:
            return 0.6 if len(digits) >= 7 else 0.0
        # A trunk-prefix layout ("07700 900814") is a phone even in a range no plan lists yet.
        trunk = possible and 10 <= len(digits) <= 12 and _TRUNK.fullmatch(surface) is not None
        return 0.6 if trunk else 0.0

    def _contact_line(self, start: int, end: int) -> bool:
        """The value is a whole item of a line that also holds an e-mail address: a letterhead
        (``0151 61260601 | jane@…``) or a contact row."""
        text = self.scan.text
        lo = text.rfind("\n", 0, start) + 1
        hi = text.find("\n", end)
        hi = len(text) if hi == -1 else hi
        if _ITEM_BEFORE.search(text, lo, start) is None or _ITEM_AFTER.match(text, end, hi) is None:
            return False
        return text.find("@", lo, hi) != -1


class PhoneRecognizer(Recognizer):
    """Phone numbers: international or national, validated per region, gated by context."""

    name: ClassVar[str] = "pii.phone"
    types: ClassVar[frozenset[str]] = frozenset({"PHONE"})

    def find(self, text: str) -> list[Finding]:
        phones = PhoneScan(TextScan(text))
        out: list[Finding] = []
        done = 0
        mapped = class_map(text)
        for region in REGION.finditer(mapped):
            if mapped.count(b"0", region.start(), region.end()) < 6:
                continue  # a candidate holds six digits or more
            lo = max(done, region.start() - _LEAD)
            done = region.end()
            phones.find(lo, done, out)
        return out
