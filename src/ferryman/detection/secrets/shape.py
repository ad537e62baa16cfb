"""What a candidate value looks like: entropy, character classes, well-known non-secret shapes.

Context recognizers (``api_key: X``, ``password = X``) only know that a keyword stands next to a
value; whether the value is a secret is decided here. The tests are cheap string checks run on
candidates only, never on the whole text. Why entropy plus classes: random keys mix letters and
digits with high per-character entropy, while the false friends next to the same keywords -
words, paths, versions, UUIDs, git SHAs, digests, placeholders - fail one of the two.
"""

from __future__ import annotations

import math
import re
from collections import Counter

__all__ = [
    "TOKEN_TAIL",
    "extend_split",
    "is_known_non_secret",
    "is_placeholder",
    "looks_random",
    "shannon",
]

_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-fA-F]+")
_DIGEST = re.compile(r"(?:sha(?:1|256|384|512)|md5):[0-9a-fA-F]{32,128}", re.IGNORECASE)
_VERSIONISH = re.compile(r"v?\d+(?:[._\-:/T ]\d+)+(?:[-+.][0-9A-Za-z.\-]+)?")
_PATHISH = re.compile(r"[a-z0-9_\-~]*(?:[./\\:@][a-z0-9_\-~]+)+/?")
_WORDISH = re.compile(r"[A-Za-z]+(?:[_\-.][A-Za-z]+)*")
_IDENTIFIER_WITH_NUMBER = re.compile(r"[A-Za-z]+(?:[_\-.][A-Za-z]+)*[_\-.]?\d{1,4}")
_PREFIXED_ID = re.compile(r"[A-Za-z]{2,6}[-_]?\d{4}(?:[-_][A-Za-z0-9]{2,8})*")
_REPEAT = re.compile(r"(.)\1{5,}")
_TEMPLATE = re.compile(
    r"\$\{|\$[A-Z_]{3,}|\{\{|<[^>]*>|%\(|%s|\bos\.(?:environ|getenv)|process\.env|getenv|"
    r"\*{3,}|\.{3}|…|REDACTED|MASKED|\[[A-Z_ ]+\]",
    re.IGNORECASE,
)
_FILLER = frozenset(
    [
        "your",
        "my",
        "the",
        "a",
        "an",
        "insert",
        "enter",
        "put",
        "add",
        "replace",
        "example",
        "sample",
        "dummy",
        "fake",
        "test",
        "testing",
        "placeholder",
        "changeme",
        "change",
        "me",
        "secret",
        "password",
        "passwd",
        "pass",
        "token",
        "api",
        "key",
        "here",
        "none",
        "null",
        "nil",
        "undefined",
        "empty",
        "true",
        "false",
        "yes",
        "no",
        "required",
        "optional",
        "todo",
        "tbd",
        "fixme",
        "string",
        "value",
        "foo",
        "bar",
        "baz",
        "abc",
        "qwerty",
        "redacted",
        "hidden",
        "masked",
        "removed",
        "omitted",
        "access",
        "auth",
        "client",
        "id",
        "goes",
        "xxx",
        "xxxx",
    ]
)
_SEPARATORS = re.compile(r"[_\-.\s]+")
#: characters a token may contain; used to continue a token across a line break
TOKEN_TAIL = re.compile(r"[A-Za-z0-9_\-]+")
_FRAGMENT_END = re.compile(r"[\"'`,;)\]}]*[ \t]*(?:\r?\n|$)")


def shannon(value: str) -> float:
    """Shannon entropy in bits per character."""
    n = len(value)
    if n == 0:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def is_placeholder(value: str) -> bool:
    """Template variables, masks and filler words that stand where a secret would go."""
    if _TEMPLATE.search(value) or _REPEAT.search(value):
        return True
    words = _SEPARATORS.split(value.lower())
    return all(not w or w in _FILLER or w.strip("x") == "" for w in words)


def is_known_non_secret(value: str) -> bool:
    """UUIDs, digests, git SHAs, versions, timestamps, paths, host names and plain identifiers."""
    if _UUID.fullmatch(value) or _DIGEST.fullmatch(value):
        return True
    if _HEX.fullmatch(value) and len(value) in (7, 8, 12, 40, 64):
        return True  # short or full git SHAs, content hashes
    return bool(
        _VERSIONISH.fullmatch(value)
        or _PATHISH.fullmatch(value)
        or _WORDISH.fullmatch(value)
        or _IDENTIFIER_WITH_NUMBER.fullmatch(value)
        or _PREFIXED_ID.fullmatch(value)
    )


def looks_random(value: str, min_len: int = 16) -> bool:
    """A machine-generated key: long enough, mixed character classes, high entropy."""
    n = len(value)
    if n < min_len or is_placeholder(value):
        return False
    digits = sum(map(str.isdigit, value))
    upper = sum(map(str.isupper, value))
    lower = sum(map(str.islower, value))
    if digits == n:
        return False
    classes = (digits > 0) + (upper > 0) + (lower > 0) + (digits + upper + lower < n)
    entropy = shannon(value)
    if _HEX.fullmatch(value):
        return digits >= 2 and digits + 2 <= n and entropy >= 3.0
    if classes < 2 or (digits == 0 and digits + upper + lower == n):
        return n >= 24 and entropy >= 4.0 and upper > 0 and lower > 0
    return entropy >= (3.0 if n < 24 else 3.3)


def extend_split(text: str, end: int, *, limit: int = 3, short: bool = False) -> int:
    """Continue a token that a line break cut in two (``ghp_abc\\ndef``).

    A following line joins only when it is a bare fragment - token characters up to the end of
    the line, at most followed by a closing quote or comma - and looks machine-made (digits or
    mixed case), so a line such as ``ANTHROPIC_API_KEY=...`` or a word of prose never joins.
    ``short`` says the token is shorter than its format requires: any bare fragment joins.
    """
    for _ in range(limit):
        nl = end
        if text.startswith("\r\n", nl):
            nl += 2
        elif text.startswith("\n", nl):
            nl += 1
        else:
            return end
        frag = TOKEN_TAIL.match(text, nl)
        if frag is None or _FRAGMENT_END.match(text, frag.end()) is None:
            return end
        piece = frag.group()
        machine = any(c.isdigit() for c in piece) or (
            any(c.isupper() for c in piece[1:]) and any(c.islower() for c in piece)
        )
        if not short and (len(piece) < 4 or not machine):
            return end
        end = frag.end()
    return end
