"""Passwords: the value after a password word, and the password inside a credential URL.

Why the value tests differ by syntax: in a config line (``password: x``, ``PASSWORD=x``,
``"password": "x"``) whatever follows is the password unless it is a placeholder or a reference
(``${DB_PASSWORD}``, ``os.environ[...]``); in prose (``the password is expired``) a value
counts only when it looks like a password - digits, symbols or inner capitals - so words pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.recognizer import Recognizer
from ferryman.detection.secrets.assignments import Assignment
from ferryman.detection.secrets.shape import (
    is_code,
    is_common_password,
    is_placeholder,
    password_shaped,
)

__all__ = ["PASSWORD_WORDS", "UrlCredentialRecognizer", "is_password_name", "password_value"]

#: name fragments that make a name a password field (lower case, folded)
PASSWORD_WORDS = (
    "pass", "pwd", "mdp", "wachtwoord", "contrase", "kennwort", "clave", "senha", "parol",
    "hasł", "salasan", "lösenord", "adgangskode", "heslo", "jelsz", "пapoль",
)  # fmt: skip
# names that mention a password but do not hold one
_NOT_A_PASSWORD = re.compile(
    r"hash|salt|reset|policy|length|(?<![a-z])min|(?<![a-z])max|min$|max$|expir|forgot|chang|confirm|hint|url|file|path|"
    r"field|label|prompt|rule|strength|history|count|age|required|enabled|type|mode|manager|"
    r"less|compass|passport|passeng|passag|bypass|passed|passing|passiv|passion|passer|passé|"
    r"passt|passes|passi|passa|passo|passu|encoder|auth_method|^pass$|pwd_?dir|clavier|threshold|"
    r"through|getpass|pass_?(?:fail|rate)|^hide|^show|^has|^is_|^use|^ask|^need",
)
_REFERENCE = re.compile(r"^(?:\$|%|\{|@|&|env[.:(\[]|os\.|process\.|getenv|get_secret|secrets?\.)")
_TRIVIAL = frozenset({"true", "false", "null", "none", "nil", "yes", "no", "on", "off", "n/a"})
# anchored at "://" (a literal: searched at C speed); the last "@" before the host ends the password
_CRED_URL = re.compile(
    r"://(?P<user>[^\s:/@\"'<>]{0,128}):(?P<pw>[^\s/\"'<>]{1,256})@(?=[A-Za-z0-9\[._\-])"
)


#: words between a cue and a later value that say the value is about the password, not it
_NOT_ANNOUNCED = re.compile(
    r"reset|polic|manager|hint|length|expir|forgot|rule|strength|requirement|field|prompt|link|"
    r"hash|vault|ticket|issue|beleid|richtlin|politi|règle|regla|regel|lunghez|longueur|länge",
    re.IGNORECASE,
)
_PW_NAME = re.compile(r"(?:^|[_.\-])pw(?:$|[_.\-])")
#: a credential URL's password that is not one: a sample, or a multi-host URL's port list
_NOT_URL_PASSWORD = re.compile(r"\d{1,5},.*")


def is_password_name(name: str) -> bool:
    """A name (lower case) of a password field."""
    return (
        any(w in name for w in PASSWORD_WORDS) or _PW_NAME.search(name) is not None
    ) and _NOT_A_PASSWORD.search(name) is None


def password_value(text: str, a: Assignment) -> bool:
    """Whether the value of a password-named assignment is a password."""
    value = text[a.value_start : a.value_end]
    if len(value) < 3 or value.lower() in _TRIVIAL or _REFERENCE.match(value):
        return False
    if is_placeholder(value) or (value.isdigit() and len(value) < 4):
        return False
    if not a.quoted and is_code(value):  # password = parts["password"], password: SecretStr
        return False
    if a.late and _NOT_ANNOUNCED.search(text, a.name_start, a.value_start) is not None:
        return False  # my password manager is ..., the password reset link: ...
    if a.prose:  # prose, or the sentence after a cue word: a password's shape, never a word
        return password_shaped(value) and "passw" not in value.lower()
    if value.isdigit():  # a PIN-like config value
        return len(value) >= 6
    return password_shaped(value, 256)


class UrlCredentialRecognizer(Recognizer):
    """The password of ``scheme://user:password@host`` (a database URL, a proxy, a git remote)."""

    name: ClassVar[str] = "secrets.url_credentials"
    types: ClassVar[frozenset[str]] = frozenset({"URL_WITH_CREDENTIALS"})

    def find(self, text: str) -> Iterator[Finding]:
        if "://" not in text:
            return
        for m in _CRED_URL.finditer(text):
            value = m.group("pw")
            if (
                len(value) < 3
                or is_placeholder(value)
                or _REFERENCE.match(value)
                or is_common_password(value)
                or _NOT_URL_PASSWORD.fullmatch(value)
            ):
                continue
            yield Finding(m.start("pw"), m.end("pw"), "URL_WITH_CREDENTIALS", 0.95, self.name)
