"""IP addresses (v4 and v6), validated with :mod:`ipaddress`.

Four dotted numbers are also how versions and OIDs look, so a v4 candidate is dropped when a
version word stands right before it ("version 1.2.3.4", "v1.2.3.4", "==1.2.3.4", "build") or when
it is one part of a longer dotted run. v6 candidates need at least two colons and a digit and
must parse, so clock times (``09:06:37``), MAC addresses and ``Foo::bar`` stay untouched.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.pii.classes import class_map
from ferryman.detection.pii.context import before
from ferryman.detection.recognizer import Recognizer

__all__ = ["IpRecognizer"]

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_V4 = re.compile(
    rf"\d(?<![\w.\-]\d)\d{{0,2}}\.(?:{_OCTET}\.){{2}}{_OCTET}(?:/(?:3[0-2]|[12]?\d)(?!\d))?"
    r"(?![\w\-]|\.\w)"
)
# Gate for v6: two colons around a hex group, or "::" (clock times have one pair at most).
_V6_GATE = re.compile(r"::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:")
_V6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:|:)(?:[0-9A-Fa-f]{0,4}:){1,7}"
    r"(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?:%[\w.]+)?(?:/\d{1,3})?"
)
_VERSION = re.compile(
    r"(?:\bv|\bver\.?|version|release[sd]?|\brel\.?|\bbuild|firmware|\bfw|\bsdk|\bpatch|update|"
    r"upgrade[sd]?(?:\s+to)?|==|~=|>=|<=|@|\bos|\bkernel|\boid|\bbump(?:s|ed|ing)?(?:\s+to)?|"
    r"\bships?\s+with|\bshipped\s+with|\bbundles?|\bbundled\s+with|\btag(?:ged)?|\brev(?:ision)?|"
    r"\bchangelog|\bmilestone|\bpin(?:ned)?\s+to|\bdowngrade[sd]?(?:\s+to)?|\brollback\s+to|"
    r"\bversie|\bversione|\bversi[óo]n)[\s:=#]*$"
)
_HEXDIGIT = re.compile(r"\d")
# Where v4 addresses may start: runs of digits, dots and slashes on the class map
# (:mod:`.classes`: a literal lead, skipped to in C; _V4 itself is led by a digit class).
_V4_REGION = re.compile(rb"0[0./]{6,}")


class IpRecognizer(Recognizer):
    """IPv4 and IPv6 addresses, with CIDR suffixes, outside version and OID contexts."""

    name: ClassVar[str] = "pii.ip"
    types: ClassVar[frozenset[str]] = frozenset({"IP_ADDRESS"})

    def find(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        if "." in text:
            for region in _V4_REGION.finditer(class_map(text)):
                self.v4_in(text, region.start(), region.end(), out)
        if _V6_GATE.search(text) is not None:
            out.extend(self.v6(text))
        return out

    @classmethod
    def v4_in(cls, text: str, lo: int, hi: int, out: list[Finding]) -> None:
        """IPv4 addresses starting in ``[lo, hi)``, a span that ends before a character that
        is none of the address's (digits, dots, a slash): the look-ahead sees two past it."""
        for m in _V4.finditer(text, lo, min(len(text), hi + 2)):
            if int(m.group().split(".", 1)[0]) > 255:
                continue
            if _VERSION.search(before(text, m.start(), 24).lower()) is None:
                out.append(Finding(m.start(), m.end(), "IP_ADDRESS", 0.9, cls.name))

    @staticmethod
    def has_v6(text: str) -> bool:
        """Cheap necessary condition for an IPv6 address."""
        return _V6_GATE.search(text) is not None

    def v6(self, text: str) -> Iterator[Finding]:
        size = len(text)
        for m in _V6.finditer(text):
            start, end = m.span()
            value = m.group()
            if value.endswith(":") and not value.endswith("::"):
                value, end = value[:-1], end - 1
            if end < size and (text[end].isalnum() or text[end] == "_"):
                continue
            if value.count(":") < 2 or _HEXDIGIT.search(value) is None:
                continue
            groups = [g for g in value.split("/")[0].split("%")[0].split(":") if g]
            if len(groups) < 2 and value != "::1":
                continue
            try:
                ipaddress.ip_interface(value.split("%")[0])
            except ValueError:
                continue
            yield Finding(start, end, "IP_ADDRESS", 0.9, self.name)
