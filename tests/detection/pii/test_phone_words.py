"""The phone-word gate answers exactly what searching the two word patterns would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ferryman.detection.pii.phone_words import NEGATIVE, WORDS, WordHits

_PHONE_WORDS = (
    "phone", "tel", "tel.", "tél", "telef", "téléphone", "mobile", "mobil", "mob", "cell",
    "call", "ring", "fax", "whatsapp", "whats app", "sms", "text me", "text us", "reach", "dial",
    "hotline", "contact", "direct", "switchboard", "ext", "portable", "gsm", "handy", "ruf",
    "rufnummer", "móvil", "movil", "cellulare", "llamar", "chiamare", "bel", "bellen", "appel",
    "numéro", "número de", "numero de", "nummer", "nr.:", "nr", "no.", "no :", "\u260e",
    "\u2706", "\U0001f4de", "\U0001f4f1",
)  # fmt: skip
_OTHER_WORDS = (
    "order", "invoice", "ticket", "ref", "tracking", "sku", "id", "_id", "iban", "account",
    "konto", "ssn", "bsn", "steuer", "nir", "sécurité", "securite", "dni", "nie", "fiscal",
    "nino", "ni number", "art", "artikel", "art.-nr", "article", "item", "pn", "p/n", "part no",
    "ean", "gtin", "isbn", "barcode", "police", "polizza", "póliza", "poliza", "polis",
    "contrat", "contract", "vertrag", "case", "az.", "dossier", "aktenzeichen", "claim", "batch",
    "lot", "serial", "sn", "s/n", "kundennr", "kundennummer",
)  # fmt: skip


@pytest.mark.parametrize("word", _PHONE_WORDS)
def test_every_phone_word_passes_the_gate(word: str) -> None:
    window = f"see {word}"
    assert WORDS.search(window) is not None
    assert WordHits(window).word_in(0, len(window))


@pytest.mark.parametrize("word", _OTHER_WORDS)
def test_every_other_number_word_passes_the_gate(word: str) -> None:
    window = f"see {word} "
    assert NEGATIVE.search(window) is not None
    assert WordHits(window).negative_in(0, len(window))


def test_gate_equals_the_search_on_real_windows() -> None:
    root = Path(__file__).resolve().parents[3]
    texts = [
        json.loads(line)["text"].lower()
        for line in (root / "bench/pii/dev.jsonl").read_text().splitlines()
    ]
    checked = 0
    for text in texts:
        hits = WordHits(text)
        for lo in range(0, len(text), 7):
            for width in (5, 31, 48, 80):
                hi = min(len(text), lo + width)
                window = text[lo:hi]
                assert hits.word_in(lo, hi) == (WORDS.search(window) is not None), window
                assert hits.negative_in(lo, hi) == (NEGATIVE.search(window) is not None), window
                checked += 1
    assert checked > 10_000
