"""The pseudonym vault: value <-> token, so the same value gets the same token everywhere.

Tokens look like ``<EMAIL_1>``: typed (the model can still reason that it is an email address),
numbered per type in order of first appearance, and unlikely to occur in real text. The vault
lives in memory for one request; a conversation-scoped vault is persisted encrypted between
turns (see :mod:`ferryman.transform.conversations`). It never leaves the gateway.
"""

from __future__ import annotations

import re

import orjson

__all__ = ["TOKEN_RE", "Vault", "VaultFull"]

#: a pseudonym token as the gateway writes it
TOKEN_RE = re.compile(r"<([A-Z][A-Z0-9_]*?)_([1-9][0-9]{0,5})>")
#: the longest token the vault can mint (``<` + type + ``_`` + 6 digits + ``>``)
MAX_TOKEN_LEN = 2 + 24 + 1 + 6


class VaultFull(Exception):
    """More distinct values than the vault may hold (fail closed: the caller masks instead)."""


class Vault:
    __slots__ = ("_by_key", "_by_token", "_counts", "dirty", "max_entries")

    def __init__(self, max_entries: int = 5000) -> None:
        self.max_entries = max_entries
        self._by_key: dict[tuple[str, str], str] = {}
        self._by_token: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self.dirty = False

    def __len__(self) -> int:
        return len(self._by_token)

    def __repr__(self) -> str:  # never show values
        return f"Vault(entries={len(self)})"

    @staticmethod
    def _key(entity: str, value: str) -> tuple[str, str]:
        folded = " ".join(value.split())
        return entity, folded.casefold() if entity == "EMAIL" else folded

    def token_for(self, entity: str, value: str) -> str:
        key = self._key(entity, value)
        token = self._by_key.get(key)
        if token is not None:
            return token
        if len(self._by_token) >= self.max_entries:
            raise VaultFull
        n = self._counts.get(entity, 0) + 1
        self._counts[entity] = n
        token = f"<{entity}_{n}>"
        self._by_key[key] = token
        self._by_token[token] = value
        self.dirty = True
        return token

    def value_of(self, token: str) -> str | None:
        return self._by_token.get(token)

    def values(self) -> list[str]:
        """The original values (for the answer side's exfiltration check; never logged)."""
        return list(self._by_token.values())

    def restore(self, text: str) -> str:
        """``text`` with every token of this vault replaced by its original value."""
        if "<" not in text or not self._by_token:
            return text
        return TOKEN_RE.sub(lambda m: self._by_token.get(m.group(0), m.group(0)), text)

    def dumps(self) -> bytes:
        return orjson.dumps([[t, v] for t, v in self._by_token.items()])

    @classmethod
    def loads(cls, data: bytes, max_entries: int = 5000) -> Vault:
        vault = cls(max_entries)
        for token, value in orjson.loads(data):
            m = TOKEN_RE.fullmatch(token)
            if m is None or not isinstance(value, str):
                continue
            entity, n = m.group(1), int(m.group(2))
            vault._by_token[token] = value
            vault._by_key[cls._key(entity, value)] = token
            vault._counts[entity] = max(vault._counts.get(entity, 0), n)
        return vault
