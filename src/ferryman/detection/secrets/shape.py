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
from collections import _count_elements  # type: ignore[attr-defined]

__all__ = [
    "TOKEN_TAIL",
    "extend_split",
    "is_code",
    "is_common_password",
    "is_known_non_secret",
    "is_placeholder",
    "looks_random",
    "password_shaped",
    "random_shape",
    "shannon",
]

_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-fA-F]+")
_DIGEST = re.compile(r"(?:sha(?:1|256|384|512)|md5):[0-9a-fA-F]{32,128}", re.IGNORECASE)
_VERSIONISH = re.compile(r"v?\d+(?:[._\-:/T ]\d+)+(?:[-+.][0-9A-Za-z.\-]+)?")
_PATHISH = re.compile(r"[a-z0-9_\-~]*(?:[./\\:@][a-z0-9_\-~]+)+/?")
_WORDISH = re.compile(r"_*[A-Za-z]+(?:[_\-.]+(?:[A-Za-z]+|\d{1,3}(?=[_\-.])))*_*")
_IDENTIFIER_WITH_NUMBER = re.compile(r"[A-Za-z]+(?:[_\-.][A-Za-z]+)*[_\-.]?\d{1,4}")
_PREFIXED_ID = re.compile(r"[A-Za-z]{2,6}[-_]?\d{4}(?:[-_][A-Za-z0-9]{2,8})*")
_REPEAT = re.compile(r"(.)\1\1\1\1\1")  # = (.)\1{5,}, 2.5x faster to search
_TEMPLATE = re.compile(
    r"\$\{|\$[A-Z_]{3,}|\{\{|<[^>]*>|%\(|%s|\bos\.(?:environ|getenv)|process\.env|getenv|"
    r"\*{3,}|\.{3}|…|REDACTED|MASKED|\[[A-Z_ ]+\]|\{[\w.]*\}",
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
#: the words of a value (what ``[_\-.\s]+`` separates)
_WORD = re.compile(r"[^_\-.\s]+")
#: a character that every _TEMPLATE branch needs, except those led by a word or "..." and "…"
_TEMPLATE_CHAR = re.compile(r"[${<%*\[]")
#: every is_known_non_secret shape in one alternation: one fullmatch call instead of eight
_KNOWN_NON_SECRET = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            _UUID.pattern,
            "(?i:" + _DIGEST.pattern + ")",
            "|".join(f"[0-9a-fA-F]{{{n}}}" for n in (7, 8, 12, 40, 64)),  # git SHAs, hashes
            _VERSIONISH.pattern,
            _PATHISH.pattern,
            _WORDISH.pattern,
            _IDENTIFIER_WITH_NUMBER.pattern,
            _PREFIXED_ID.pattern,
        )
    )
)
#: ASCII character -> class: "0" digit, "A" upper, "a" lower, "." other
_CLASS_TABLE = bytes(
    ord("0") if "0" <= chr(i) <= "9" else ord("A") if "A" <= chr(i) <= "Z"
    else ord("a") if "a" <= chr(i) <= "z" else ord(".")
    for i in range(256)
)  # fmt: skip
#: entropy terms per length (values longer than this compute them directly)
_TERM_CACHE_MAX = 512
_TERMS: dict[int, list[float]] = {}
#: characters a token may contain; used to continue a token across a line break
TOKEN_TAIL = re.compile(r"[A-Za-z0-9_\-]+")
#: code where a literal would be: a call or index (``f(``, ``a[``), a generic type
#: (``Optional[str]``), closing brackets that continue (``)}``, ``].x``), a leading bracket
_CALL_OR_INDEX = re.compile(r"[\w$][(\[]|[)\]][)\]}.,(\[:]|^[(\[{]|[{}]")
#: an identifier or attribute chain (``self._token``, ``WORKLOAD_KEY_PLACEHOLDER``, ``SecretStr``)
_CODE_NAME = re.compile(r"[A-Za-z_$][A-Za-z$]*\d{0,3}(?:[_.]+[A-Za-z$]*\d{0,3})*")
#: ``SecretStr``, ``Ed25519PrivateKey``, ``getToken`` (never ``Kastanie1960``: digits end no word)
_CAMEL = re.compile(r"[A-Za-z][a-z]+(?:[A-Z]{1,3}[a-z]{2,}|\d{1,5}(?=[A-Z]))*")
#: passwords of documentation and samples (``scott:tiger``, ``password1``, ``changeme``)
_COMMON_PASSWORD = re.compile(
    r"(?:my|your|some|the|new|old|db|admin|user|super|top)?[_\- ]?"
    r"(?:pass(?:word|wd|wort)?|p[@a]ssw[o0]rd|secret|changeme|change_?me|change_?it|admin|root|"
    r"test|tiger|scott|hunter|letmein|qwerty|example|dummy|foobar|foo|bar|baz|abc|welcome|"
    r"default|sample|demo|guest|user|whatever|value|secure|s3cr3t|mysecret|pw|pwd|xxx+)"
    r"[_\-]?(?:\d{0,6}|123456789|abc)[!.#*$@]?",
    re.IGNORECASE,
)
#: what a password is not, though it mixes letters with digits or symbols
_NOT_PASSWORD_SHAPE = re.compile(
    r"[A-Z]{2,6}-\d{3,}|[^@\s]+@[^@\s]+\.[A-Za-z]{2,}|[a-z][a-z0-9+.\-]*://.*|[/~].*|www\..*|"
    r"[A-Za-z0-9.\-]+\.(?:com|org|net|io|dev|example|test|local|internal)"
)
_PW_PLAIN = frozenset("-'\u2019.,")
_FRAGMENT_END = re.compile(r"[\"'`,;)\]}]*[ \t]*(?:\r?\n|$)")


def shannon(value: str) -> float:
    """Shannon entropy in bits per character."""
    n = len(value)
    if n == 0:
        return 0.0
    counts: dict[str, int] = {}
    _count_elements(counts, value)  # Counter's C helper; first-seen order, as Counter sums
    if n > _TERM_CACHE_MAX:
        return -sum([c / n * math.log2(c / n) for c in counts.values()])
    terms = _TERMS.get(n)
    if terms is None:  # c / n * log2(c / n) for every count c, computed exactly as above
        terms = _TERMS[n] = [0.0] + [c / n * math.log2(c / n) for c in range(1, n + 1)]
    return -sum(map(terms.__getitem__, counts.values()))  # same terms, same order


def _template(value: str) -> bool:
    """``_TEMPLATE.search(value)``, skipped when an ASCII value has none of its cues."""
    if value.isascii():
        low = value.lower()
        if (
            _TEMPLATE_CHAR.search(value) is None
            and "s." not in low  # os.environ, os.getenv, process.env
            and ".." not in value
            and "getenv" not in low
            and "redacted" not in low
            and "masked" not in low
        ):
            return False
    return _TEMPLATE.search(value) is not None


def is_placeholder(value: str) -> bool:
    """Template variables, masks and filler words that stand where a secret would go."""
    if _template(value) or _REPEAT.search(value):
        return True
    for m in _WORD.finditer(value.lower()):  # lazily: a key fails on its first word
        w = m.group()
        if w not in _FILLER and w.strip("x"):
            return False
    return True


def is_known_non_secret(value: str) -> bool:
    """UUIDs, digests, git SHAs, versions, timestamps, paths, host names and plain identifiers."""
    return _KNOWN_NON_SECRET.fullmatch(value) is not None


def looks_random(value: str, min_len: int = 16) -> bool:
    """A machine-generated key: long enough, mixed character classes, high entropy."""
    if len(value) < min_len or is_placeholder(value):
        return False
    return random_shape(value)


def random_shape(value: str) -> bool:
    """:func:`looks_random` without its length and placeholder tests (done by the caller)."""
    n = len(value)
    if value.isascii():  # one C pass classifies every character
        classes_of = value.encode("ascii").translate(_CLASS_TABLE)
        digits = classes_of.count(b"0")
        upper = classes_of.count(b"A")
        lower = classes_of.count(b"a")
    else:
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


def is_code(value: str) -> bool:
    """An expression where a literal would stand: ``header[i:eq].strip()``, ``Optional[str]``,
    ``self._password_bytes``, ``_enforce_credentials``, ``SecretStr`` - never a key or password
    (those mix digits into the letters: ``_CODE_NAME`` allows digits only at a name's end)."""
    if _CALL_OR_INDEX.search(value) is not None:
        return True
    if ("_" in value or "." in value or "$" in value) and _CODE_NAME.fullmatch(value) is not None:
        return True
    # camelCase / PascalCase words: every capital run is followed by two lower-case letters
    return _CAMEL.fullmatch(value) is not None


def is_common_password(value: str) -> bool:
    """A sample password of documentation (``tiger``, ``password1``, ``changeme``, ``admin123``)."""
    return _COMMON_PASSWORD.fullmatch(value) is not None


def password_shaped(value: str, max_len: int = 64) -> bool:
    """Letters mixed with digits or symbols, 6 to ``max_len`` characters, no spaces; never a
    plain or hyphenated word, an e-mail, URL, path, host, version or ticket id, nor a sample
    password (``Blauwe1994%`` and ``blauwe-marmotte-77`` pass, ``well-known`` does not)."""
    n = len(value)
    if n < 6 or n > max_len or " " in value or "\t" in value:
        return False
    letters = digits = symbols = False
    for c in value:
        if c.isalpha():
            letters = True
        elif c.isdigit():
            digits = True
        elif c not in _PW_PLAIN:
            symbols = True
    if not letters or not (digits or symbols):
        return False
    if _NOT_PASSWORD_SHAPE.fullmatch(value) is not None or _VERSIONISH.fullmatch(value):
        return False
    return not is_common_password(value) and not is_placeholder(value)
