"""Declared data flows: what may leave, for whom, to which provider and region, kept how long.

A flow is one line of the checklist's data-flow map ("flow name, data types, owner, processing
boundary, third-party endpoints, retention period, risk rating"), bound to the keys (by name,
prefix or team) and the routes (model aliases) that carry it. ``ferryman flows`` compares the
map with the audit trail and names every place where they disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import Field, field_validator

from ferryman.detection.entities import GROUPS, TYPES, DataClass
from ferryman.settings.base import Section as _Section

__all__ = ["FlowHop", "FlowSettings", "check_flows"]

_CLASSES = frozenset(c.value for c in DataClass)


class FlowHop(_Section):
    """One hop of the processing boundary and who is responsible for the data there."""

    hop: Annotated[
        str,
        Field(
            min_length=1,
            max_length=128,
            description="collection, preprocessing, third-party call, storage, consumption ...",
        ),
    ]
    responsible: Annotated[
        str, Field(min_length=1, max_length=256, description="Who owns the data at this hop.")
    ]


class FlowSettings(_Section):
    """One declared data flow (``flows.<name>``)."""

    owner: Annotated[
        str | None, Field(max_length=256, description="Accountable person or team.")
    ] = None
    purpose: Annotated[str | None, Field(max_length=1024, description="Why the data flows.")] = None
    data: Annotated[
        list[str],
        Field(
            description="Data allowed to leave in clear: entity types, groups, or classes "
            "(public, internal, sensitive, restricted)."
        ),
    ] = Field(default_factory=list)
    boundary: Annotated[
        list[FlowHop], Field(description="The processing boundary: {hop, responsible} per hop.")
    ] = Field(default_factory=list)
    providers: Annotated[
        list[str], Field(description="Third-party endpoints (provider names).")
    ] = Field(default_factory=list)
    regions: Annotated[
        list[str],
        Field(description="Allowed provider regions (`eu` also allows `eu-west-1`); empty: any."),
    ] = Field(default_factory=list)
    retention_days: Annotated[
        int | None, Field(ge=0, le=36_500, description="How long the flow's data is kept.")
    ] = None
    legal_basis: Annotated[
        str | None, Field(max_length=256, description="GDPR art. 6 basis, contract ...")
    ] = None
    risk: Annotated[Literal["low", "medium", "high"] | None, Field(description="Risk rating.")] = (
        None
    )
    keys: Annotated[list[str], Field(description="Bound keys, by key name or visible prefix.")] = (
        Field(default_factory=list)
    )
    teams: Annotated[list[str], Field(description="Bound teams (every key of the team).")] = Field(
        default_factory=list
    )
    routes: Annotated[list[str], Field(description="Bound routes (model aliases).")] = Field(
        default_factory=list
    )

    @field_validator("providers", "regions", "keys", "teams", "routes")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        if any(not 1 <= len(v) <= 128 for v in value):
            raise ValueError("each name has 1 to 128 characters")
        return value


def check_flows(
    flows: Mapping[str, FlowSettings], providers: Mapping[str, object], models: Mapping[str, object]
) -> None:
    """Every name a flow refers to exists; raises ValueError naming the field."""
    for name, flow in flows.items():
        for i, item in enumerate(flow.data):
            if item not in TYPES and item not in GROUPS and item not in _CLASSES:
                raise ValueError(
                    f"flows.{name}.data[{i}]: unknown entity type, group or class {item!r}"
                )
        for provider in flow.providers:
            if provider not in providers:
                raise ValueError(f"flows.{name}.providers: unknown provider {provider!r}")
        for alias in flow.routes:
            if alias not in models:
                raise ValueError(f"flows.{name}.routes: unknown model alias {alias!r}")
