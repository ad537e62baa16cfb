"""Pronouns are never names, even where a lexicon lists them as given names."""

from __future__ import annotations

import pytest

from ferryman.detection.engine import Engine
from ferryman.detection.people import people_recognizers


@pytest.mark.parametrize(
    "text",
    ["You said: ping", "He said hello", "She replied at once", "Elle a dit oui", "Sie sagte nein"],
)
def test_pronoun_before_a_verb_is_not_a_person(text: str) -> None:
    assert [f for f in Engine(people_recognizers()).detect(text) if f.type == "PERSON"] == []
