"""Person names and street addresses: lexicons, context cues and address grammar, offline."""

from __future__ import annotations

from ferryman.detection.people.addresses import AddressRecognizer
from ferryman.detection.people.names import PersonRecognizer
from ferryman.detection.recognizer import Recognizer

__all__ = ["AddressRecognizer", "PersonRecognizer", "people_recognizers"]


def people_recognizers() -> list[Recognizer]:
    """The PERSON and STREET_ADDRESS recognizers (no model; lexicons load on first use)."""
    return [PersonRecognizer(), AddressRecognizer()]
