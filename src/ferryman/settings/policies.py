"""Data policies: which classes of personal data and secrets may leave, and what comes back.

A policy maps entity types (or groups) to classes, and classes (or single types) to actions, once
for the request side and once for the answer. Keys and model routes name a policy; ``default``
applies when neither does (a built-in default exists when the config has none).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from ferryman.detection.entities import GROUPS, TYPES, DataClass
from ferryman.settings.base import Section as _Section

__all__ = [
    "Action",
    "DetectionSettings",
    "InjectionSettings",
    "NerSettings",
    "OutputPolicySettings",
    "PolicySettings",
    "SuspendSettings",
    "VaultSettings",
]

Action = Literal["allow", "mask", "pseudonymize", "hash", "block"]
_CLASSES = {c.value for c in DataClass}
_REQUEST_DEFAULTS: dict[str, Action] = {
    "public": "allow",
    "internal": "pseudonymize",
    "sensitive": "pseudonymize",
    "restricted": "mask",
}
_OUTPUT_DEFAULTS: dict[str, Action] = {
    "public": "allow",
    "internal": "allow",
    "sensitive": "mask",
    "restricted": "mask",
}


def _check_names(value: dict[str, str], *, classes_too: bool, what: str) -> dict[str, str]:
    for name in value:
        if name in TYPES or name in GROUPS or (classes_too and name in _CLASSES):
            continue
        allowed = "a class, " if classes_too else ""
        raise ValueError(
            f"{what}: {name!r} is not {allowed}an entity type or group "
            "(see `ferryman redact --types`)"
        )
    return value


def _every_class(actions: dict[str, str]) -> None:
    missing = _CLASSES - set(actions)
    if missing:
        raise ValueError(
            "every class needs an action (deny by default: say what happens to "
            f"{', '.join(sorted(missing))})"
        )


class OutputPolicySettings(_Section):
    """What happens to personal data and secrets in the provider's answer."""

    actions: Annotated[
        dict[str, Action],
        Field(
            description="Class, group or type -> action on the answer (block: the answer is "
            "withheld with a 502-style error; pseudonymize acts as mask)."
        ),
    ] = Field(default_factory=lambda: dict(_OUTPUT_DEFAULTS))
    restore: Annotated[
        bool, Field(description="Replace this request's pseudonyms by their original values.")
    ] = True
    stream_window: Annotated[
        int,
        Field(
            ge=0,
            le=1024,
            description="Extra characters of a streamed answer always held back (the filter "
            "already holds the unfinished word and a trailing run of words that may be a value).",
        ),
    ] = 0
    max_holdback: Annotated[
        int,
        Field(ge=64, le=65536, description="Hard bound on held-back characters per stream."),
    ] = 8192

    @field_validator("actions")
    @classmethod
    def _names(cls, value: dict[str, str]) -> dict[str, str]:
        _check_names(value, classes_too=True, what="actions")
        _every_class(value)
        return value


class VaultSettings(_Section):
    """Conversation-scoped pseudonym vault: the same value keeps its token across turns."""

    conversation: Annotated[
        bool,
        Field(
            description="Keep pseudonyms stable across the turns of a conversation named by the "
            "x-ferryman-conversation header (stored encrypted with AES-GCM, with a TTL)."
        ),
    ] = False
    ttl_s: Annotated[int, Field(ge=60, le=30 * 86400, description="Vault lifetime.")] = 86400
    max_entries: Annotated[
        int, Field(ge=16, le=100_000, description="Pseudonyms kept per conversation.")
    ] = 5000


class PolicySettings(_Section):
    """One named data policy."""

    classes: Annotated[
        dict[str, DataClass],
        Field(description="Type or group -> class, overriding the built-in classes."),
    ] = Field(default_factory=dict)
    actions: Annotated[
        dict[str, Action],
        Field(description="Class, group or type -> action on the request (most specific wins)."),
    ] = Field(default_factory=lambda: dict(_REQUEST_DEFAULTS))
    ignore: Annotated[
        list[str], Field(description="Types or groups not detected at all under this policy.")
    ] = Field(default_factory=list)
    min_score: Annotated[
        float, Field(ge=0.0, le=1.0, description="Findings scored below this are ignored.")
    ] = 0.0
    non_text: Annotated[
        Literal["allow", "block", "auto"],
        Field(
            description="Images, audio and files (which cannot be inspected): auto blocks them "
            "when the policy blocks the restricted class."
        ),
    ] = "auto"
    max_text_chars: Annotated[
        int,
        Field(
            ge=1024,
            le=64 * 1024 * 1024,
            description="Most characters of text one request may carry under this policy; more "
            "is refused (413 text_too_large) before any inspection: detection time grows with "
            "the text, and text that is not inspected never leaves.",
        ),
    ] = 1_000_000
    output: Annotated[OutputPolicySettings, Field(description="The answer side (below).")] = (
        OutputPolicySettings()
    )
    vault: Annotated[VaultSettings, Field(description="Pseudonym vault scope (below).")] = (
        VaultSettings()
    )
    injection: Annotated[
        InjectionSettings,
        Field(description="Prompt-injection guard (below); a bare action string also works."),
    ] = Field(default_factory=lambda: InjectionSettings())

    @field_validator("injection", mode="before")
    @classmethod
    def _injection_shorthand(cls, value: object) -> object:
        return {"action": value} if isinstance(value, str) else value

    @field_validator("classes")
    @classmethod
    def _class_names(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_names(value, classes_too=False, what="classes")

    @field_validator("actions")
    @classmethod
    def _action_names(cls, value: dict[str, str]) -> dict[str, str]:
        _check_names(value, classes_too=True, what="actions")
        _every_class(value)
        return value

    @field_validator("ignore")
    @classmethod
    def _ignore_names(cls, value: list[str]) -> list[str]:
        _check_names(dict.fromkeys(value, ""), classes_too=False, what="ignore")
        return value


class NerSettings(_Section):
    """An optional NER model as one more recognizer (off by default: it costs ms per KB)."""

    backend: Annotated[Literal["spacy"], Field(description="The NER library.")] = "spacy"
    model: Annotated[
        str,
        Field(description="An installed model package or a pipeline directory; never downloaded."),
    ]
    labels: Annotated[
        dict[str, Literal["PERSON", "STREET_ADDRESS"]] | None,
        Field(description="Model label -> type (default: PERSON/PER -> PERSON)."),
    ] = None


class DetectionSettings(_Section):
    """Which recognizers run (the built-in ones always do)."""

    ner: Annotated[NerSettings | None, Field(description="Optional NER backend (below).")] = None


InjectionAction = Literal["allow", "flag", "strip", "block"]


class SuspendSettings(_Section):
    """Abuse response: a key that trips the guard repeatedly is suspended for a while."""

    after: Annotated[int, Field(ge=1, le=10_000, description="Trips within the window.")] = 5
    window_s: Annotated[int, Field(ge=10, le=86_400, description="Counting window.")] = 600
    cooldown_s: Annotated[int, Field(ge=10, le=7 * 86_400, description="Suspension.")] = 900


class InjectionSettings(_Section):
    """The prompt-injection and exfiltration guard of a policy."""

    action: Annotated[
        InjectionAction,
        Field(
            description="For injections in the caller's own messages: block (422), flag (pass, "
            "audit and alert), strip (remove the offending segment / invisible text), allow."
        ),
    ] = "block"
    indirect_action: Annotated[
        InjectionAction | None,
        Field(description="For tool results and documents (default: same as action)."),
    ] = None
    threshold: Annotated[
        float, Field(gt=0.0, le=1.0, description="Score at which a text counts as an injection.")
    ] = 0.5
    exfiltration: Annotated[
        Literal["allow", "flag", "strip"],
        Field(description="Links/images in answers whose URL carries conversation data."),
    ] = "strip"
    canary: Annotated[
        bool,
        Field(
            description="Plant a canary token in the system prompt; an answer containing it is a "
            "system-prompt leak (withheld, or masked in a stream, and alerted)."
        ),
    ] = False
    suspend: Annotated[
        SuspendSettings | None, Field(description="Suspend repeat offenders (below); null: off.")
    ] = SuspendSettings()


PolicySettings.model_rebuild()
