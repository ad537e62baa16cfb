"""Phone context words, and a gate that says cheaply where none of them can stand.

A phone candidate is judged by the words around it: a phone word ("Tel", "call me", "Rufnummer")
vouches for it, another kind of number's word ("order", "IBAN", "case") speaks against it. The
two patterns are long alternations, and searching them in the two windows of every candidate
cost ~20 µs per candidate (a text full of numbers, a hex dump, paid that per group). So one
Aho-Corasick pass over the lower-cased text finds where a literal stem of any alternative
stands (each pattern alternative holds one: tests/detection/pii/test_phone_words.py), and a
window's pattern is only tried, anchored, at the few places before a stem inside it where a
match could start. Findings never depend on the gate.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ferryman.detection.pii.literals import hits, lowered, register

__all__ = ["NEGATIVE", "NEGATIVE_STEMS", "WORDS", "WORD_STEMS", "WordHits"]

WORDS = re.compile(
    r"phone|\btel\b|\btel\.|\bt[ée]l[ée]?\b|telef|t[ée]l[ée]phone|mobile?\b|\bmob\b|cell|"
    r"\bcall|\bring\b|\bfax\b|whats\s?app|\bsms\b|\btext (?:me|us)\b|\breach|\bdial|hotline|"
    r"contact|direct\b|switchboard|\bext\b|portable|\bgsm\b|\bhandy\b|\bruf\b|rufnummer|m[óo]vil|"
    r"cellulare|llam|chiam|\bbel(?:len)?\b|appel|numéro|n[úu]mero de|nummer|"
    r"(?<![.\-])\bnr\.?\s*:?$|\bno\.?\s*:?$|[\u260e\u2706\U0001f4de\U0001f4f1]"
)
NEGATIVE = re.compile(
    r"order|invoice|ticket|\bref|tracking|\bsku\b|(?:\b|_)id\b|\biban|account|\bkonto|"
    r"\bssn|\bbsn|steuer|\bnir\b|s[ée]curit[ée]|\bdni\b|\bnie\b|fiscal|\bnino\b|ni number|"
    r"\bart(?:ikel)?\b|art\.?-?nr|article|\bitem|\bp/?n\b|part no|\bean\b|gtin|isbn|barcode|"
    r"polic|polizza|p[óo]liza|\bpolis\b|contrat|contract|vertrag|\bcase\b|\baz\.|dossier|"
    r"aktenzeichen|\bclaim|\bbatch|\blot\b|serial|\bs/?n\b|kundennr|kundennummer"
)
# One literal inside every WORDS alternative, except the two anchored at the window's end
# ("Nr.:", "no"), which the gate checks on the window's tail instead.
WORD_STEMS = (
    "phone", "tel", "tél", "mob", "cell", "call", "ring", "fax", "whats", "sms", "ext",
    "reach", "dial", "hotline", "contact", "direct", "switchboard", "portable", "gsm", "handy",
    "ruf", "móvil", "movil", "llam", "chiam", "bel", "appel", "numéro", "número", "numero",
    "nummer", "\u260e", "\u2706", "\U0001f4de", "\U0001f4f1",
)  # fmt: skip
_TAILS = ("no", "nr")
NEGATIVE_STEMS = (
    "order", "invoice", "ticket", "ref", "tracking", "sku", "id", "iban", "account", "konto",
    "ssn", "bsn", "steuer", "nir", "curit", "dni", "nie", "fiscal", "nino", "ni number", "art",
    "item", "pn", "p/n", "part no", "ean", "gtin", "isbn", "barcode", "polic", "polizza",
    "liza", "polis", "contrat", "contract", "vertrag", "case", "az.", "dossier", "aktenzeichen",
    "claim", "batch", "lot", "serial", "sn", "s/n", "kundennr", "kundennummer",
)  # fmt: skip
register("phone.words", WORD_STEMS)
register("phone.negative", NEGATIVE_STEMS)
# How far before its stem a match may start: "t" of "text" (stem "ext"); "_" of "_id",
# "sé" of "sécurité" (stem "curit"), "pó" of "póliza" (stem "liza").
_WORD_LEADS = range(2)
_NEGATIVE_LEADS = range(3)
_TAIL_CHARS = ":."


def _tail_word(window: str) -> bool:
    """Whether the window ends with "no" or "nr" once trailing spaces, colons and dots go."""
    while True:
        stripped = window.rstrip().rstrip(_TAIL_CHARS)
        if stripped == window:
            return window.endswith(_TAILS)
        window = stripped


class WordHits:
    """Where a phone word or another number's word may stand in one lower-cased text."""

    __slots__ = ("lower", "negatives", "words")

    def __init__(self, text: str):
        self.lower = lowered(text)
        self.words = sorted(start for _, start in hits(text, "phone.words"))
        self.negatives = sorted(start for _, start in hits(text, "phone.negative"))

    def word_in(self, lo: int, hi: int) -> bool:
        """Whether ``WORDS`` searched in ``lower[lo:hi]`` finds a phone word."""
        window = self.lower[lo:hi]
        if _tail_word(window):
            return WORDS.search(window) is not None
        return _match_at(WORDS, window, self.words, lo, hi, _WORD_LEADS)

    def negative_in(self, lo: int, hi: int) -> bool:
        """Whether ``NEGATIVE`` searched in ``lower[lo:hi]`` finds another number's word."""
        return _match_at(NEGATIVE, self.lower[lo:hi], self.negatives, lo, hi, _NEGATIVE_LEADS)


def _match_at(
    pattern: re.Pattern[str], window: str, stems: list[int], lo: int, hi: int, leads: range
) -> bool:
    """``pattern.search(window)``, tried only where a match could start: at most ``leads``
    characters before a stem inside the window (a match holds a stem that many characters
    after its start at most: "text" before "ext", "sécurité" before "curit")."""
    i = bisect_left(stems, lo)
    while i < len(stems) and stems[i] < hi:
        at = stems[i] - lo
        for lead in leads:
            if at >= lead and pattern.match(window, at - lead) is not None:
                return True
        i += 1
    return False
