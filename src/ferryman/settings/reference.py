"""Render the configuration reference (docs/configuration.md) from the settings models.

The reference is generated so it cannot drift from the code: ``python -m
ferryman.settings.reference`` rewrites the block between the markers, and a test fails when the
committed document differs from what the models say.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ferryman.settings.alerts import AlertSettings, AlertThresholds
from ferryman.settings.budgets import BudgetCap, BudgetSettings, ModelPrice
from ferryman.settings.flows import FlowHop, FlowSettings
from ferryman.settings.limits import LimitSettings, LimitSpec, NewKeyLimits
from ferryman.settings.model import (
    AuditSettings,
    AuthSettings,
    CacheSettings,
    EncryptionSettings,
    JwtIssuer,
    ModelRoute,
    MtlsIdentity,
    ProviderSettings,
    ServerSettings,
    StorageSettings,
    TimeoutSettings,
    TlsSettings,
    UpstreamTls,
    VaultTransitSettings,
)
from ferryman.settings.observability import ObservabilitySettings, TracingSettings
from ferryman.settings.policies import (
    DetectionSettings,
    InjectionSettings,
    NerSettings,
    OutputPolicySettings,
    PolicySettings,
    SuspendSettings,
    VaultSettings,
)
from ferryman.settings.providers import CircuitSettings, RetrySettings

__all__ = ["BEGIN", "END", "render_reference"]

BEGIN = "<!-- BEGIN GENERATED REFERENCE -->"
END = "<!-- END GENERATED REFERENCE -->"

_SECTIONS: list[tuple[str, type[BaseModel]]] = [
    ("server", ServerSettings),
    ("storage", StorageSettings),
    ("cache", CacheSettings),
    ("tls", TlsSettings),
    ("auth", AuthSettings),
    ("auth.jwt[]", JwtIssuer),
    ("auth.mtls[]", MtlsIdentity),
    ("audit", AuditSettings),
    ("encryption", EncryptionSettings),
    ("encryption.vault", VaultTransitSettings),
    ("providers.<name>", ProviderSettings),
    ("providers.<name>.timeouts", TimeoutSettings),
    ("providers.<name>.tls", UpstreamTls),
    ("providers.<name>.retry", RetrySettings),
    ("providers.<name>.circuit", CircuitSettings),
    ("models.<alias>", ModelRoute),
    ("policies.<name>", PolicySettings),
    ("policies.<name>.output", OutputPolicySettings),
    ("policies.<name>.vault", VaultSettings),
    ("policies.<name>.injection", InjectionSettings),
    ("policies.<name>.injection.suspend", SuspendSettings),
    ("detection", DetectionSettings),
    ("detection.ner", NerSettings),
    ("observability", ObservabilitySettings),
    ("observability.tracing", TracingSettings),
    ("alerts", AlertSettings),
    ("alerts.thresholds", AlertThresholds),
    ("limits", LimitSettings),
    ("limits.{default,per_user,per_team,per_environment.<env>}", LimitSpec),
    ("limits.new_keys", NewKeyLimits),
    ("budgets", BudgetSettings),
    ("budgets.prices.<model>", ModelPrice),
    ("budgets.{keys,teams,environments}.<name>", BudgetCap),
    ("flows.<name>", FlowSettings),
    ("flows.<name>.boundary[]", FlowHop),
]


def _type_name(annotation: Any) -> str:
    text = str(annotation).replace("typing.", "").replace("pydantic.types.", "")
    text = text.replace("<class '", "").replace("'>", "")
    text = re.sub(r"ferryman\.settings\.\w+\.", "", text)
    text = text.replace("Literal['openai', 'anthropic', 'azure', 'demo']", "kind")
    return text.replace("|", "\\|")


def _default(info: Any) -> str:
    if info.default_factory is not None:
        value = info.default_factory()
        return f"`{value!r}`" if value not in ({}, []) else "empty"
    if info.default is PydanticUndefined:
        return "**required**"
    if isinstance(info.default, BaseModel):
        return "see below"
    return f"`{info.default!r}`" if info.default is not None else "none"


def render_reference() -> str:
    lines = [BEGIN, ""]
    for title, model in _SECTIONS:
        lines += [f"### `{title}`", "", "| field | type | default | meaning |", "|---|---|---|---|"]
        for name, info in model.model_fields.items():
            desc = (info.description or "").replace("|", "\\|")
            lines.append(
                f"| `{name}` | {_type_name(info.annotation)} | {_default(info)} | {desc} |"
            )
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/configuration.md")
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    path.write_text(head + render_reference() + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
