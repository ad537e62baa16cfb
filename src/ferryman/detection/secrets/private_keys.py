"""Private keys: PEM, OpenSSH and PGP blocks, and Google service-account key files.

The whole block is the secret, from ``-----BEGIN ... PRIVATE KEY-----`` through its ``END``
line; a block pasted without its END line (a truncated paste) is covered through its last
base64 line. A block may arrive JSON-escaped (``\\n`` as two characters, as in a
service-account file); the patterns accept both forms. Inside a service-account JSON the key and
its ``private_key_id`` are typed ``GCP_SERVICE_ACCOUNT``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.recognizer import Recognizer

__all__ = ["PrivateKeyRecognizer"]

_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----")
_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
# lines of a block body: base64, or a header such as "Proc-Type: 4,ENCRYPTED", separated by real
# or JSON-escaped line breaks
_BODY = re.compile(
    r"(?:(?:\\[rn]|\s)+(?:[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9+/]{1,15}={1,2}"
    r"|[A-Z][A-Za-z\-]*: [^\n\\]*))*"
)
_PUTTY = re.compile(r"PuTTY-User-Key-File-\d: [^\n]*\n(?:[A-Za-z\-]+: [^\n]*\n(?:[^\n:]+\n)*)+")
_GCP_KEY = re.compile(r'"private_key"\s*:\s*"\Z')
_GCP_ID = re.compile(r'"private_key_id"\s*:\s*"([0-9a-f]{40})"')
_MAX_BLOCK = 20_000
#: the JSON-escaped line break that ends a block inside a string (``...KEY-----\\n"``)
_ESCAPED_EOL = re.compile(r"(?:\\r)?\\n")


class PrivateKeyRecognizer(Recognizer):
    """Whole private-key blocks (PEM, OpenSSH, PGP, PuTTY) and service-account key fields."""

    name: ClassVar[str] = "secrets.private_keys"
    types: ClassVar[frozenset[str]] = frozenset({"PRIVATE_KEY", "GCP_SERVICE_ACCOUNT"})

    def find(self, text: str) -> Iterator[Finding]:
        if "-----BEGIN " in text:
            yield from self._blocks(text)
        if "PuTTY-User-Key-File-" in text:
            for m in _PUTTY.finditer(text):
                yield Finding(m.start(), m.end(), "PRIVATE_KEY", 1.0, self.name)
        if '"private_key_id"' in text:
            for m in _GCP_ID.finditer(text):
                yield Finding(m.start(1), m.end(1), "GCP_SERVICE_ACCOUNT", 1.0, self.name)

    def _blocks(self, text: str) -> Iterator[Finding]:
        pos = 0
        while (m := _BEGIN.search(text, pos)) is not None:
            end_m = _END.search(text, m.end(), m.end() + _MAX_BLOCK)
            body = _BODY.match(text, m.end())
            end = end_m.end() if end_m is not None else body.end() if body else m.end()
            eol = _ESCAPED_EOL.match(text, end) if end_m is not None else None
            if eol is not None:
                end = eol.end()
            in_json = _GCP_KEY.search(text, max(0, m.start() - 40), m.start()) is not None
            kind = "GCP_SERVICE_ACCOUNT" if in_json else "PRIVATE_KEY"
            yield Finding(m.start(), end, kind, 1.0, self.name)
            pos = end
