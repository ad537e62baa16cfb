"""Folding: evasion tricks out, offsets kept, the digits of every script made ASCII."""

from __future__ import annotations

import unicodedata

from ferryman.detection.normalize import _DIGIT_ZEROS, fold
from ferryman.transform.library import redact_text


def test_digit_zeros_list_every_script_that_nfkc_leaves_alone() -> None:
    zeros = [
        c
        for c in range(0x80, 0x20000)
        if chr(c).isdecimal()
        and unicodedata.decimal(chr(c)) == 0
        and unicodedata.normalize("NFKC", chr(c)) == chr(c)
    ]
    assert list(_DIGIT_ZEROS) == zeros
    assert not any(chr(c).isdecimal() for c in range(0x20000, 0x110000, 7))


def test_other_scripts_digits_fold_to_ascii_with_offsets() -> None:
    text = "card \u0664\u0661\u0661\u0661 \u0967\u0968 x"
    folded = fold(text)
    assert folded.text == "card 4111 12 x"
    assert folded.span(5, 9) == (5, 9)


def test_ascii_and_plain_text_are_not_copied() -> None:
    for text in ("plain ascii 123", "déjà vu, naïve café"):
        folded = fold(text)
        assert folded.text is text
        assert not folded.changed


def test_a_card_in_arabic_indic_digits_is_redacted() -> None:
    digits = "4111111111111111".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    out = redact_text(f"my card is {digits[:4]} {digits[4:8]} {digits[8:12]} {digits[12:]}")
    assert "CREDIT_CARD" in out
    assert not any(ch in out for ch in "٠١٢٣٤٥٦٧٨٩")


def test_suspect_automaton_holds_exactly_the_suspect_class() -> None:
    from ferryman.detection.normalize import _SUSPECT_RE, _SUSPECTS

    for c in [*range(0x80, 0xD800), *range(0xE000, 0x20000), *range(0xE0000, 0xE0080)]:
        ch = chr(c)
        assert bool(_SUSPECTS.find_matches_as_indexes(ch)) == bool(_SUSPECT_RE.match(ch)), hex(c)


def test_texts_with_a_suspect_are_folded() -> None:
    for text in ("caf\u00e9 \u2014 ok", "p\u0430ypal", "a\u200bb", "\u0661\u0662"):
        assert fold(text).changed, text


def test_lone_surrogates_become_replacement_characters() -> None:
    text = "x \ud800 call 0115 496 0113 or jane@example.com \udfff"
    folded = fold(text)
    assert folded.text == text.replace("\ud800", "\ufffd").replace("\udfff", "\ufffd")
    assert folded.changed
    out = redact_text(text)
    assert "jane@example.com" not in out
