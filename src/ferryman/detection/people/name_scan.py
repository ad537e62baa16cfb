"""The capital-led candidate scans of :mod:`names`, compiled once.

Performance design: Python's engine spends ~6 ns a character skipping to a character-class
prefix and far less (~1 ns) to a literal one, and every attempt that fails at a capital costs
its tail; so the main scan fails at once on capitals not followed by a blank or a line end and
never gives name letters back (possessive runs), and the introduced-name check is a separate
scan led by the literal blank instead of look-behinds tried at every capital.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ferryman.detection.people.name_context import (
    LOWER_INTRO_BEFORE,
    LOWER_INTRO_WORDS,
    ROLE_BEFORE,
    VERBS,
)
from ferryman.detection.people.name_fields import CAPS_FIRST
from ferryman.detection.people.patterns import LOWER, NAME_REST, NAME_TOKEN, UPPER
from ferryman.detection.people.vocab import PARTICLES

__all__ = ["BLANK_SCAN", "SCAN", "Blanks", "blanks"]

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
#: A capital right after an introducing phrase ending and one space: one class look-behind on the
#: letter before the blank (most blanks stop there), then the per-width look-behinds.
_INTRO_BEFORE = (
    rf"(?<=[{_INTRO_LAST}] )(?:"
    + "|".join(
        f"(?<=(?:{'|'.join(re.escape(w) for w in _INTRO_ENDS if len(w) == n)}) )"
        for n in sorted({len(w) for w in _INTRO_ENDS})
    )
    + ")"
)
#: One pass over the blanks for every cue that sits right after a blank: before a capital, an
#: introducing phrase ending (``intro``), a role word (``role``) or an upper-case surname
#: (``caps``); before a lower-case word, a verb (``verb``) or a lower-case name after an
#: introducing phrase (``lower``). Every test is zero-width after the blank, so each blank is
#: tried once for all of them (five scans cost ~2.5x more: the engine's stop at every blank and
#: the attempt overhead, paid per scan, are most of a blank-led scan's cost), and the optional
#: groups say which held.
BLANK_SCAN = re.compile(
    rf" (?:(?=[{UPPER}])(?:{_INTRO_BEFORE}(?P<intro>))?(?:{ROLE_BEFORE}(?P<role>))?"
    rf"(?:{CAPS_FIRST}(?P<caps>))?(?(intro)|(?(role)|(?(caps)|(?!))))"
    rf"|(?=[{LOWER}])(?:(?=(?P<verb>{VERBS})(?![\w]))|)"
    rf"(?:{LOWER_INTRO_BEFORE}(?=(?P<lower>{LOWER_INTRO_WORDS}))|)(?(verb)|(?(lower)|(?!))))"
)


class Blanks(NamedTuple):
    """The cues :data:`BLANK_SCAN` found, by kind, as the separate scans would have found them."""

    #: where the capital after an introducing phrase starts
    intros: list[int]
    #: where the capital after a role-word tail starts
    roles: list[int]
    #: the blanks between an upper-case word and a capitalized word
    caps: list[int]
    #: the blanks before a verb (a blank inside a verb taken before is skipped)
    verbs: list[int]
    #: the blank, the start of the lower-case words and the words (never overlapping)
    lowers: list[tuple[int, int, str]]


def blanks(text: str) -> Blanks:
    """The cues right after the blanks of ``text``."""
    out = Blanks([], [], [], [], [])
    verb_end = lower_end = 0
    for m in BLANK_SCAN.finditer(text):
        intro, role, caps, verb, lower = m.groups()
        at = m.end()
        if intro is not None:
            out.intros.append(at)
        if role is not None:
            out.roles.append(at)
        if caps is not None:
            out.caps.append(at - 1)
        if verb is not None and at > verb_end:
            out.verbs.append(at - 1)
            verb_end = at + len(verb)
        if lower is not None and at > lower_end:
            out.lowers.append((at - 1, at, lower))
            lower_end = at + len(lower)
    return out


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
