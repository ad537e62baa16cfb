# ruff: noqa: RUF001  (full-width digits are the point of these tests)
from __future__ import annotations

import re
from collections.abc import Iterable

from ferryman.core.finding import Finding
from ferryman.detection.engine import Engine, resolve
from ferryman.detection.recognizer import Recognizer

_DIGITS = re.compile(r"\d{4,}")


class Digits(Recognizer):
    name = "digits"
    types = frozenset({"CREDIT_CARD"})
    calls = 0

    def find(self, text: str) -> Iterable[Finding]:
        Digits.calls += 1
        return [Finding(m.start(), m.end(), "CREDIT_CARD") for m in _DIGITS.finditer(text)]


def test_overlaps_merge_into_the_union_typed_after_the_strongest() -> None:
    merged = resolve(
        [
            Finding(0, 10, "EMAIL", 0.5),
            Finding(5, 20, "URL_WITH_CREDENTIALS", 1.0),
            Finding(30, 31, "X"),
        ]
    )
    assert merged == [Finding(0, 20, "URL_WITH_CREDENTIALS", 1.0), Finding(30, 31, "X")]


def test_findings_map_back_through_invisible_and_fullwidth_characters() -> None:
    text = "id \u200b１２３\u200d４５ end"
    (f,) = Engine([Digits()]).detect(text)
    assert text[f.start : f.end] == "１２３\u200d４５"


def test_type_filter() -> None:
    assert Engine([Digits()], types={"EMAIL"}).detect("12345") == []


def test_cache_returns_the_same_findings_without_rescanning() -> None:
    engine = Engine([Digits()], cache_size=2)
    text = "order 12345678 " * 10
    first = engine.detect(text)
    calls = Digits.calls
    assert engine.detect(text) == first and Digits.calls == calls
    engine.detect("x" * 64)
    engine.detect("y" * 64)  # evicts the first text
    engine.detect(text)
    assert Digits.calls == calls + 3
