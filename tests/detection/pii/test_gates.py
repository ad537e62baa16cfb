"""The fast gates find exactly what the plain full-text patterns they replace would find.

Each gate (a literal-led scan, an Aho-Corasick pass, the class map) exists only to save time;
these tests run both on generated texts full of the characters that matter and compare.
"""

from __future__ import annotations

import re
import threading

import pytest

from ferryman.detection.pii.classes import class_map
from ferryman.detection.pii.contact import _AT, EmailRecognizer
from ferryman.detection.pii.encoded import _RUN, _b64_tokens, _runs
from ferryman.detection.pii.phone import REGION

_ALPHABET = [
    *"aAtT ( )[]{}<>@.-_/+=%3F0129\n\t:é٣xyz",
    " at ", "(at)", "[ at ]", "arobase", "chez", "(ad)", " dot ", "%40", "%2B", "%zz", "né",
    "QUJDREVGR0hJSktMTU5PUA==", "amFuZUBleGFtcGxlLmNvbQ", "+33 ", "(0) ", "1.2.3.4",
]  # fmt: skip


def _texts(seed: int, count: int = 400) -> list[str]:
    state = seed
    out = []
    for _ in range(count):
        parts = []
        for _ in range(60):
            state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
            parts.append(_ALPHABET[(state >> 33) % len(_ALPHABET)])
        out.append("".join(parts))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_at_markers_equal_the_full_scan(seed: int) -> None:
    email = EmailRecognizer()
    for text in _texts(seed):
        lower = text.lower()
        assert len(lower) == len(text)
        fast = [m.span() for m in email._markers(text, lower)]
        assert fast == [m.span() for m in _AT.finditer(text)], text


@pytest.mark.parametrize("seed", [4, 5])
def test_percent_runs_equal_the_full_scan(seed: int) -> None:
    for text in _texts(seed):
        assert [m.span() for m in _runs(text)] == [m.span() for m in _RUN.finditer(text)], text


_B64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


@pytest.mark.parametrize("seed", [6, 7])
def test_base64_tokens_equal_the_regex(seed: int) -> None:
    for text in [*_texts(seed), "x" * 15, "y" * 16, "z" * 40 + "===", "é" + "a" * 20 + "=é"]:
        assert list(_b64_tokens(text)) == [m.span() for m in _B64.finditer(text)], text


_PHONE_REGION = re.compile(r"[0-9][0-9 \t.\-/()+\r\n]{5,}")  # folded text: ASCII digits


@pytest.mark.parametrize("seed", [8, 9])
def test_class_map_regions_equal_the_str_pattern(seed: int) -> None:
    for text in [*_texts(seed), "٣٣٣ ٣٣٣ ٣٣", "12 34 5\u20ac6 78", "\U0001f4de 0115 496 0113"]:
        mapped = class_map(text)
        assert len(mapped) == len(text)
        fast = [m.span() for m in REGION.finditer(mapped)]
        assert fast == [m.span() for m in _PHONE_REGION.finditer(text)], text


def test_class_map_classes_and_offsets() -> None:
    text = "Ab9 +(x)é٣:,\n~?\U0001f4de"
    assert class_map(text) == b"Aa0 +(a)~~:,\n~~~"
    assert class_map(text) is class_map(text)  # shared by the recognizers of one pass


def test_class_map_is_kept_per_thread() -> None:
    seen: list[bytes] = []
    main = class_map("12 34")

    def other() -> None:
        class_map("zz")
        seen.append(class_map("zz"))

    worker = threading.Thread(target=other)
    worker.start()
    worker.join()
    assert seen == [b"aa"]
    assert class_map("12 34") == main == b"00 00"
