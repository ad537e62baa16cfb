from __future__ import annotations

from ferryman.detection.pii.encoded import PercentEncodedRecognizer, percent_decode
from tests.detection.pii.conftest import found


def test_decode_keeps_offsets() -> None:
    decoded, offsets = percent_decode("a%40b")
    assert decoded == "a@b"
    assert offsets == [0, 1, 4, 5]


def test_url_encoded_email_covers_the_escapes() -> None:
    text = "user=eileen91%40mail.example.net path=/v2"
    assert found(PercentEncodedRecognizer(), text) == [("eileen91%40mail.example.net", "EMAIL")]


def test_url_encoded_phone() -> None:
    text = "Direct: %2B33%20%280%293%2090%2082%2070%2063\n"
    assert found(PercentEncodedRecognizer(), text) == [
        ("%2B33%20%280%293%2090%2082%2070%2063", "PHONE")
    ]


def test_plain_percentages_are_left_alone() -> None:
    assert found(PercentEncodedRecognizer(), "growth 15% to 20%, see a%20b") == []
