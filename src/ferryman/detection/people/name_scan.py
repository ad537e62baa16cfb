"""The capital-led candidate scans of :mod:`names`, compiled once.

Performance design: Python's engine spends ~6 ns a character skipping to a character-class
prefix and far less (~1 ns) to a literal one, and every attempt that fails at a capital costs
its tail; so the main scan fails at once on capitals not followed by a blank or a line end and
never gives name letters back (possessive runs), and the introduced-name check is a separate
scan led by the literal blank instead of look-behinds tried at every capital.
"""

from __future__ import annotations

import re

from ferryman.detection.people.patterns import NAME_REST, NAME_TOKEN, UPPER
from ferryman.detection.people.vocab import PARTICLES

__all__ = ["INTRO_SCAN", "SCAN"]

_PARTICLE = "|".join(sorted((re.escape(p) for p in PARTICLES), key=len, reverse=True))
# the lower-case word endings of the phrases that introduce a lone first name ("my name is",
# "ask for", "c'est", "ich bin", "soy", "sono", "ik ben", "je suis", "mi chiamo"); grouped by
# width because a look-behind must have a fixed one; cues.cue_before checks the whole phrase
_INTRO_ENDS = str.split(
    "is|am|'m|'s|to|by|of|for|est|bin|soy|ben|mit|con|met|sono|heet|suis|with|from|avec|"
    "llamo|heiße|heisse|chiamo|appelle",
    "|",
)
_INTRO_LAST = "".join(sorted({w[-1] for w in _INTRO_ENDS}))
#: A capital right after an introducing phrase ending and one space. Led by the literal blank
#: (the engine's prefix search skips to it at ~1 ns a character), then one class look-behind on
#: the letter before it (most blanks stop there), then the per-width look-behinds: ~3 ms/MB,
#: where the same look-behinds tried at every capital of the main scan cost ~15.
INTRO_SCAN = re.compile(
    rf" (?=[{UPPER}])(?<=[{_INTRO_LAST}] )(?:"
    + "|".join(
        f"(?<=(?:{'|'.join(re.escape(w) for w in _INTRO_ENDS if len(w) == n)}) )"
        for n in sorted({len(w) for w in _INTRO_ENDS})
    )
    + ")"
)
#: One capital-led pass finds the run and line-end candidates (the scan loop costs ~6 ns a
#: character whatever the pattern, so one pass instead of two): ``run`` several capitalized
#: words; ``eol`` a lone word ending its line (after a label or a sign-off). The look-ahead on
#: the character after the word (a blank, "," "." or a line end) fails most capitals at once.
SCAN = re.compile(
    rf"[{UPPER}]{NAME_REST}\.?(?=[ \t,.\r\n]|$)"
    rf"(?:(?=[ \t]+(?:[{UPPER}]|(?:{_PARTICLE})[ \t]))"
    rf"(?P<run>(?:[ \t]+(?:(?:{_PARTICLE})[ \t]+)*(?:{NAME_TOKEN}\.?|[{UPPER}]\.))+)"
    rf"|(?P<eol>(?=[ \t]*[,.]?[ \t]*(?:\r?\n|$))))"
)
