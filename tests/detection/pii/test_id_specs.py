"""Every context word of a numeric ID holds one of the spec's stems (the stems only gate)."""

from __future__ import annotations

import pytest

from ferryman.detection.pii.id_specs import NUMERIC_IDS
from ferryman.detection.pii.numeric import NumericRecognizer

_WORDS = {
    "US_SSN": ("ssn", "social security", "social-security", "soc. sec", "soc sec", "ss#", "ssa"),
    "NL_BSN": ("bsn", "burgerservice", "burger service", "sofi", "citizen service"),
    "DE_TAX_ID": (
        "steuer", "idnr", "id-nr", "identifikationsnummer", "tin", "tax id", "tax number",
        "tax-identification", "tax no",
    ),
    "BE_NATIONAL_NUMBER": (
        "rijksregister", "registre national", "national number", "nationale nummer",
        "national register", "numéro national", "numero national", "niss", "insz", "nn", "rrn",
    ),
    "PL_PESEL": ("pesel", "numer ewidencyjny"),
    "BR_CPF": ("cpf", "cadastro de pessoas"),
    "PT_NIF": ("nif", "contribuinte", "nipc", "n.º fiscal", "nº fiscal", "n fiscal"),
    "CA_SIN": ("sin", "social insurance", "nas", "assurance sociale"),
    "AU_TFN": ("tfn", "tax file number"),
    "SE_PERSONNUMMER": (
        "personnummer", "personnr", "personal id number", "person identity number", "pnr",
    ),
    "DK_CPR": ("cpr", "cpr-nr", "personnummer", "civil registration"),
    "AT_SVNR": ("svnr", "sozialversicherung", "sv-nr", "versicherungsnummer", "e-card"),
    "IN_AADHAAR": ("aadhaar", "aadhar", "uid", "uidai", "\u0906\u0927\u093e\u0930"),
}  # fmt: skip
_GATED = [spec for spec in NUMERIC_IDS if spec.stems]


def test_every_gated_spec_has_samples() -> None:
    assert {spec.type for spec in _GATED} == set(_WORDS)
    assert all(spec.context is not None for spec in _GATED)


@pytest.mark.parametrize(
    ("spec_type", "word"),
    [(spec.type, word) for spec in _GATED for word in _WORDS[spec.type]],
)
def test_every_context_word_holds_a_stem(spec_type: str, word: str) -> None:
    spec = next(s for s in _GATED if s.type == spec_type)
    assert spec.context is not None
    assert spec.context.search(f"the {word}: x") is not None, word
    assert any(stem in word for stem in spec.stems), word


def test_gated_ids_are_still_found_by_their_words() -> None:
    found = NumericRecognizer().find("Burgerservicenummer: 111222333 (BSN)\nSSN 123-45-6789")
    assert {f.type for f in found} >= {"NL_BSN", "US_SSN"}
