"""Keys known only by their context: ``api_key: <random>``, ``MISTRAL_API_KEY=...``, passwords.

The name decides the type (``aws_secret_access_key`` -> AWS_SECRET_KEY, ``AZURE_OPENAI_KEY`` ->
AZURE_KEY, ``cohere`` -> COHERE_API_KEY, otherwise GENERIC_API_KEY); the value must look
machine-made (see :mod:`.shape`). UUIDs pass only after a strong name (``api_key``,
``client_secret``), never after a weak one (``token``, ``key``); git SHAs, digests, versions,
paths and words never pass on their own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.recognizer import Recognizer
from ferryman.detection.secrets.assignments import assignments
from ferryman.detection.secrets.credentials import is_password_name, password_value
from ferryman.detection.secrets.shape import (
    is_code,
    is_known_non_secret,
    is_placeholder,
    random_shape,
)

__all__ = ["ContextSecretRecognizer", "context_findings", "key_type"]

_SQUASH = re.compile(r"[_\-.\s]+")
# names that hold a secret whatever else they say
_STRONG = re.compile(
    r"apikey|apitoken|secret|accesskey|privatekey|authtoken|accesstoken|refreshtoken|bearer|"
    r"authorization|credential|subscriptionkey|accountkey|sharedaccesskey|masterkey|signingkey|"
    r"encryptionkey|sessiontoken|webhooktoken|bottoken|apptoken|xapikey|licensekey|passphrase"
)
_WEAK = re.compile(r"key$|token$|^key|^token|auth$|^auth|keys?[0-9]?$|tokens?[0-9]?$")
# names that contain a trigger word but never hold a secret
_NOT_A_SECRET_NAME = re.compile(
    r"public|publishable|maxtoken|tokentype|tokenizer|tokencount|tokenlimit|tokenurl|tokenendpoint|"
    r"keyboard|keyword|monkey|turkey|hotkey|keycode|keyspace|keyname|keyid$|primarykey|foreignkey|"
    r"sortkey|cachekey|idempotency|partitionkey|author(?!iz)|authority|authenticat|authoriz(?!ation)|"
    r"authmethod|authtype|authmode|authurl|authendpoint|keyfile|keypath|keyformat|keysize|"
    r"keylength|keyalg|tokenexpir|expiresin|keyvault|keyring|keychain|fingerprint|keyusage"
)
#: (name fragment, entity type): the first fragment found in a name (or its section) types it
_PROVIDERS = (
    ("anthropic", "ANTHROPIC_API_KEY"), ("claude", "ANTHROPIC_API_KEY"),
    ("openai", "OPENAI_API_KEY"), ("azure", "AZURE_KEY"), ("ocpapim", "AZURE_KEY"),
    ("accountkey", "AZURE_KEY"), ("sharedaccesskey", "AZURE_KEY"), ("cognitive", "AZURE_KEY"),
    ("mistral", "MISTRAL_API_KEY"), ("cohere", "COHERE_API_KEY"), ("coapikey", "COHERE_API_KEY"),
    ("groq", "GROQ_API_KEY"), ("gemini", "GOOGLE_API_KEY"), ("google", "GOOGLE_API_KEY"),
    ("huggingface", "HUGGINGFACE_TOKEN"), ("hftoken", "HUGGINGFACE_TOKEN"),
    ("replicate", "REPLICATE_TOKEN"), ("ferryman", "FERRYMAN_KEY"),
    ("awssecret", "AWS_SECRET_KEY"), ("secretaccesskey", "AWS_SECRET_KEY"),
    ("github", "GITHUB_TOKEN"), ("gitlab", "GITLAB_TOKEN"), ("slack", "SLACK_TOKEN"),
    ("stripe", "STRIPE_KEY"), ("sendgrid", "SENDGRID_KEY"), ("twilio", "TWILIO_KEY"),
    ("npm", "NPM_TOKEN"),
)  # fmt: skip
_HEX = re.compile(r"[0-9a-fA-F]{32,}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_SECTION = re.compile(r"(?m)^([A-Za-z_][\w\-]*)\s*:\s*$")


def key_type(name: str, section: str = "") -> str:
    """The entity type a secret-ish name stands for."""
    for scope in (name, section):
        for fragment, kind in _PROVIDERS:
            if fragment in scope:
                return kind
    return "GENERIC_API_KEY"


def _section(text: str, pos: int) -> str:
    """The YAML/INI parent section of the line at ``pos`` (``azure:`` above ``api_key: x``)."""
    window = text[max(0, pos - 200) : pos]
    found = _SECTION.findall(window) or re.findall(r"\[([\w.\-]+)\]", window)
    return _SQUASH.sub("", found[-1].lower()) if found else ""


def _key_value(
    value: str, strong: bool, prose: bool, quoted: bool = True, late: bool = False
) -> bool:
    """Whether a value next to a key-ish name is a secret.

    ``quoted``: a string literal; an unquoted value must not be code (``key = header[i:j]``,
    ``token = self._token``). ``late``: found further along a sentence (``pager key `x```):
    no UUID, git SHA or other known shape passes.
    """
    if len(value) < (20 if prose else 16):
        return False  # cheapest test first: too short for looks_random, a UUID or a hex key
    if " " in value or is_placeholder(value) or (not quoted and is_code(value)):
        return False
    if late and is_known_non_secret(value):
        return False
    if _UUID.fullmatch(value):
        return strong
    if _HEX.fullmatch(value):
        return any(c.isalpha() for c in value) and any(c.isdigit() for c in value)
    if is_known_non_secret(value):
        return False
    return random_shape(value)  # looks_random: its length and placeholder tests passed above


_PREVIOUS_WORD = re.compile(r"([A-Za-z]{1,20})[ \t_\-]*$")


def _previous_word(text: str, pos: int) -> str:
    """The word before ``pos`` on its line, lower case (``cache`` in ``cache key``)."""
    m = _PREVIOUS_WORD.search(text, max(0, pos - 24), pos)
    return m.group(1).lower() if m is not None else ""


def _covered(claimed: Sequence[tuple[int, int]], starts: Sequence[int], v0: int, v1: int) -> bool:
    """Whether ``[v0, v1)`` lies inside one claimed span (spans sorted, non-overlapping)."""
    i = bisect_right(starts, v0) - 1
    return i >= 0 and claimed[i][1] >= v1


_PASSWORD = ("<password>", False)  # sentinels, compared by identity
_NOT_SECRET = ("<not a secret>", False)
#: name -> its role (the name tests cost more than the dict; names repeat across texts)
_ROLES: dict[str, tuple[str, bool]] = {}
_ROLES_MAX = 4096


def _role(name: str) -> tuple[str, bool]:
    """_PASSWORD, _NOT_SECRET, or the squashed name of a key and whether it is a strong one."""
    if is_password_name(name):
        return _PASSWORD
    squashed = _SQUASH.sub("", name)
    if _NOT_A_SECRET_NAME.search(squashed):
        return _NOT_SECRET
    strong = _STRONG.search(squashed) is not None
    if not strong and _WEAK.search(squashed) is None:
        return _NOT_SECRET
    return squashed, strong


def context_findings(
    text: str,
    name: str,
    claimed: Sequence[tuple[int, int]] = (),
    triggers: tuple[list[tuple[int, str]], str] | None = None,
) -> Iterator[Finding]:
    """Findings by assignment name; values inside a ``claimed`` span are not tested.

    A value a surer recognizer already covers (a provider key after ``OPENAI_API_KEY=``) would
    only merge into that finding: skipping it saves the value tests, the costliest step here.
    ``triggers``: the trigger words already found (see :func:`.assignments.assignments`).
    """
    starts = [s for s, _ in claimed]
    for a in assignments(text, triggers):
        if claimed and _covered(claimed, starts, a.value_start, a.value_end):
            continue
        role = _ROLES.get(a.name)
        if role is None:
            role = _role(a.name)
            if len(_ROLES) >= _ROLES_MAX:
                _ROLES.clear()
            _ROLES[a.name] = role
        if role is _PASSWORD:
            if password_value(text, a):
                yield Finding(a.value_start, a.value_end, "PASSWORD", 0.85, name)
            continue
        if role is _NOT_SECRET:
            continue
        squashed, strong = role
        if a.late and _NOT_A_SECRET_NAME.search(_previous_word(text, a.name_start) + squashed):
            continue  # cache key `...`, primary key `...`
        if _key_value(text[a.value_start : a.value_end], strong, a.prose, a.quoted, a.late):
            kind = key_type(squashed, _section(text, a.name_start))
            yield Finding(a.value_start, a.value_end, kind, 0.8, name)


class ContextSecretRecognizer(Recognizer):
    """Passwords and keys recognised by the name they are assigned to."""

    name: ClassVar[str] = "secrets.context"
    types: ClassVar[frozenset[str]] = frozenset(
        {kind for _, kind in _PROVIDERS} | {"GENERIC_API_KEY", "PASSWORD"}
    )

    def find(self, text: str) -> Iterator[Finding]:
        return context_findings(text, self.name)
