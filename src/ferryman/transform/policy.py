"""A data policy compiled for the hot path: one dict lookup per finding.

Resolution, most specific first: a single type's entry, then its group's, then its class's.
Two policies (a key's and a route's) combine by taking, per type, the stricter action, so
naming a policy on a route can only tighten what a key may send, never loosen it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from ferryman.detection.entities import GROUPS, TYPES, DataClass, default_class, members
from ferryman.settings.policies import PolicySettings

__all__ = ["DEFAULT_POLICY", "Act", "Policy", "compile_policy", "strictest"]


class Act(IntEnum):
    """Actions, ordered by strictness (a higher value leaks less)."""

    ALLOW = 0
    PSEUDONYMIZE = 1
    HASH = 2
    MASK = 3
    BLOCK = 4

    @property
    def label(self) -> str:
        return self.name.lower()


_ACT = {a.label: a for a in Act}


@dataclass(frozen=True, slots=True)
class Policy:
    """Per-type actions for the request and the answer, plus the knobs around them."""

    name: str
    request: Mapping[str, Act]
    response: Mapping[str, Act]
    ignore: frozenset[str] = frozenset()
    min_score: float = 0.0
    block_non_text: bool = False
    restore: bool = True
    stream_window: int = 0
    max_holdback: int = 8192
    conversation_vault: bool = False
    vault_ttl_s: int = 86400
    vault_max_entries: int = 5000
    classes: Mapping[str, DataClass] = field(default_factory=dict)
    # the injection guard (see ferryman.pipeline.guard)
    injection_action: str = "block"
    injection_indirect_action: str = "block"
    injection_threshold: float = 0.5
    exfiltration: str = "strip"
    canary: bool = False
    suspend: tuple[int, int, int] | None = (5, 600, 900)  # after, window_s, cooldown_s
    #: the most text a request may carry (see ferryman.pipeline.textsize)
    max_text_chars: int = 1_000_000

    def request_action(self, entity: str) -> Act:
        return self.request.get(entity, Act.MASK)  # an unknown plugin type: never allow

    def response_action(self, entity: str) -> Act:
        return self.response.get(entity, Act.MASK)

    @property
    def inspects_response(self) -> bool:
        return any(a is not Act.ALLOW for a in self.response.values())


def _classes(settings: PolicySettings) -> dict[str, DataClass]:
    out = {t: default_class(t) for t in TYPES}
    # groups first, then single types, so the most specific entry wins
    for name, cls in sorted(settings.classes.items(), key=lambda kv: kv[0] in TYPES):
        for t in members(name):
            out[t] = DataClass(cls)
    return out


def _actions(spec: Mapping[str, str], classes: Mapping[str, DataClass]) -> dict[str, Act]:
    out = {t: _ACT[spec[classes[t].value]] for t in TYPES}
    for name, action in spec.items():
        if name in GROUPS:
            for t in GROUPS[name]:
                out[t] = _ACT[action]
    for name, action in spec.items():
        if name in TYPES:
            out[name] = _ACT[action]
    return out


def compile_policy(name: str, settings: PolicySettings) -> Policy:
    classes = _classes(settings)
    response = _actions(settings.output.actions, classes)
    # pseudonymizing an answer means nothing (nobody restores it downstream): mask instead
    response = {t: Act.MASK if a is Act.PSEUDONYMIZE else a for t, a in response.items()}
    request = _actions(settings.actions, classes)
    non_text = settings.non_text
    block_non_text = non_text == "block" or (
        non_text == "auto" and _ACT[settings.actions["restricted"]] is Act.BLOCK
    )
    ignore = frozenset(t for n in settings.ignore for t in members(n))
    inj = settings.injection
    return Policy(
        name=name,
        request=request,
        response=response,
        ignore=ignore,
        min_score=settings.min_score,
        block_non_text=block_non_text,
        restore=settings.output.restore,
        stream_window=settings.output.stream_window,
        max_holdback=settings.output.max_holdback,
        conversation_vault=settings.vault.conversation,
        vault_ttl_s=settings.vault.ttl_s,
        vault_max_entries=settings.vault.max_entries,
        classes=classes,
        injection_action=inj.action,
        injection_indirect_action=inj.indirect_action or inj.action,
        injection_threshold=inj.threshold,
        exfiltration=inj.exfiltration,
        canary=inj.canary,
        suspend=(inj.suspend.after, inj.suspend.window_s, inj.suspend.cooldown_s)
        if inj.suspend is not None
        else None,
        max_text_chars=settings.max_text_chars,
    )


def strictest(a: Policy, b: Policy) -> Policy:
    """The combination of two policies: per type, the stricter action on each side."""
    if a is b:
        return a
    return Policy(
        name=f"{a.name}+{b.name}",
        request={t: max(a.request_action(t), b.request_action(t)) for t in TYPES},
        response={t: max(a.response_action(t), b.response_action(t)) for t in TYPES},
        ignore=a.ignore & b.ignore,
        min_score=min(a.min_score, b.min_score),
        block_non_text=a.block_non_text or b.block_non_text,
        restore=a.restore and b.restore,
        stream_window=max(a.stream_window, b.stream_window),
        max_holdback=max(a.max_holdback, b.max_holdback),
        conversation_vault=a.conversation_vault and b.conversation_vault,
        vault_ttl_s=min(a.vault_ttl_s, b.vault_ttl_s),
        vault_max_entries=min(a.vault_max_entries, b.vault_max_entries),
        classes={t: max(a.classes[t], b.classes[t], key=_CLASS_ORDER.index) for t in TYPES},
        injection_action=_stricter(a.injection_action, b.injection_action, _INJ_ORDER),
        injection_indirect_action=_stricter(
            a.injection_indirect_action, b.injection_indirect_action, _INJ_ORDER
        ),
        injection_threshold=min(a.injection_threshold, b.injection_threshold),
        exfiltration=_stricter(a.exfiltration, b.exfiltration, _INJ_ORDER),
        canary=a.canary or b.canary,
        suspend=a.suspend or b.suspend,
        max_text_chars=min(a.max_text_chars, b.max_text_chars),
    )


_INJ_ORDER = ("allow", "flag", "strip", "block")


def _stricter(x: str, y: str, order: tuple[str, ...]) -> str:
    return x if order.index(x) >= order.index(y) else y


_CLASS_ORDER = [DataClass.PUBLIC, DataClass.INTERNAL, DataClass.SENSITIVE, DataClass.RESTRICTED]

#: the built-in policy: secrets, cards, IBANs and national IDs masked; personal data and IP
#: addresses pseudonymized (restored in the answer); other personal data in answers masked
DEFAULT_POLICY = compile_policy("default", PolicySettings())
