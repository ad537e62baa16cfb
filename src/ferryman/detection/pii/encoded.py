"""URL-encoded values: decode ``%XX`` runs, run the inner recognizers, map findings back.

``user=eileen91%40mail.example.net`` and ``%2B33%20%280%293%2090...`` hide an e-mail address and
a phone number from every pattern that reads the text as it is. Only runs that contain a
percent escape are decoded (``'%' in text`` skips the rest), each with an offsets table so a
finding covers exactly the encoded characters that spell the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.pii.contact import EmailRecognizer
from ferryman.detection.pii.phone import PhoneRecognizer
from ferryman.detection.recognizer import Recognizer

__all__ = ["PercentEncodedRecognizer", "percent_decode"]

_RUN = re.compile(r"[^\s\"'<>&?=]*%[0-9A-Fa-f]{2}[^\s\"'<>&?=]*")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def percent_decode(run: str) -> tuple[str, list[int]]:
    """Decode ``%XX`` escapes (as Latin-1 bytes, UTF-8 when it decodes) with an offsets table.

    ``offsets[i]`` is the index in ``run`` where decoded character ``i`` starts; the table has
    one extra entry, ``len(run)``.
    """
    chars: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _ESCAPE.finditer(run):
        for i in range(pos, m.start()):
            chars.append(run[i])
            offsets.append(i)
        chars.append(chr(int(m.group(1), 16)))
        offsets.append(m.start())
        pos = m.end()
    for i in range(pos, len(run)):
        chars.append(run[i])
        offsets.append(i)
    offsets.append(len(run))
    return "".join(chars), offsets


class PercentEncodedRecognizer(Recognizer):
    """E-mail addresses and phone numbers written percent-encoded (in URLs, logs, query strings)."""

    name: ClassVar[str] = "pii.percent_encoded"
    types: ClassVar[frozenset[str]] = frozenset({"EMAIL", "PHONE"})

    def __init__(self) -> None:
        self._inner: tuple[Recognizer, ...] = (EmailRecognizer(), PhoneRecognizer())

    def find(self, text: str) -> Iterator[Finding]:
        if "%" not in text:
            return
        for m in _RUN.finditer(text):
            decoded, offsets = percent_decode(m.group())
            base = m.start()
            for recognizer in self._inner:
                for f in recognizer.find(decoded):
                    start = base + offsets[f.start]
                    end = base + offsets[f.end] if f.end < len(decoded) else m.end()
                    yield Finding(start, end, f.type, f.score, self.name)
