"""The cheap prefilters must never reject what the full check accepts (they only save time)."""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from stdnum import iban

from ferryman.detection.pii.context import before
from ferryman.detection.pii.dates import _CONTEXT, DateOfBirthRecognizer, stem_positions
from ferryman.detection.pii.financial import _LENGTHS, is_iban
from ferryman.detection.pii.numbering import REGIONS, may_be_valid


class _Lcg:
    """A tiny deterministic generator (test data only; the linter bans ``random``)."""

    def __init__(self, seed: int):
        self.state = seed

    def randint(self, lo: int, hi: int) -> int:
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return lo + (self.state >> 33) % (hi - lo + 1)

    def choice(self, items: str | list[str]) -> str:
        return items[self.randint(0, len(items) - 1)]

    def random(self) -> float:
        return self.randint(0, 999) / 1000


_CONTEXT_WORDS = (
    "Date of birth", "DOB", "B-day", "bday", "d.o.b.", "D.O.B", "do.b", "born on", "Born in",
    "naissance", "né le", "née le", "ne le", "nee le", "né(e) le", "Geburtsdatum", "geb.",
    "geboren am", "geboren op", "fecha de nacimiento", "nacido el", "f. nac.",
    "data di nascita", "nato il", "nata il", "geboortedatum", "data de nascimento",
    "nascido em", "fødselsdato", "födelsedatum", "syntymäaika", "data urodzenia", "urodzony",
)  # fmt: skip


@pytest.mark.parametrize("word", _CONTEXT_WORDS)
def test_every_context_word_holds_a_stem(word: str) -> None:
    match = _CONTEXT.search(word)
    assert match is not None
    assert stem_positions(word)
    text = f"Patient record. {word}: 27/09/1985. Thanks"
    found = list(DateOfBirthRecognizer().find(text))
    assert [text[f.start : f.end] for f in found] == ["27/09/1985"]


def test_phone_gate_keeps_every_example_number() -> None:
    for region in REGIONS:
        for kind in PhoneNumberType.values():
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            national = phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL)
            digits = "".join(c for c in national if c.isdigit())
            assert may_be_valid(digits, region), (region, digits)


def test_phone_gate_never_rejects_a_valid_number() -> None:
    rng = _Lcg(7)
    for _ in range(1500):
        digits = rng.choice(["0", "", "1", "00", "01"]) + "".join(
            rng.choice("0123456789") for _ in range(rng.randint(6, 12))
        )
        for region in REGIONS:
            try:
                number = phonenumbers.parse(digits, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                assert may_be_valid(digits, region), (region, digits)


def test_is_iban_agrees_with_stdnum() -> None:
    rng = _Lcg(11)
    for cc, length in _LENGTHS.items():
        for _ in range(60):
            body = "".join(
                rng.choice("0123456789" if rng.random() < 0.85 else "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                for _ in range(length - 4)
            )
            value = cc + iban.calc_check_digits(cc + "00" + body) + body
            if rng.random() < 0.3:
                value = f"{cc}{rng.randint(0, 99):02d}{body}"
            assert is_iban(value) == iban.is_valid(value), value


def _old_before(text: str, start: int, width: int = 48) -> str:
    lo = max(0, start - width)
    nl = text.rfind("\n", lo, start)
    if nl == -1:
        return text[lo:start]
    same = text[nl + 1 : start]
    if same.strip():
        return same
    prev = text.rfind("\n", max(0, nl - width), nl)
    return text[prev + 1 if prev != -1 else max(0, nl - width) : start]


def test_before_window_offsets_match_the_string_window() -> None:
    rng = _Lcg(5)
    for _ in range(400):
        text = "".join(rng.choice("ab \n\t1") for _ in range(rng.randint(0, 120)))
        for start in range(len(text) + 1):
            assert before(text, start) == _old_before(text, start), (text, start)


def test_fast_checks_agree_with_stdnum() -> None:
    from stdnum import luhn
    from stdnum.ch import ssn as ahv
    from stdnum.fr import nir

    from ferryman.detection.pii.financial import _luhn
    from ferryman.detection.pii.id_specs import _ahv, _nir

    rng = _Lcg(23)
    for _ in range(20000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(12, 19)))
        assert _luhn(digits) == luhn.is_valid(digits), digits
    for _ in range(20000):
        body = rng.choice("12") + "".join(rng.choice("0123456789") for _ in range(12))
        key = 97 - int(body) % 97 if rng.random() < 0.5 else rng.randint(0, 99)
        digits = f"{body}{key:02d}"
        assert _nir(digits) == nir.is_valid(digits), digits
        ean = rng.choice(["756", "755", "123"]) + digits[:10]
        assert _ahv(ean) == ahv.is_valid(ean), ean
