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


def test_decode_reads_utf8_sequences_with_their_first_escape_offsets() -> None:
    decoded, offsets = percent_decode("x%EF%BC%91y%D9%A3")
    assert decoded == "x\uff11y\u0663"
    assert offsets == [0, 1, 10, 11, 17]


def test_decode_falls_back_to_latin1_for_bytes_that_are_no_utf8() -> None:
    decoded, offsets = percent_decode("%E9t%E9")
    assert decoded == "\u00e9t\u00e9"
    assert offsets == [0, 3, 4, 7]


def test_percent_encoded_digits_of_other_forms_are_folded() -> None:
    card = "4111111111111111"
    for digits in (
        "".join(chr(0xFF10 + int(c)) for c in card),  # full-width
        "".join(chr(0x660 + int(c)) for c in card),  # Arabic-Indic
    ):
        escaped = "".join(f"%{b:02X}" for b in digits.encode("utf-8"))
        text = f"pay?card={escaped}&x=1"
        assert found(PercentEncodedRecognizer(), text) == [(escaped, "CREDIT_CARD")]
