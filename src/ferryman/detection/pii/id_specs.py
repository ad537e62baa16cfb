"""Numeric national identifiers: lengths, stdnum validators and the words that vouch for them.

Strong checks (FR NIR's mod-97 key, the Swiss AHV's 756 prefix and EAN digit) stand alone. Weak
ones (the BSN's 11-test, a SIN's Luhn, the German IdNr's ISO 7064 digit) pass for one random
number in ten or so, so they also need a context word on the value's line; a layout that only
this ID uses (``123-45-6789`` for an SSN, ``123.456.789-09`` for a CPF) counts as context.
Each context pattern comes with its stems: literals one of which every match holds, so that
the pattern runs only near one (tests/detection/pii/test_id_specs.py checks them).
"""

from __future__ import annotations

import re

from stdnum.at import vnr
from stdnum.au import tfn
from stdnum.be import nn
from stdnum.br import cpf
from stdnum.ca import sin
from stdnum.ch import ssn as ahv
from stdnum.de import idnr
from stdnum.dk import cpr
from stdnum.fr import nir
from stdnum.in_ import aadhaar
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.pt import nif
from stdnum.se import personnummer
from stdnum.us import ssn

from ferryman.detection.pii.digits import DigitSpec

__all__ = ["NUMERIC_IDS"]


def _words(*words: str) -> str:
    return "|".join(words)


# Keys and column headers of a national or tax number field (``national_id``, ``taxId``, ``TIN``).
_GENERIC_KEYS = (
    r"national[\s_\-]?id|nationalid|\bnid\b|tax[\s_\-]?(?:id|no|num|number|code)|taxid|\btin\b|"
    r"citizen|person(?:al)?[\s_\-]?(?:id|number|nr)|id[\s_\-]?(?:number|nr|no)\b|identifi|"
    r"gov(?:ernment)?[\s_\-]?id"
)


def _nir(digits: str) -> bool:
    """FR NIR: its mod-97 key first (one integer operation; a window of any digit run reaches
    here, and stdnum's own check cleans and re-parses the value), then stdnum."""
    return 97 - int(digits[:13]) % 97 == int(digits[13:]) and nir.is_valid(digits)


def _ahv(digits: str) -> bool:
    """Swiss AHV: the 756 prefix first, then stdnum (EAN check digit)."""
    return digits.startswith("756") and ahv.is_valid(digits)


NUMERIC_IDS: tuple[DigitSpec, ...] = (
    DigitSpec("FR_NIR", frozenset({15}), _nir),
    DigitSpec("CH_AHV", frozenset({13}), _ahv),
    DigitSpec(
        "US_SSN",
        frozenset({9}),
        ssn.is_valid,
        re.compile(
            _words(r"\bssn\b", r"social[\s\-]*security", r"\bsoc\.?\s?sec", r"\bss#", r"\bssa\b")
        ),
        re.compile(r"\d{3}([- ])\d{2}\1\d{4}"),
        keys=re.compile(r"ssn|social[\s_\-]?sec"),
        stems=("ssn", "soc", "ss#", "ssa"),
    ),
    DigitSpec(
        "NL_BSN",
        frozenset({9}),
        bsn.is_valid,
        re.compile(_words(r"\bbsn\b", r"burger\s?service", r"\bsofi", r"citizen service")),
        keys=re.compile(_words(r"bsn", r"burger", r"sofi", _GENERIC_KEYS)),
        stems=("bsn", "burger", "sofi", "citizen"),
    ),
    DigitSpec(
        "DE_TAX_ID",
        frozenset({11}),
        idnr.is_valid,
        re.compile(
            _words(
                r"steuer",
                r"\bidnr",
                r"\bid-nr",
                r"identifikationsnummer",
                r"\btin\b",
                r"tax[\s\-]*(?:id|identification|number|no)",
            )
        ),
        keys=re.compile(_words(r"steuer", r"idnr", r"id-nr", _GENERIC_KEYS)),
        stems=("steuer", "idnr", "id-nr", "identifikation", "tin", "tax"),
    ),
    DigitSpec(
        "BE_NATIONAL_NUMBER",
        frozenset({11}),
        nn.is_valid,
        re.compile(
            _words(
                r"rijksregister",
                r"registre national",
                r"national(?:e)? (?:number|register|nummer)",
                r"num[ée]ro national",
                r"\bniss\b",
                r"\binsz\b",
                r"\bnn\b",
                r"\brrn\b",
            )
        ),
        re.compile(r"\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}"),
        stems=("rijksregister", "registre", "national", "niss", "insz", "nn", "rrn"),
    ),
    DigitSpec(
        "PL_PESEL",
        frozenset({11}),
        pesel.is_valid,
        re.compile(_words(r"\bpesel\b", r"numer ewidencyjny")),
        stems=("pesel", "ewidencyjny"),
    ),
    DigitSpec(
        "BR_CPF",
        frozenset({11}),
        cpf.is_valid,
        re.compile(_words(r"\bcpf\b", r"cadastro de pessoas")),
        re.compile(r"\d{3}\.\d{3}\.\d{3}-\d{2}"),
        stems=("cpf", "cadastro"),
    ),
    DigitSpec(
        "PT_NIF",
        frozenset({9}),
        nif.is_valid,
        re.compile(_words(r"\bnif\b", r"contribuinte", r"\bnipc\b", r"n\.?º? fiscal")),
        stems=("nif", "contribuinte", "nipc", "fiscal"),
    ),
    DigitSpec(
        "CA_SIN",
        frozenset({9}),
        sin.is_valid,
        re.compile(_words(r"\bsin\b", r"social insurance", r"\bnas\b", r"assurance sociale")),
        stems=("sin", "social", "nas", "assurance"),
    ),
    DigitSpec(
        "AU_TFN",
        frozenset({8, 9}),
        tfn.is_valid,
        re.compile(_words(r"\btfn\b", r"tax file number")),
        stems=("tfn", "tax file"),
    ),
    DigitSpec(
        "SE_PERSONNUMMER",
        frozenset({10, 12}),
        personnummer.is_valid,
        re.compile(
            _words(
                r"personnummer", r"personnr", r"person(?:al)? (?:id|identity) number", r"\bpnr\b"
            )
        ),
        re.compile(r"(?:\d{2})?\d{6}-\d{4}"),
        stems=("person", "pnr"),
    ),
    DigitSpec(
        "DK_CPR",
        frozenset({10}),
        cpr.is_valid,
        re.compile(_words(r"\bcpr\b", r"cpr-nr", r"personnummer", r"civil registration")),
        stems=("cpr", "personnummer", "civil"),
    ),
    DigitSpec(
        "AT_SVNR",
        frozenset({10}),
        vnr.is_valid,
        re.compile(
            _words(r"\bsvnr\b", r"sozialversicherung", r"\bsv-n", r"versicherungsnummer", r"e-card")
        ),
        stems=("svnr", "sozialvers", "sv-n", "versicherungsn", "e-card"),
    ),
    DigitSpec(
        "IN_AADHAAR",
        frozenset({12}),
        aadhaar.is_valid,
        re.compile(_words(r"aadhaa?r", r"\buid\b", r"uidai", r"\bआधार")),
        stems=("aadha", "uid", "\u0906\u0927\u093e\u0930"),
    ),
)
