"""Apply a policy to one text: findings in, replaced text and a metadata-only report out.

``mask`` writes ``[TYPE]``, ``pseudonymize`` a vault token ``<TYPE_n>``, ``hash`` a keyed
HMAC-SHA256 token ``[TYPE:0123456789ab]`` (stable across requests for joins, not reversible and
not brute-forceable without the key). ``block`` findings are masked here and reported; the
request stage turns them into a 422.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass, field

from ferryman.core.finding import Finding
from ferryman.detection.engine import Engine
from ferryman.transform.policy import Act, Policy
from ferryman.transform.vault import Vault, VaultFull

__all__ = ["Hasher", "Redactor", "Report"]


class Hasher:
    """Keyed, type-separated HMAC tokens for the ``hash`` action."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        self._key = hmac.new(key, b"ferryman.hash-action.v1", hashlib.sha256).digest()

    def token(self, entity: str, value: str) -> str:
        msg = entity.encode() + b"\x00" + " ".join(value.split()).encode()
        return f"[{entity}:{hmac.new(self._key, msg, hashlib.sha256).hexdigest()[:12]}]"


@dataclass(slots=True)
class Report:
    """What a request's inspection did: counts by (type, action) and blocked locations."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    blocked: list[tuple[str, str, int, int]] = field(
        default_factory=list
    )  # type, where, start, end

    def add(self, entity: str, act: Act) -> None:
        self.counts[(entity, act.label)] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Redactor:
    """Detect with an engine, decide with a policy, replace; shared by every request."""

    __slots__ = ("engine", "hasher")

    def __init__(self, engine: Engine, hasher: Hasher) -> None:
        self.engine = engine
        self.hasher = hasher

    def findings(self, text: str, policy: Policy) -> list[Finding]:
        found = self.engine.detect(text)
        if policy.ignore or policy.min_score:
            found = [
                f for f in found if f.type not in policy.ignore and f.score >= policy.min_score
            ]
        return found

    def redact(
        self,
        text: str,
        policy: Policy,
        vault: Vault,
        report: Report,
        where: str = "",
    ) -> str:
        """``text`` with the request-side actions applied (``block`` masks and is reported)."""
        found = self.findings(text, policy)
        if not found:
            return text
        out: list[str] = []
        pos = 0
        for f in found:
            act = policy.request_action(f.type)
            report.add(f.type, act)
            if act is Act.ALLOW:
                continue
            if act is Act.BLOCK:
                report.blocked.append((f.type, where, f.start, f.end))
            out.append(text[pos : f.start])
            out.append(self.replacement(text[f.start : f.end], f.type, act, vault))
            pos = f.end
        if not out:
            return text
        out.append(text[pos:])
        return "".join(out)

    def replacement(self, value: str, entity: str, act: Act, vault: Vault | None) -> str:
        if act is Act.PSEUDONYMIZE and vault is not None:
            try:
                return vault.token_for(entity, value)
            except VaultFull:
                return f"[{entity}]"
        if act is Act.HASH:
            return self.hasher.token(entity, value)
        return f"[{entity}]"
