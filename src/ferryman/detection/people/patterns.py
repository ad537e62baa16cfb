"""Regex building blocks shared by the name and address grammars: Latin letters by case.

Why generated: ``[A-Z]`` misses "Élodie", "Łukasz" and "Øster"; listing the Latin-1 and Latin
Extended-A/B letters by ``str.isupper``/``str.islower`` once at import gives exact classes that
keep the scan a single character-class-led regex (the fastest shape for Python's engine).
"""

from __future__ import annotations

__all__ = ["LOWER", "NAME_TOKEN", "UPPER"]

_LATIN = [chr(c) for c in range(0x41, 0x250)]

#: upper-case Latin letters (ASCII, Latin-1, Latin Extended-A/B), as a character-class body
UPPER = "A-Z" + "".join(c for c in _LATIN if c.isupper() and not c.isascii())
#: lower-case Latin letters, as a character-class body
LOWER = "a-z" + "".join(c for c in _LATIN if c.islower() and not c.isascii())

#: one capitalized name word: "Anna", "O'Brien", "McDonald", "Jean-Pierre", "Müller-Lüdenscheidt"
NAME_TOKEN = (
    rf"[{UPPER}](?:['\u2019][{UPPER}])?[{LOWER}]+(?:[{UPPER}][{LOWER}]+)?(?:-[{UPPER}][{LOWER}]+)*"
)
