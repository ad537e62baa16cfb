"""Structured personal data: contacts, cards, IBANs, national IDs, IP addresses, dates of birth."""

from __future__ import annotations

from ferryman.detection.recognizer import Recognizer

__all__ = ["structured_recognizers"]


def structured_recognizers() -> list[Recognizer]:
    return []
