"""Secrets: AI provider and cloud keys, platform tokens, JWTs, private keys, passwords."""

from __future__ import annotations

from ferryman.detection.recognizer import Recognizer

__all__ = ["secret_recognizers"]


def secret_recognizers() -> list[Recognizer]:
    return []
