"""Secrets: AI provider and cloud keys, platform tokens, JWTs, private keys, passwords.

Four recognizers, one per way a secret shows itself: by its own prefix (:mod:`.providers`, with
base64/hex-encoded keys from :mod:`.encoded`), as a key block (:mod:`.private_keys`), inside a
URL (:mod:`.credentials`), or by the name it is assigned to (:mod:`.generic`). They work on any
text - a prompt or a file in a repository (``ferryman scan``).
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
