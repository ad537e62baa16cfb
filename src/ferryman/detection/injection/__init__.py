"""Prompt-injection and exfiltration scanning: a pure library, no model needed.

``scan(text, source)`` scores how likely a text tries to take over the model: instruction
overrides and role-play jailbreaks, system-prompt extraction, fake delimiters and turns,
hijacked tool calls, exfiltration instructions, and the same hidden under base64, hex, rot13,
leetspeak, letter spacing, Unicode tag characters, zero-width splits and look-alike letters —
in English, French, German, Spanish, Italian and Dutch. The model is a small set of weighted
phrase-family features combined by noisy-OR (:mod:`.score` documents it); the source weights
the evidence, because the same sentence is riskier in a tool result or a pasted document than
in the user's own question.

``find_exfiltration(answer, known)`` finds images and links in a model's answer whose URL
carries conversation data. ``scan_with`` adds local classifiers a deployment brings.
"""

from __future__ import annotations

from ferryman.detection.injection.classifiers import Classifier, HuggingFaceClassifier, scan_with
from ferryman.detection.injection.exfil import find_exfiltration
from ferryman.detection.injection.scanner import scan
from ferryman.detection.injection.verdict import CATEGORIES, DEFAULT_THRESHOLD, Source, Verdict

__all__ = [
    "CATEGORIES",
    "DEFAULT_THRESHOLD",
    "Classifier",
    "HuggingFaceClassifier",
    "Source",
    "Verdict",
    "find_exfiltration",
    "scan",
    "scan_with",
]
