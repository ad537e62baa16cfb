"""Person names and street addresses: lexicons, context cues and address grammar, offline.

Performance notes (what made these recognizers fast, measured on ``bench/pii``):

- Python's engine skips to a literal character several times faster than to a character class,
  and every attempt where a scan stops costs ~50 ns: so each cue family is one scan led by a
  literal (a blank, a colon, "u", "@" in the reversed text), and the cues that sit right after a
  blank share one scan (``name_scan.BLANK_SCAN``) whose tests are zero-width groups.
- Case-blind word lists are tries of plain literals in every letter case (``patterns.any_case``),
  not ``(?i:...)`` alternations, which the engine compares character by character per branch.
- Whole-text gates before a scan: no quote, no "=", no "," or no lower-case street type means the
  scan needing it never runs; the capitalized first words of all address grammars but the
  number-first one are found by one trie scan (``address_extend.capital_led``), which also tells
  whether the unit-first and military grammars may match.
- Anchored look-backs (``\\Z``-searches tried at every start of a window) only run when the
  character before the candidate can end a match.
- Per-word decisions are memoised in dicts (``name_tokens``): class, run role, echo form, fold.

On ``bench/pii/dev.jsonl`` (123 KB, one core) this took PERSON from ~17.5 to ~12 ms and
STREET_ADDRESS from ~10 to ~7.3 ms (challenge.jsonl: 36 to 24 ms, 11.2 to 8.9 ms), findings
unchanged. What is left is mostly the floor of the
scans (Python's engine stops at every capital for the name scan, at every digit for the
number-first address scan and at every blank for the cue scan: ~1.5-2 ms each) and the judgement
of the capitalized runs in Python, which a PII-dense text cannot skip.
"""

from __future__ import annotations

from ferryman.detection.people.addresses import AddressRecognizer
from ferryman.detection.people.names import PersonRecognizer
from ferryman.detection.recognizer import Recognizer

__all__ = ["AddressRecognizer", "PersonRecognizer", "people_recognizers"]


def people_recognizers() -> list[Recognizer]:
    """The PERSON and STREET_ADDRESS recognizers (no model; lexicons load on first use)."""
    return [PersonRecognizer(), AddressRecognizer()]
