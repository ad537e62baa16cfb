"""Encoded payloads: find candidates cheaply, decode them, and hand the text back for a rescan.

Decoding everything would cost a pass per encoding over every text, so each decoder has a
gate that a benign text almost never passes: a whitespace-delimited run of 20+ characters for
base64 (24+ for hex), ``\\x``/``0x``/``%`` escapes, eight two-digit hex-pair words for spaced
hex, five distinct single-letter words for letter spacing, a rot13-encoded keyword
(``vtaber`` is "ignore"), a reversed keyword, a letter next to a digit for leetspeak, and
Unicode tag characters (U+E0000-E007F, which fold() deletes, so they are read from the
original text). The word gates are looked up in the word set of the scanner's one
Aho-Corasick pass (:data:`GATE_WORDS` lists what that pass must report); none of them costs
a pass of its own over a benign text.

Only payloads that decode to printable text are returned; the caller rescans them with the
same features and reports the *encoded* span, because that is what a ``strip`` must remove.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal
from urllib.parse import unquote

__all__ = ["GATE_WORDS", "Decoded", "encoded_payloads", "tag_payloads", "whole_text_variants"]

MAX_PAYLOADS: Final = 8
MAX_RUN: Final = 65536
_TOUCH_WINDOWS: Final = 8


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and the ``[start, end)`` span it came from (folded or original coords)."""

    kind: Literal["base64", "hex", "url", "spaced", "tags", "rot13", "leet", "reversed"]
    start: int
    end: int
    text: str


_B64: Final = re.compile(r"(?<![\w+/=-])[A-Za-z0-9+/_-]{20,}={0,2}")
_HEX: Final = re.compile(
    r"(?<![0-9a-f])(?:[0-9a-f]{2}){12,}(?![0-9a-f])|(?:\\x[0-9a-f]{2}){6,}"
    r"|(?:0x[0-9a-f]{2}[\s,]*){6,}|(?:[0-9a-f]{2}[ :,-]){8,}[0-9a-f]{2}"
)
_HEX_SPACED: Final = re.compile(r"(?:[0-9a-f]{2}[\s:,-]){8}")
#: the hex pairs of printable ASCII (every one starts with a digit 2-7): what spaced hex is made of
_HEX_PAIRS: Final = frozenset(f"{i:02x}" for i in range(0x20, 0x80))
_URLENC: Final = re.compile(r"(?:%[0-9a-f]{2}[^%\s]{0,3}){6,}")
_SPACED: Final = re.compile(r"\b[a-z](?:(?:[ .\-_*]|\s{2,4})[a-z]\b){5,}")
_SPACED_SEP: Final = re.compile(r"\s{2,}|\s*/\s*")
_SPACED_DROP: Final = re.compile(r"[ .\-_*]")
_TAGS: Final = re.compile("[\U000e0000-\U000e007f]{4,}")
_NOT_HEX: Final = re.compile(r"[^0-9a-f]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")

_LETTERS: Final = frozenset("abcdefghijklmnopqrstuvwxyz")
_MIXED: Final = re.compile(r"\b(?=[a-z]*\d)(?=\d*[a-z])\w+")
#: byte classes for the cheap gates: a base64-alphabet byte (1) or not (0); a lower-case
#: letter (a), a digit (1) or anything else (space)
_RUN_BYTES: Final = bytes(
    int(b < 128 and (chr(b).isalnum() or chr(b) in "+/_-")) for b in range(256)
)
_RUN20: Final = b"\x01" * 20
_LD_BYTES: Final = bytes(97 if 97 <= b <= 122 else 49 if 48 <= b <= 57 else 32 for b in range(256))
#: word characters (as ``\\w`` reads Latin-1) -> "w", anything else -> a space
_WORD_BYTES: Final = bytes(0x77 if (chr(b).isalnum() or b == 0x5F) else 0x20 for b in range(256))
_SPACED_PAIRS: Final = (b" a a ", b" a  a ", b" a   a ", b" a    a ")
_URLSAFE: Final = bytes.maketrans(b"-_", b"+/")
_HEX24: Final = re.compile(r"[0-9a-f]{24}")
_KEYWORDS: Final = (
    "ignore disregard forget previous instructions instruction system prompt rules reveal "
    "password secret assistant override jailbreak pretend"
)
_ROT13_GATE: Final = frozenset(codecs.encode(_KEYWORDS, "rot13").split()) | {"rot13", "rot"}
_REVERSED_GATE: Final = frozenset(w[::-1] for w in _KEYWORDS.split())
_LEET: Final = str.maketrans("013457@$!|8", "oieastasilb")
_LEET_L: Final = str.maketrans("013457@$!|8", "olea stasilb".replace(" ", ""))
#: every word a decoder gate looks up: the scanner's token pass must report these
GATE_WORDS: Final[frozenset[str]] = _ROT13_GATE | _REVERSED_GATE | _HEX_PAIRS | _LETTERS | {"hex"}


def _printable(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(text) < 8:
        return None
    good = len(text) - len(_CONTROL.findall(text))  # count the rare ones, not every character
    letters = sum(c.isalpha() for c in text)
    if good < 0.95 * len(text) or letters < 0.5 * len(text) or " " not in text:
        return None
    return text


def _spaced_letters(low: str) -> bool:
    """Whether two one-letter words stand one to four separators apart, as the first two
    letters of every letter-spaced payload do: one byte map and four substring tests, where
    :data:`_SPACED` alone is tried at every position of the text."""
    classes = b" " + low.encode("latin-1", "replace").translate(_LD_BYTES) + b" "
    return any(pair in classes for pair in _SPACED_PAIRS)


def _b64(run: str) -> str | None:
    """``base64.b64decode(run, altchars=b"-_" if URL-safe, validate=True)``, straight to
    ``binascii`` (the wrapper is interpreted Python around the same call)."""
    run = run.rstrip("=")
    run += "=" * (-len(run) % 4)
    data = run.encode("ascii", "replace")
    if b"-" in data or b"_" in data:
        data = data.translate(_URLSAFE)
    try:
        raw = binascii.a2b_base64(data, strict_mode=True)
    except (binascii.Error, ValueError):
        return None
    return _printable(raw)


def _hex(run: str) -> str | None:
    digits = _NOT_HEX.sub("", run.replace("0x", "").replace("\\x", ""))
    if len(digits) % 2:
        return None
    return _printable(bytes.fromhex(digits))


def encoded_payloads(folded: str, low: str, words: frozenset[str]) -> list[Decoded]:
    """Base64, hex, percent-encoded and letter-spaced payloads (spans in folded coords).

    The gates come first and cost no regex: a benign text usually returns here.
    """
    # one byte per character (anything beyond Latin-1 is "?", not in the alphabet): offsets
    # carry over, and the runs are found with bytes.find instead of a regex that re-reads
    # every word up to 20 characters at every position
    runs = low.encode("latin-1", "replace").translate(_RUN_BYTES)
    long_run = _RUN20 in runs
    if not (
        long_run
        or "\\x" in low
        or "0x" in low
        or low.count("%") >= 6  # a percent-encoded payload has six escapes or more
        or "hex" in words
        or len(words & _HEX_PAIRS) >= 3
        or len(words & _LETTERS) >= 5
    ):
        return []
    return list(_encoded(folded, low, words, runs if long_run else None))


def _run_end(runs: bytes, start: int) -> int:
    """Where the alphabet run at ``start`` ends."""
    stop = runs.find(b"\x00", start)
    return len(runs) if stop == -1 else stop


def _encoded(
    folded: str, low: str, words: frozenset[str], low_runs: bytes | None
) -> Iterator[Decoded]:
    """``low_runs``: the base64-alphabet byte map of ``low`` when it holds a long run."""
    found = 0
    long_run = low_runs is not None
    # base64 is read on the folded text (letter case matters); accents are not in the alphabet
    runs = folded.encode("latin-1", "replace").translate(_RUN_BYTES) if long_run else b""
    run = runs.find(_RUN20) if long_run else -1
    while run != -1:  # hop from long run to long run: the text between costs nothing
        m = _B64.match(folded, run)
        if m is None:  # a run glued to a word (the look-behind): skip the whole run
            run = runs.find(_RUN20, _run_end(runs, run))
            continue
        payload = m.group()
        run = runs.find(_RUN20, m.end())
        # an all-lower-case run of letters is a word or a path, never base64 of a sentence; a
        # run of one case or without digits still may be (an attacker picks the letter cases
        # and spacing of the text it encodes), so it is decoded
        if len(payload) > MAX_RUN or (payload.isalpha() and payload.islower()):
            continue
        text = _b64(payload)
        if text is not None:
            found += 1
            yield Decoded("base64", m.start(), m.end(), text)
            if found >= MAX_PAYLOADS:
                return
    if (
        "\\x" in low
        or "0x" in low
        or "hex" in words
        # spaced hex of text is a run of two-digit pair words: a set test first
        or (len(words & _HEX_PAIRS) >= 3 and _HEX_SPACED.search(low))
    ):
        spans: list[tuple[int, int]] = [(0, len(low))]
    elif low_runs is not None:  # only plain runs are left: long runs holding 24 hex digits,
        # read on the prepared text (accents stripped: "é" and "à" are hex digits there, and
        # would break the folded runs), hopping from long run to long run
        spans = []
        at = low_runs.find(_RUN20)
        while at != -1:
            stop = _run_end(low_runs, at)
            if _HEX24.search(low, at, stop) is not None:
                spans.append((at, stop))
            at = low_runs.find(_RUN20, stop)
    else:
        spans = []
    for start, stop in spans:
        for m in _HEX.finditer(low, start, stop):
            text = _hex(m.group()) if len(m.group()) <= MAX_RUN else None
            if text is not None:
                found += 1
                yield Decoded("hex", m.start(), m.end(), text)
                if found >= MAX_PAYLOADS:
                    return
    if low.count("%") >= 6:
        for m in _URLENC.finditer(low):
            text = unquote(m.group())
            if _printable(text.encode()) is not None:
                yield Decoded("url", m.start(), m.end(), text)
    if len(words & _LETTERS) >= 5 and _spaced_letters(low):
        for m in _SPACED.finditer(low):
            collapsed = _SPACED_DROP.sub("", _SPACED_SEP.sub("\x00", m.group())).replace(
                "\x00", " "
            )
            yield Decoded("spaced", m.start(), m.end(), collapsed)


def whole_text_variants(low: str, words: frozenset[str], gates: frozenset[str]) -> list[Decoded]:
    """Length-preserving rewrites of the whole text: rot13, leetspeak, reversed.

    Leetspeak is tried only when a word mixing letters and digits decodes to one of the
    feature ``gates`` words ("1gn0r3" → "ignore"), so "4th" and "mp3" cost nothing; whether a
    digit touches a letter at all is one ``bytes.translate`` and two substring tests.
    """
    rot13 = not words.isdisjoint(_ROT13_GATE)
    reverse = not words.isdisjoint(_REVERSED_GATE)
    # one byte per character (anything outside Latin-1 becomes "?"), so offsets carry over
    classes = low.encode("latin-1", "replace").translate(_LD_BYTES)
    touching = _touching(classes)
    if not (rot13 or reverse or touching):
        return []
    return list(_variants(low, gates, rot13, reverse, touching))


def _touching(classes: bytes) -> list[int]:
    """Where a digit touches a letter: where leetspeak words are. Past eight places the list
    ends with -1: the whole text is read for mixed words then (benign "mp3, h264, utf8 ..."
    must not hide a payload after them)."""
    out: list[int] = []
    for pair in (b"a1", b"1a"):
        i = classes.find(pair)
        while i != -1:
            if len(out) >= _TOUCH_WINDOWS:
                return [*out, -1]
            out.append(i)
            i = classes.find(pair, i + 2)
    return out


def _contact_words(low: str, touching: list[int]) -> set[str]:
    """The whole word (run of word characters) around each place a digit touches a letter:
    every mixed word holds such a place, so none is missed, for two ``bytes.find`` a place
    instead of a regex over a window around it."""
    wordish = low.encode("latin-1", "replace").translate(_WORD_BYTES)
    out: set[str] = set()
    for i in touching:
        end = wordish.find(b" ", i)
        out.add(low[wordish.rfind(b" ", 0, i) + 1 : end if end != -1 else len(low)])
    return out


def _variants(
    low: str, gates: frozenset[str], rot13: bool, reverse: bool, touching: list[int]
) -> Iterator[Decoded]:
    if rot13:
        yield Decoded("rot13", 0, len(low), codecs.encode(low, "rot13"))
    if reverse:
        yield Decoded("reversed", 0, len(low), low[::-1])
    # too many places to look at one by one (-1 last): read every mixed word of the text
    many = touching[-1:] == [-1]
    mixed = set(_MIXED.findall(low)) if many else _contact_words(low, touching)
    if mixed and not gates.isdisjoint(
        {w.translate(_LEET) for w in mixed} | {w.translate(_LEET_L) for w in mixed}
    ):
        decoded = low.translate(_LEET)
        if decoded != low:
            yield Decoded("leet", 0, len(low), decoded)
            if "1" in low:
                yield Decoded("leet", 0, len(low), low.translate(_LEET_L))


def tag_payloads(original: str) -> Iterator[Decoded]:
    """ASCII hidden as Unicode tag characters (spans in original coords).

    A flag emoji (U+1F3F4 followed by tag letters) is the one legitimate use, and is skipped.
    """
    for m in _TAGS.finditer(original):
        if m.start() > 0 and original[m.start() - 1] == "\U0001f3f4":
            continue
        text = "".join(chr(ord(c) - 0xE0000) for c in m.group() if 0xE0020 <= ord(c) <= 0xE007E)
        if len(text) >= 4:
            yield Decoded("tags", m.start(), m.end(), text)
