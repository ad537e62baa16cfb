# ruff: noqa: RUF001  (full-width digits and look-alike letters are the evasions under test)
from __future__ import annotations

import pytest

from ferryman.detection.pii.contact import EmailRecognizer
from tests.detection.pii.conftest import found

POSITIVE = [
    ("Mail jane.doe@example.com today", "jane.doe@example.com"),
    (
        "user: sTEPHANIE.gILLeS@acmE-LogiStICS.exaMpLe.coM and",
        "sTEPHANIE.gILLeS@acmE-LogiStICS.exaMpLe.coM",
    ),
    ("From: Ann <ann_b7@mail.example.co.uk>", "ann_b7@mail.example.co.uk"),
    (
        "Email: rodriguez (dot) alexis at example (dot) org\n",
        "rodriguez (dot) alexis at example (dot) org",
    ),
    (
        "by email at mlorreijn [at] northwind DOT example DOT net after",
        "mlorreijn [at] northwind DOT example DOT net",
    ),
    ("write to name at domain dot com please", "name at domain dot com"),
    ("reach j.k (at) outlook dot com", "j.k (at) outlook dot com"),
    ("see https://example.com/team: ann.lee@example.org", "ann.lee@example.org"),
    ("clone ssh://git@example.org today", "git@example.org"),
]

NEGATIVE = [
    "meet me at example.com tomorrow",
    "look at the server at noon",
    "mysql://app_user:s3cret@db-9.internal.example.net:5432/orders",
    "DATABASE_URL=postgres://admin:NdCSLJ~5mzR7xA_f5Y@db-2.internal.example.net:5432",
    "redis://:pa$$w0rd!x@cache.example.org:6379/0",
    "image@sha256:64a387c8f38baccde4dcfa70d0bcc6d722606c4541018d2dc62e4702ce2676e8",
    "npm install left-pad@1.3.0",
]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_finds_whole_address(text: str, value: str) -> None:
    assert found(EmailRecognizer(), text) == [(value, "EMAIL")]


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves_look_alikes(text: str) -> None:
    assert found(EmailRecognizer(), text) == []


def test_homoglyph_and_zero_width_cover_the_original_characters() -> None:
    text = "user: gwh\u200ceeler@acme-logis\u200dtics.exаmple.com ok"
    assert found(EmailRecognizer(), text) == [(text[6:-3], "EMAIL")]
