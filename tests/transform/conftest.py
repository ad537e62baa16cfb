"""A small deterministic engine for the transform tests (independent of the real detectors)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from ferryman.core.finding import Finding
from ferryman.detection.engine import Engine
from ferryman.detection.recognizer import Recognizer
from ferryman.transform.redactor import Hasher, Redactor

_EMAIL = re.compile(r"[a-z.]+@[a-z]+\.com")
_CARD = re.compile(r"\b4111(?: ?1111){3}\b")
_KEY = re.compile(r"\bsk-[A-Za-z0-9]{20,}")


class Simple(Recognizer):
    name = "simple"
    types = frozenset({"EMAIL", "CREDIT_CARD", "OPENAI_API_KEY"})

    def find(self, text: str) -> Iterable[Finding]:
        for rx, kind in ((_EMAIL, "EMAIL"), (_CARD, "CREDIT_CARD"), (_KEY, "OPENAI_API_KEY")):
            for m in rx.finditer(text):
                yield Finding(m.start(), m.end(), kind)


@pytest.fixture()
def redactor() -> Redactor:
    return Redactor(Engine([Simple()]), Hasher(b"k" * 32))
