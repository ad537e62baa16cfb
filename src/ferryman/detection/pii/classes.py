"""A one-byte-per-character class map of a text, shared by the digit-led recognizers.

Phone numbers, cards, numeric and letter-and-digit IDs and IPv4 addresses all start their work
at a run of digits and separators. Found with a ``str`` pattern such as ``\\d[\\d .-]{5,}``, each
run costs a pass in which the regex engine tests every character against a class (~6 ns per
character: ~25 µs per 4 KB, once per recognizer). On the class map the same run is
``0[0 .-]{5,}``: a pattern led by a literal, which the engine skips to like ``memchr``, so a
pass costs about what the text holds in digits, and the map itself is one C-level encode and
``bytes.translate`` (~2 µs per 4 KB), made once per text and shared.

In the map, every ASCII digit is ``0``, every ASCII upper-case letter ``A``, every ASCII
lower-case letter ``a``, the separators people type inside numbers (space, tab, CR, LF and
``.-/()+:,``) stand for themselves, and every other character is ``~``. Offsets are the text's:
one byte per character. The recognizers receive folded text, whose digits are all ASCII
(:mod:`ferryman.detection.normalize` folds other scripts' digits).
"""

from __future__ import annotations

import threading

__all__ = ["class_map", "forget"]

_SEPARATORS = " \t\r\n.-/()+:,"


def _table() -> bytes:
    table = bytearray(b"~" * 256)
    for i in range(128):
        ch = chr(i)
        if "0" <= ch <= "9":
            table[i] = ord("0")
        elif "A" <= ch <= "Z":
            table[i] = ord("A")
        elif "a" <= ch <= "z":
            table[i] = ord("a")
        elif ch in _SEPARATORS:
            table[i] = i
    table[ord("?")] = ord("~")
    return bytes(table)


_TABLE = _table()
_last = threading.local()  # recognizers run one after another on the same folded text


def forget() -> None:
    """Drop this thread's kept text (the engine calls it after each text: a prompt must not
    stay in memory, pinned by a cache, once its request is done)."""
    _last.text = None
    _last.map = b""


def class_map(text: str) -> bytes:
    """The class map of ``text`` (the last one is kept per thread: every digit-led recognizer
    of one engine pass shares it)."""
    if getattr(_last, "text", None) is text:
        mapped: bytes = _last.map
        return mapped
    # Latin-1 keeps one byte per character; what it cannot encode becomes "?" (both in C).
    mapped = text.encode("latin-1", "replace").translate(_TABLE)
    _last.text = text
    _last.map = mapped
    return mapped
