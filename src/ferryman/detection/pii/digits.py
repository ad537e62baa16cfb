"""Digit runs: one scan finds every number-shaped value, then validators decide what it is.

Cards and numeric national IDs are digits broken up by spaces, dots, dashes, slashes or a line
break ("4338\\n6392 4372 5389", "1.7.0.0.6.2.8.0.8.5.9.7.0.0.3", "48 275 609 185"). One regex finds
the maximal run, its digit groups give candidate windows aligned on group boundaries, and a
window becomes a finding only when a :class:`DigitSpec` validates it (checksum, IIN range, date)
and, for weak checksums, a context word stands nearby. Scanning once for all specs keeps the
cost to a single pass over the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ferryman.core.finding import Finding
from ferryman.detection.pii.classes import class_map
from ferryman.detection.pii.context import TextScan, after_end, before_start, in_code
from ferryman.detection.pii.fields import field_label
from ferryman.detection.pii.literals import register

__all__ = ["DigitSpec", "SpecIndex", "runs_in", "scan_digit_runs"]

_SEP = r"(?:[ \t]{0,2}[.\-/][ \t]{0,2}|[ \t]{1,3}|[ \t]*\r?\n[ \t]*)"
# Not inside a token (order "SO123", path "/orders/123", "#123", "$12", "ORD-2024-..", "v1.2").
_RUN = re.compile(rf"(?<![\w#/$€£%+])(?<!\w[-.])\d(?:{_SEP}?\d)*")
_GROUP = re.compile(r"\d+")
# Cheap prefilter: a run of digits and separators long enough for the shortest spec, on the
# class map (:mod:`.classes`: led by a literal, skipped to in C); the exact run pattern then
# only runs inside these regions.
_REGION = re.compile(rb"0[0 \t.\-/\r\n]{7,}")
_ISO_DATE = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d(?![\d-])")


@dataclass(frozen=True, slots=True)
class DigitSpec:
    """How to recognise one numeric type: its lengths, its validator and when context is needed.

    ``context`` (lower-case pattern) is required near the value unless ``shape`` matches the
    value's surface form exactly (e.g. ``123-45-6789`` is an SSN layout on its own), or ``keys``
    matches the value's field: its JSON/YAML key or its CSV/table column header (``taxId``,
    ``national_id``), wherever that header stands. ``veto(digits, surface)`` rejects a valid
    value that another kind of number explains better (an EAN-13 barcode, an order number).
    ``stems`` (lower-case literals, one inside every ``context`` match) let a run skip the
    context search when none stands near it (one shared Aho-Corasick pass finds them).
    """

    type: str
    lengths: frozenset[int]
    validate: Callable[[str], bool]
    context: re.Pattern[str] | None = None
    shape: re.Pattern[str] | None = None
    score: float = 1.0
    keys: re.Pattern[str] | None = None
    veto: Callable[[str, str], bool] | None = None
    stems: tuple[str, ...] = ()


class SpecIndex:
    """Specs grouped by length, built once at import so a window only meets specs of its size."""

    __slots__ = ("by_length", "hi", "lo")

    def __init__(self, specs: Sequence[DigitSpec]):
        self.by_length: dict[int, tuple[DigitSpec, ...]] = {}
        for spec in specs:
            if spec.stems:
                register(f"digits.{spec.type}", spec.stems)
            for n in spec.lengths:
                self.by_length[n] = (*self.by_length.get(n, ()), spec)
        self.lo = min(self.by_length)
        self.hi = max(self.by_length)


def _valid(spec: DigitSpec, digits: str) -> bool:
    try:
        return spec.validate(digits)
    except ValueError:  # stdnum raises on values it cannot even parse
        return False


def scan_digit_runs(text: str, index: SpecIndex, name: str) -> list[Finding]:
    """Findings for every window of every digit run that one of the indexed specs validates."""
    scan = TextScan(text)
    out: list[Finding] = []
    mapped = class_map(text)
    for region in _REGION.finditer(mapped):
        if mapped.count(b"0", region.start(), region.end()) >= index.lo:  # enough digits
            runs_in(scan, region.start(), region.end(), index, name, out)
    return out


def runs_in(
    scan: TextScan, lo: int, hi: int, index: SpecIndex, name: str, out: list[Finding]
) -> None:
    """Findings of the digit runs inside ``[lo, hi)`` (any span that holds whole runs)."""
    text = scan.text
    size = scan.size
    for m in _RUN.finditer(text, lo, hi):
        start, end = m.span()
        if end - start < index.lo or (end < size and (text[end].isalnum() or text[end] == "_")):
            continue
        if in_code(text, start):
            continue
        _windows(scan, start, end, index, name, out)


def _windows(
    scan: TextScan, start: int, end: int, index: SpecIndex, name: str, out: list[Finding]
) -> None:
    """Findings for the windows of one run aligned on its digit groups."""
    text = scan.text
    groups = [(g.start(), g.end()) for g in _GROUP.finditer(text, start, end)]
    context = ""  # the run's line around it, lower-cased once and only when a spec needs it
    worded: dict[str, bool] = {}  # spec type -> its context word stands near the run
    field: tuple[int, str] | None = None  # (window start, its key or column header)
    skip_to = start
    for i in range(len(groups)):
        if groups[i][0] < skip_to:
            continue
        date = _ISO_DATE.match(text, groups[i][0])
        if date is not None:  # a timestamp's date is never the start of a card or an ID
            skip_to = date.end()
            continue
        digits = ""
        for j in range(i, len(groups)):
            digits += text[groups[j][0] : groups[j][1]]
            if len(digits) > index.hi:
                break
            specs = index.by_length.get(len(digits))
            if specs is None:
                continue
            ws, we = groups[i][0], groups[j][1]
            for spec in specs:
                if spec.context is not None:
                    ok = worded.get(spec.type)
                    if (
                        ok is None
                        and spec.stems
                        and not scan.near_literal(f"digits.{spec.type}", start, end)
                    ):
                        ok = worded[spec.type] = False
                    if ok is None:
                        if not context:
                            context = (
                                f"{scan.lowered(before_start(text, start), start)} | "
                                f"{scan.lowered(end, after_end(text, end))}"
                            )
                        ok = worded[spec.type] = spec.context.search(context) is not None
                    if not ok and (
                        spec.shape is None or spec.shape.fullmatch(text, ws, we) is None
                    ):
                        if spec.keys is None:
                            continue
                        # the label first (a few character tests), the checksum below
                        if field is None or field[0] != ws:
                            field = (ws, field_label(text, ws, we) or "")
                        if spec.keys.search(field[1]) is None:
                            continue
                if _valid(spec, digits) and (
                    spec.veto is None or not spec.veto(digits, text[ws:we])
                ):
                    out.append(Finding(ws, we, spec.type, spec.score, name))
                    break
