"""All secret recognizers in one pass per text: what :func:`secret_recognizers` hands the engine.

Why one recognizer: the four searches share per-text work - one call instead of four, and the
spans the provider scan claims are passed to the name-based scan, which then skips testing the
values it would only have merged into a surer finding (``OPENAI_API_KEY=sk-...``). Findings keep
the name of the recognizer that made them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.recognizer import Recognizer
from ferryman.detection.secrets.assignments import TRIGGERS
from ferryman.detection.secrets.credentials import UrlCredentialRecognizer
from ferryman.detection.secrets.generic import ContextSecretRecognizer, context_findings
from ferryman.detection.secrets.prefilter import LiteralScan
from ferryman.detection.secrets.private_keys import PrivateKeyRecognizer
from ferryman.detection.secrets.providers import (
    TRIGGER_LITERALS,
    ProviderKeyRecognizer,
    scan_prefixed,
)

__all__ = ["SecretRecognizer"]

_PROVIDERS = ProviderKeyRecognizer.name
_CONTEXT = ContextSecretRecognizer.name
#: key prefixes and assignment trigger words in one pass (None per text: each its own index)
_SCAN = LiteralScan(TRIGGER_LITERALS, TRIGGERS)


class SecretRecognizer(Recognizer):
    """Provider keys, private keys, credential URLs and name-assigned secrets together."""

    name: ClassVar[str] = "secrets"
    types: ClassVar[frozenset[str]] = (
        ProviderKeyRecognizer.types
        | PrivateKeyRecognizer.types
        | UrlCredentialRecognizer.types
        | ContextSecretRecognizer.types
    )

    def __init__(self) -> None:
        self._keys = PrivateKeyRecognizer()
        self._urls = UrlCredentialRecognizer()

    def find(self, text: str) -> Iterator[Finding]:
        scan = _SCAN.scan(text)
        keys = list(scan_prefixed(text, positions=scan[0] if scan else None))
        for start, end, kind in keys:
            yield Finding(start, end, kind, 1.0, _PROVIDERS)
        yield from self._keys.find(text)
        yield from self._urls.find(text)
        claimed = [(start, end) for start, end, _ in keys]
        yield from context_findings(text, _CONTEXT, claimed, scan[1:] if scan else None)
