"""Numbers that are cards or national IDs, found in one pass over the text's digit runs."""

from __future__ import annotations

from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.pii.digits import DigitSpec, SpecIndex, scan_digit_runs
from ferryman.detection.pii.financial import CARD
from ferryman.detection.pii.id_specs import NUMERIC_IDS
from ferryman.detection.recognizer import Recognizer

__all__ = ["INDEX", "NumericRecognizer"]

_SPECS: tuple[DigitSpec, ...] = (CARD, *NUMERIC_IDS)
INDEX = SpecIndex(_SPECS)


class NumericRecognizer(Recognizer):
    """Credit cards and numeric national IDs (checksums, issuer ranges, context words)."""

    name: ClassVar[str] = "pii.numeric"
    types: ClassVar[frozenset[str]] = frozenset(s.type for s in _SPECS)

    def find(self, text: str) -> list[Finding]:
        return scan_digit_runs(text, INDEX, self.name)
