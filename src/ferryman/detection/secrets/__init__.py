"""Secrets: AI provider and cloud keys, platform tokens, JWTs, private keys, passwords.

Four recognizers, one per way a secret shows itself: by its own prefix (:mod:`.providers`, with
base64/hex-encoded keys from :mod:`.encoded`), as a key block (:mod:`.private_keys`), inside a
URL (:mod:`.credentials`), or by the name it is assigned to (:mod:`.generic`). They work on any
text - a prompt or a file in a repository (``ferryman scan``).

Performance design (budget: tens of ms per MB of ~400-character prompts; findings never depend
on which path ran):

- Candidates first, by literals. Key prefixes (``sk-``, ``AKIA``, base64 of them) and the
  trigger words of names (``key``, ``pass``, ``token`` ...) are the only places any work starts.
  With ``ahocorasick-rs`` installed, :class:`.prefilter.LiteralScan` finds both sets in one
  Aho-Corasick pass over the lower-cased text (prefix hits are re-checked case-sensitively);
  without it, each set has a :class:`.prefilter.LiteralIndex` of literal-led regexes (one per
  first character), and the two give the same hits.
- One recognizer (:mod:`.combined`) runs all four, so the text is lower-cased and scanned once
  and the name-based scan skips values a provider key already covers.
- Parsing stays anchored: names and values around a hit are read by ``match`` at fixed
  offsets (C speed), never by Python character loops or unanchored searches.
- Value tests order cheap before dear (:mod:`.shape`): length, then cues (a ``$``, ``{``, ``<``
  ... must occur before the template regex runs), the first word of a value before the rest,
  one fullmatch for all known non-secret shapes, ASCII class counts by ``bytes.translate``, and
  entropy with cached per-length terms (bit-identical to the plain formula).
"""

from __future__ import annotations

from ferryman.detection.recognizer import Recognizer
from ferryman.detection.secrets.combined import SecretRecognizer
from ferryman.detection.secrets.credentials import UrlCredentialRecognizer
from ferryman.detection.secrets.generic import ContextSecretRecognizer
from ferryman.detection.secrets.private_keys import PrivateKeyRecognizer
from ferryman.detection.secrets.providers import ProviderKeyRecognizer

__all__ = [
    "ContextSecretRecognizer",
    "PrivateKeyRecognizer",
    "ProviderKeyRecognizer",
    "SecretRecognizer",
    "UrlCredentialRecognizer",
    "secret_recognizers",
]


def secret_recognizers() -> list[Recognizer]:
    """Every secret recognizer (stateless: safe to share between threads and requests)."""
    return [SecretRecognizer()]
