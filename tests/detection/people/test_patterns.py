"""The regex building blocks: literal tries and the letter-case spellings used as prefilters."""

from __future__ import annotations

import re

import pytest

from ferryman.detection.people.patterns import alternation, any_case


@pytest.mark.parametrize(
    "spelling", ["dr", "DR", "Dr", "dR", "neighbour", "NEIGHBOUR", "NeIgHbOuR", "strasse"]
)
def test_any_case_accepts_every_spelling_that_lowers_to_the_word(spelling: str) -> None:
    words = ["dr", "neighbour", "strasse"]
    assert re.fullmatch(alternation(any_case(words)), spelling) is not None


def test_any_case_covers_the_letters_whose_lower_is_not_their_upper_case() -> None:
    spellings = set(any_case(["park", "aße"]))
    assert "Par\u212a" in spellings  # KELVIN SIGN lowers to "k"
    assert "A\u1e9eE" in spellings  # CAPITAL SHARP S lowers to "ß"
    assert all(s.lower() in {"park", "aße"} for s in spellings if "ß" not in s.upper())


def test_any_case_never_matches_another_word() -> None:
    assert re.fullmatch(alternation(any_case(["dr"])), "de") is None
