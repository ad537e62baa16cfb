"""E-mail addresses, plain or spelled out ("jane (dot) doe at example dot org").

Plain addresses are found from their ``@``: the domain is matched forward from it and the local
part walked back, so the cost is one ``str.find`` pass plus work per ``@`` (a regex that starts
at every word would be quadratic on long tokens). Spelled-out addresses are found from their
"at" marker the same way, with a reversed pattern for the local part; a bare " at " counts only
when the domain also spells out a dot and ends in a known top-level domain, so "meet at
example.com" stays prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.pii.literals import hits, lowered, register
from ferryman.detection.recognizer import Recognizer

__all__ = ["EmailRecognizer"]

_DOMAIN = re.compile(
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![A-Za-z0-9\-])"
)
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")

_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9_+\-]*[A-Za-z0-9])?"
_OPEN, _CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
_DOT_WORDS = r"(?:dot|punkt|point|punto|ponto|punt)"
_DOT = rf"(?:\s*{_OPEN}\s*{_DOT_WORDS}\s*{_CLOSE}\s*|\s+{_DOT_WORDS}\s+|[ \t]\.[ \t]|\.)"
_SPELLED_DOT = re.compile(rf"{_OPEN}|\s{_DOT_WORDS}\s|\s\.\s", re.IGNORECASE)
_AT = re.compile(
    rf"\s*{_OPEN}\s*(?:at|@|arobase|chez|ad)\s*{_CLOSE}\s*|\s+(?P<bare>at|arobase)\s+",
    re.IGNORECASE,
)
# Literals one of which every "at" marker holds, found in one Aho-Corasick pass over the
# lower-cased text (``_AT`` starts with ``\s*`` and, run over the text, is tried at every
# position; 19 ``str.find`` passes cost ~4x the automaton).
_AT_LITERALS = (
    " at", "\tat", "\nat", "(at", "[at", "{at", "<at", "(@", "[@", "{@", "<@",
    "arobase", "chez", "(ad", "[ad", "{ad", "<ad", " ad", "\tad", "\nad", "\rat", "\rad", "@",
)  # fmt: skip
register("email.at", _AT_LITERALS)
_OPENERS = frozenset("[({<")
_SPELLED_DOMAIN = re.compile(rf"{_WORD}(?:{_DOT}{_WORD})*{_DOT}(?P<tld>[A-Za-z]{{2,24}})\b", re.I)
# The local part, matched on the reversed text before the "at" marker.
_REV_DOT = (
    rf"(?:\s*{_CLOSE}\s*(?:tod|tknup|tniop|otnup|otnop|tnup)\s*{_OPEN}\s*"
    r"|\s+(?:tod|tknup|tniop|otnup|otnop|tnup)\s+|[ \t]\.[ \t]|\.)"
)
_REV_LOCAL = re.compile(rf"{_WORD}(?:{_REV_DOT}{_WORD})*", re.IGNORECASE)
_TLDS = (
    "com org net edu gov mil int info biz io co ai app dev me eu uk de fr es it nl be ch at pt "
    "pl se dk fi no ie ca au in br us mx jp cn ru lu gr cz sk hu ro bg hr si lt lv ee nz za "
    "online email mail cloud tech test example invalid local localhost shop store site web "
    "xyz top name pro mobi asia tv cc ws gg is ai"
)
_COMMON_TLDS = frozenset(_TLDS.split())
_MARKERS = ("(at", "[at", "{at", "<at", " at ", "(@", "[@", "arobase")


# The userinfo of a URL: ``user:password`` right after ``scheme://``, no whitespace or path.
_USERINFO = re.compile(r"[^\s/?#:]*:[^\s/?#]*")


def _credentials(text: str, start: int, at: int) -> bool:
    """``scheme://user:password@host``: the password is a secret, not a mailbox."""
    if start > 0 and text[start - 1] == ":" and "://" in text[max(0, start - 200) : start]:
        return True
    scheme = text.rfind("://", max(0, at - 256), at)
    return scheme != -1 and _USERINFO.fullmatch(text, scheme + 3, at) is not None


def _marker_starts(text: str, pos: int) -> tuple[int, int]:
    """Where ``_AT`` may start a match for a marker whose word (or bracket) is at ``pos``:
    before the whitespace in front of it, and before an opening bracket and its whitespace."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    bare = pos
    if pos > 0 and text[pos - 1] in _OPENERS:
        pos -= 1
        while pos > 0 and text[pos - 1].isspace():
            pos -= 1
    return bare, pos


class EmailRecognizer(Recognizer):
    """E-mail addresses: the literal form and spelled-out "at"/"dot" forms."""

    name: ClassVar[str] = "pii.email"
    types: ClassVar[frozenset[str]] = frozenset({"EMAIL"})

    def find(self, text: str) -> list[Finding]:
        return self.scan(text, lowered(text))

    def scan(self, text: str, lower: str) -> list[Finding]:
        """Findings in ``text``; ``lower`` is ``text.lower()`` (shared with the other scans)."""
        out = list(self._plain(text)) if "@" in text else []
        if len(lower) == len(text):  # lower-casing kept the offsets (it nearly always does)
            out.extend(self._spelled(text, self._markers(text, lower)))
        elif any(marker in lower for marker in _MARKERS):
            out.extend(self._spelled(text, _AT.finditer(text)))
        return out

    def _plain(self, text: str) -> Iterator[Finding]:
        at = text.find("@")
        while at != -1:
            m = _DOMAIN.match(text, at)
            start = at
            while start > 0 and at - start < 64 and text[start - 1] in _LOCAL_CHARS:
                start -= 1
            while start < at and text[start] in ".-":
                start += 1
            if m is not None and start < at and not _credentials(text, start, at):
                yield Finding(start, m.end(), "EMAIL", 1.0, self.name)
                at = text.find("@", m.end())
            else:
                at = text.find("@", at + 1)

    def _markers(self, text: str, lower: str) -> Iterator[re.Match[str]]:
        """The matches of ``_AT.finditer(text)``, tried only where a marker literal stands."""
        starts: set[int] = set()
        for index, hit in hits(text, "email.at"):
            starts.update(_marker_starts(text, hit + (_AT_LITERALS[index][0] in " \t\n\r")))
        done = tried = -1
        for lo in sorted(starts):
            lo = max(lo, done)  # finditer resumes where its last match ended
            if lo <= tried:
                continue
            tried = lo
            at = _AT.match(text, lo)
            if at is not None:
                done = at.end()
                yield at

    def _spelled(self, text: str, markers: Iterator[re.Match[str]]) -> Iterator[Finding]:
        for at in markers:
            dom = _SPELLED_DOMAIN.match(text, at.end())
            if dom is None:
                continue
            if at.group("bare") is not None and (
                dom.group("tld").lower() not in _COMMON_TLDS
                or _SPELLED_DOT.search(dom.group()) is None
            ):
                continue
            lo = max(0, at.start() - 96)
            local = _REV_LOCAL.match(text[lo : at.start()][::-1])
            if local is None:
                continue
            yield Finding(at.start() - local.end(), dom.end(), "EMAIL", 0.9, self.name)
