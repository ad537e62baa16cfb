"""Encoded values: percent-encoded runs (``%XX``, ``+`` for a space) and base64-encoded e-mails.

``user=eileen91%40mail.example.net`` and ``%2B33%20%280%293%2090...`` hide an e-mail address and
a phone number from every pattern that reads the text as it is. Only runs that contain a
percent escape are decoded (``'%' in text`` skips the rest), each with an offsets table so a
finding covers exactly the encoded characters that spell the value. The query key in front of
a run (``bsn=``, ``phone=``) is handed to the inner recognizers as a label ("bsn: ..."), so IDs
that need a context word are found too.

Base64: a token of 16+ base64 characters that decodes to UTF-8 text holding an ``@`` is handed
to the e-mail recognizer; a finding covers the whole token. Finding the tokens is one scan over
the text (~13 ms/MB on the dev machine); everything after it runs only per token.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.normalize import fold
from ferryman.detection.pii.contact import EmailRecognizer
from ferryman.detection.pii.dates import DateOfBirthRecognizer
from ferryman.detection.pii.financial import IbanRecognizer
from ferryman.detection.pii.national_ids import AlnumIdRecognizer
from ferryman.detection.pii.numeric import NumericRecognizer
from ferryman.detection.pii.phone import PhoneRecognizer
from ferryman.detection.recognizer import Recognizer

__all__ = ["Base64EmailRecognizer", "PercentEncodedRecognizer", "percent_decode"]

_RUN = re.compile(r"[^\s\"'<>&?=]*%[0-9A-Fa-f]{2}[^\s\"'<>&?=]*")
# Where runs are looked for: at a "%XX" escape (literal-led, skipped to in C). _RUN itself,
# led by a negated class, is tried at every position of the text.
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")
_RUN_STOP = frozenset(" \t\n\r\f\v\"'<>&?=")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})|(\+)")
_QUERY_KEY = re.compile(r"([A-Za-z_][\w.\-\[\]]{0,30})=$")
_B64_MAX = 512
_B64_MIN = 16
# Base64 tokens are found on a one-byte-per-character class map of the text: base64 characters
# become "a", everything else " " (non-ASCII first becomes "?" so offsets stay put); a run of 16
# "a" is then a ``bytes.find``. A regex for the tokens is tried at nearly every position of
# prose (each word is a few base64 characters), ~6x the cost of the map.
_B64_CLASS = bytes(
    0x61 if chr(i).isascii() and (chr(i).isalnum() or chr(i) in "+/") else 0x20 for i in range(256)
)
_B64_RUN = b"a" * _B64_MIN


def _b64_tokens(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the runs of 16+ base64 characters (``[A-Za-z0-9+/]{16,}={0,2}``)."""
    classes = text.encode("ascii", "replace").translate(_B64_CLASS)
    size = len(classes)
    start = classes.find(_B64_RUN)
    while start != -1:
        end = classes.find(b" ", start + _B64_MIN)
        if end == -1:
            end = size
        stop = end
        while stop < size and stop - end < 2 and text[stop] == "=":
            stop += 1
        yield start, stop
        start = classes.find(_B64_RUN, stop)


def percent_decode(run: str, plus: bool = False) -> tuple[str, list[int]]:
    """Decode ``%XX`` escapes (and ``+`` as a space when ``plus``) with an offsets table.

    Consecutive escapes that spell UTF-8 are decoded as UTF-8 ("%EF%BC%91" is the full-width
    digit one, "%D9%A3" the Arabic-Indic three), others byte by byte as Latin-1.
    ``offsets[i]`` is the index in ``run`` where decoded character ``i`` starts; the table has
    one extra entry, ``len(run)``.
    """
    chars: list[str] = []
    offsets: list[int] = []
    escapes = list(_ESCAPE.finditer(run))
    pos = i = 0
    while i < len(escapes):
        m = escapes[i]
        if m.group(1) is None and not plus:
            i += 1
            continue
        chars.extend(run[pos : m.start()])
        offsets.extend(range(pos, m.start()))
        if m.group(1) is None:  # "+", a space in a query string
            chars.append(" ")
            offsets.append(m.start())
            pos, i = m.end(), i + 1
            continue
        raw, starts, end = bytearray(), [], m.start()
        while i < len(escapes) and escapes[i].group(1) is not None and escapes[i].start() == end:
            raw.append(int(escapes[i].group(1), 16))
            starts.append(escapes[i].start())
            end = escapes[i].end()
            i += 1
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
            widths = [1] * len(text)
        else:
            widths = [len(ch.encode("utf-8")) for ch in text]
        k = 0
        for ch, width in zip(text, widths, strict=True):
            chars.append(ch)
            offsets.append(starts[k])
            k += width
        pos = end
    chars.extend(run[pos:])
    offsets.extend(range(pos, len(run)))
    offsets.append(len(run))
    return "".join(chars), offsets


def _runs(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_RUN.finditer(text)``, started from the escapes: a run is the maximal
    token around its first escape."""
    done = 0
    for escape in _PCT.finditer(text):
        if escape.start() < done:
            continue
        start = escape.start()
        while start > done and text[start - 1] not in _RUN_STOP and not text[start - 1].isspace():
            start -= 1
        m = _RUN.match(text, start)
        if m is not None:
            done = m.end()
            yield m


class PercentEncodedRecognizer(Recognizer):
    """Personal data written percent-encoded (in URLs, logs, query strings)."""

    name: ClassVar[str] = "pii.percent_encoded"
    types: ClassVar[frozenset[str]] = frozenset(
        {"EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "DATE_OF_BIRTH"}
        | NumericRecognizer.types
        | AlnumIdRecognizer.types
    )

    def __init__(self) -> None:
        self._inner: tuple[Recognizer, ...] = (
            EmailRecognizer(),
            PhoneRecognizer(),
            NumericRecognizer(),
            AlnumIdRecognizer(),
            IbanRecognizer(),
            DateOfBirthRecognizer(),
        )

    def find(self, text: str) -> Iterator[Finding]:
        if "%" not in text:
            return
        for m in _runs(text):
            value, offsets = percent_decode(m.group(), plus=True)
            # the decoded value gets the evasion folding the text itself got (full-width or
            # Arabic-Indic digits, invisible characters inside the escapes)
            folded = fold(value)
            key = _QUERY_KEY.search(text, max(0, m.start() - 32), m.start())
            # the key as a label in front of the value ("bsn: 1234...") for context-gated IDs
            prefix = f"{key.group(1)}: " if key is not None else ""
            decoded = prefix + folded.text
            base = m.start()
            for recognizer in self._inner:
                for f in recognizer.find(decoded):
                    lo, hi = f.start - len(prefix), f.end - len(prefix)
                    if hi <= 0:
                        continue
                    lo, hi = folded.span(max(0, lo), hi)
                    start = base + offsets[lo]
                    end = base + offsets[hi] if hi < len(value) else m.end()
                    yield Finding(start, end, f.type, f.score, self.name)


class Base64EmailRecognizer(Recognizer):
    """E-mail addresses written base64-encoded (``"email": "amFuZUBleGFtcGxlLmNvbQ=="``)."""

    name: ClassVar[str] = "pii.base64"
    types: ClassVar[frozenset[str]] = frozenset({"EMAIL"})

    def __init__(self) -> None:
        self._email = EmailRecognizer()

    def find(self, text: str) -> Iterator[Finding]:
        size = len(text)
        for start, end in _b64_tokens(text):
            if end - start > _B64_MAX or (
                end < size and (text[end].isalnum() or text[end] in "-_")
            ):
                continue
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_"):
                continue
            token = text[start:end]
            try:
                raw = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
            except (binascii.Error, ValueError):
                continue
            if b"@" not in raw:
                continue
            try:
                decoded = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if not decoded.isprintable():
                continue
            if any(True for _ in self._email.find(decoded)):
                yield Finding(start, end, "EMAIL", 0.9, self.name)
