"""The one blank-led scan finds each cue exactly where a scan of its own would."""

from __future__ import annotations

import itertools
import re

from ferryman.detection.people.name_context import (
    LOWER_INTRO_BEFORE,
    LOWER_INTRO_WORDS,
    ROLE_BEFORE,
    VERBS,
)
from ferryman.detection.people.name_fields import CAPS_FIRST
from ferryman.detection.people.name_scan import _INTRO_BEFORE, Blanks, blanks
from ferryman.detection.people.patterns import LOWER, UPPER

_INTRO = re.compile(rf" (?=[{UPPER}]){_INTRO_BEFORE}")
_ROLE = re.compile(rf" (?=[{UPPER}]){ROLE_BEFORE}")
_CAPS = re.compile(rf" {CAPS_FIRST}")
_VERB = re.compile(rf" (?:{VERBS})(?![\w])")
_LOWER = re.compile(rf" (?=[{LOWER}]){LOWER_INTRO_BEFORE}({LOWER_INTRO_WORDS})")

_PIECES = [
    *("my name is", "I am", "with", "from", "agent", "neighbour", "Dr.", "MR", "said"),
    *("to send", "is on leave", "is out", "ich bin", "je suis", "SMITH", "KOWALCZYK"),
    *("Anna", "Jolene", "leland", "kowalczyk", "and", "Zoë", "éric", "thanks", "cc:", "hi"),
    *("sono", "soy", "to", "by", "of", ";", "'", "x"),
]


def _separate(text: str) -> Blanks:
    return Blanks(
        [m.end() for m in _INTRO.finditer(text)],
        [m.end() for m in _ROLE.finditer(text)],
        [m.start() for m in _CAPS.finditer(text)],
        [m.start() for m in _VERB.finditer(text)],
        [(m.start(), m.start(1), m.group(1)) for m in _LOWER.finditer(text)],
    )


def test_each_kind_of_cue_is_found_as_by_its_own_scan() -> None:
    for k, words in enumerate(itertools.product(_PIECES, repeat=3)):
        text = ("  " if k % 7 == 0 else " ").join(words) + " Anna " + " ".join(reversed(words))
        assert blanks(text) == _separate(text), text


def test_a_cue_inside_words_taken_by_an_earlier_one_is_skipped() -> None:
    text = "my name is leland said to send Anna"
    assert blanks(text) == _separate(text)
    assert blanks(text).lowers == [(10, 11, "leland said to send")]
