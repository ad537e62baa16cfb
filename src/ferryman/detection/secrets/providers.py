"""Self-identifying keys: every format whose prefix says what it is (``sk-proj-``, ``AKIA``).

One combined alternation, compiled once, finds every prefixed format in a single scan; each
branch is a named group that maps to an entity type and a minimum length. Branches match a
shorter body than their format needs so that a key cut by a line break (``ghp_abc⏎def``) is
still seen: a short match must be completed by :func:`extend_split` or it is dropped.
JWTs are validated (the header must decode to JSON with ``alg``).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator, Sequence
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.recognizer import Recognizer
from ferryman.detection.secrets.encoded import ENCODED_PREFIXES, decode_token
from ferryman.detection.secrets.prefilter import LiteralIndex, grouped_patterns
from ferryman.detection.secrets.shape import extend_split, is_placeholder

__all__ = ["FORMATS", "TRIGGER_LITERALS", "ProviderKeyRecognizer", "scan_prefixed"]

_T = r"[A-Za-z0-9_\-]"  # base64url body character

#: (group, entity type, pattern, minimum length of a complete key, literal prefixes); at one
#: position the first branch wins, so the more specific one of a shared prefix comes first.
FORMATS: tuple[tuple[str, str, str, int, tuple[str, ...]], ...] = (
    ("anthropic", "ANTHROPIC_API_KEY", rf"sk-ant-{_T}{{12,}}", 40, ("sk-",)),
    ("openrouter", "GENERIC_API_KEY", r"sk-or-v1-[0-9a-f]{16,}", 73, ("sk-",)),
    (
        "openai_scoped",
        "OPENAI_API_KEY",
        rf"sk-(?:proj|svcacct|admin|None|user)-{_T}{{10,}}",
        40,
        ("sk-",),
    ),
    ("openai", "OPENAI_API_KEY", r"sk-[A-Za-z0-9]{12,}(?![\-_])", 35, ("sk-",)),
    ("google", "GOOGLE_API_KEY", rf"AIza{_T}{{10,}}", 39, ("AIza",)),
    ("google_oauth", "GOOGLE_API_KEY", rf"(?:ya29\.|GOCSPX-){_T}{{10,}}", 30, ("ya29.", "GOCSPX-")),
    ("groq", "GROQ_API_KEY", r"gsk_[A-Za-z0-9]{10,}", 30, ("gsk_",)),
    (
        "huggingface",
        "HUGGINGFACE_TOKEN",
        r"(?:hf_|api_org_)[A-Za-z0-9]{10,}",
        30,
        ("hf_", "api_org_"),
    ),
    ("replicate", "REPLICATE_TOKEN", r"r8_[A-Za-z0-9]{10,}", 30, ("r8_",)),
    ("ferryman_token", "FERRYMAN_KEY", rf"fmt_{_T}{{12,}}", 40, ("fmt_",)),
    ("ferryman", "FERRYMAN_KEY", rf"fm_[a-z][a-z0-9\-]{{0,15}}_{_T}{{12,}}", 40, ("fm_",)),
    (
        "aws",
        "AWS_ACCESS_KEY",
        r"(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{6,16}(?![A-Za-z0-9])",
        20,
        ("AKIA", "ASIA", "ABIA", "ACCA"),
    ),
    (
        "github",
        "GITHUB_TOKEN",
        r"(?:gh[pousr]_[A-Za-z0-9]{10,}|github_pat_[A-Za-z0-9_]{12,})",
        40,
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    ),
    (
        "gitlab",
        "GITLAB_TOKEN",
        rf"gl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat|agent)-{_T}{{10,}}",
        24,
        ("glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glft-", "glimt-", "gloas-", "glsoat-"),
    ),
    ("slack", "SLACK_TOKEN", r"(?:xox[abposre]|xapp)-[A-Za-z0-9\-]{10,}", 20, ("xox", "xapp-")),
    (
        "slack_webhook",
        "SLACK_TOKEN",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_\-]{10,}",
        30,
        ("hooks.slack.com/",),
    ),
    (
        "stripe",
        "STRIPE_KEY",
        r"(?:(?:sk|rk)_(?:live|test)_|whsec_)[A-Za-z0-9]{10,}",
        24,
        ("sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"),
    ),
    ("sendgrid", "SENDGRID_KEY", rf"SG\.{_T}{{16,}}\.{_T}{{16,}}", 40, ("SG.",)),
    ("twilio", "TWILIO_KEY", r"SK[0-9a-f]{32}(?![A-Za-z0-9])", 34, ("SK",)),
    ("npm", "NPM_TOKEN", r"npm_[A-Za-z0-9]{10,}", 36, ("npm_",)),
    ("jwt", "JWT", rf"eyJ{_T}{{8,}}\.{_T}{{4,}}\.{_T}*", 20, ("eyJ",)),
    (
        "other",
        "GENERIC_API_KEY",
        r"(?:xai-[A-Za-z0-9]{30,}|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|hvs\.[A-Za-z0-9_\-]{24,}"
        r"|ATATT3[A-Za-z0-9_\-=]{40,}|AGE-SECRET-KEY-1[0-9A-Z]{50,})",
        20,
        ("xai-", "shpat_", "shpss_", "shpca_", "shppa_", "hvs.", "ATATT3", "AGE-SECRET-KEY-1"),
    ),
)

_PREFIXED = re.compile("|".join(f"(?P<{g}>{p})" for g, _, p, _, _ in FORMATS))
_TYPE = {g: t for g, t, _, _, _ in FORMATS}
_MIN = {g: n for g, _, _, n, _ in FORMATS}


#: key prefixes and the encodings of some: where a key can start
TRIGGER_LITERALS = frozenset(lit for *_, lits in FORMATS for lit in lits) | set(ENCODED_PREFIXES)
#: the prefilter: where a key prefix, or the encoding of one, occurs
_TRIGGERS = LiteralIndex([re.compile(p) for p in grouped_patterns(TRIGGER_LITERALS)])

# a token starts after a non-token character, or right after a %XX escape (URL-encoded text)
_BOUNDARY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/")
_PCT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def _starts_token(text: str, start: int) -> bool:
    if start == 0 or text[start - 1] not in _BOUNDARY:
        return True
    return start >= 3 and _PCT_ESCAPE.match(text, start - 3) is not None


def _jwt_header_ok(token: str) -> bool:
    """The first segment decodes to a JSON object that names an ``alg``."""
    head = token.split(".", 1)[0]
    try:
        raw = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
        header = json.loads(raw)
    except (binascii.Error, ValueError):
        return False
    return isinstance(header, dict) and "alg" in header


def scan_prefixed(
    text: str, *, decode: bool = True, positions: Sequence[int] | None = None
) -> Iterator[tuple[int, int, str]]:
    """``(start, end, type)`` of every prefixed key in ``text``, also base64/hex-encoded ones.

    ``positions``: where the trigger literals occur, if the caller found them already.
    """
    done = 0
    if positions is None:
        positions = [pos for pos, _ in _TRIGGERS.positions(text)]
    for pos in positions:
        if pos < done:
            continue
        m = _PREFIXED.match(text, pos)
        if m is None:
            if decode and _starts_token(text, pos):
                found = _scan_encoded(text, pos)
                if found is not None:
                    done = found[1]
                    yield found
            continue
        start, end = m.span()
        group = m.lastgroup or ""
        if group == "slack_webhook":
            for scheme in ("https://", "http://"):
                if text.startswith(scheme, start - len(scheme)):
                    start -= len(scheme)
                    break
        elif not _starts_token(text, start):
            continue
        short = end - start < _MIN[group]
        if group != "jwt":
            end = extend_split(text, end, short=short)
            if end - start < _MIN[group]:
                continue
        elif short or not _jwt_header_ok(m.group()):
            continue
        body = text[start:end]
        if is_placeholder(body[body.find("_") + 1 :] if "_" in body[:12] else body[3:]):
            continue
        done = end
        yield start, end, _TYPE[group]


def _scan_encoded(text: str, start: int) -> tuple[int, int, str] | None:
    """The encoded token at ``start`` if its decoded text holds a key (typed after that key)."""
    decoded = decode_token(text, start)
    if decoded is None:
        return None
    end, plain = decoded
    for _, _, kind in scan_prefixed(plain, decode=False):
        return start, end, kind
    if "PRIVATE KEY" in plain:
        return start, end, "PRIVATE_KEY"
    return None


class ProviderKeyRecognizer(Recognizer):
    """AI provider, cloud and platform keys recognised by their published prefixes."""

    name: ClassVar[str] = "secrets.providers"
    types: ClassVar[frozenset[str]] = frozenset(_TYPE.values())

    def find(self, text: str) -> Iterator[Finding]:
        for start, end, kind in scan_prefixed(text):
            yield Finding(start, end, kind, 1.0, self.name)
