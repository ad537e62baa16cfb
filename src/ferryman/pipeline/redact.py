"""The redact stage (inspect request): classify and redact personal data and secrets.

Every text-bearing field of the request is run through the detectors; each finding gets the
action its policy gives its class: allowed, masked, pseudonymized (a vault token the answer side
restores), hashed, or blocked. A blocked finding refuses the whole request with a 422 that names
the types and where they were, never the values; nothing reaches the provider. An error here
fails the request closed (the chain guarantees it).
"""

from __future__ import annotations

import asyncio

from ferryman.core.context import RequestContext
from ferryman.core.stage import Stage
from ferryman.errors import PolicyBlocked
from ferryman.observability.metrics import BLOCKS, REDACTIONS
from ferryman.pipeline.textsize import check_text_budget, large
from ferryman.transform.fields import TextFn, walk_request
from ferryman.transform.inspector import Inspector, Protected
from ferryman.transform.policy import Policy
from ferryman.transform.redactor import Report
from ferryman.transform.vault import Vault

__all__ = ["Redact"]

_MAX_LISTED = 8


class Redact(Stage):
    name = "redact"

    def __init__(self, inspector: Inspector) -> None:
        self.inspector = inspector

    async def on_request(self, ctx: RequestContext) -> None:
        policy = self.inspector.policy_for(ctx)
        check_text_budget(ctx, policy)
        vault, conversation = await self.inspector.vault_for(ctx, policy)
        report = Report()
        opaque: list[str] = []
        fn = self._redacting(policy, vault, report)
        if large(ctx):  # off the event loop (see .textsize); a fallback's re-inspection too
            ctx.state["inspect_in_thread"] = True
            await asyncio.to_thread(walk_request, ctx.endpoint, ctx.body, fn, opaque.append)
        else:
            walk_request(ctx.endpoint, ctx.body, fn, opaque.append)
        state = Protected(policy, vault, report, conversation_key=conversation)
        ctx.state[self.name] = state
        ctx.state["inspected_policy"] = self.inspector.route_policy.get(ctx.alias)
        _count(report)
        _refuse(policy, report, opaque)

        def reinspect(route_policy: str | None) -> None:
            """Inspect the (already redacted) body again for a fallback route's policy: only
            ever more is redacted; the same vault keeps the pseudonyms restorable."""
            stricter = self.inspector.policy_for(ctx, route_policy)
            check_text_budget(ctx, stricter)
            again, more = Report(), list[str]()
            walk_request(
                ctx.endpoint, ctx.body, self._redacting(stricter, vault, again), more.append
            )
            _count(again)
            report.counts.update(again.counts)
            _refuse(stricter, again, more)

        ctx.state["reinspect"] = reinspect
        await self.inspector.save(ctx, state)

    def _redacting(self, policy: Policy, vault: Vault, report: Report) -> TextFn:
        redactor = self.inspector.redactor

        def fn(text: str, where: str) -> str:
            return redactor.redact(text, policy, vault, report, where)

        return fn


def _count(report: Report) -> None:
    for (entity, action), n in report.counts.items():
        REDACTIONS.labels("request", entity, action).inc(n)


def _refuse(policy: Policy, report: Report, opaque: list[str]) -> None:
    if report.blocked:
        BLOCKS.labels("restricted_data").inc()
        places = [f"{t} at {w or 'request'} [{s}:{e}]" for t, w, s, e in report.blocked]
        more = len(places) - _MAX_LISTED
        listed = "; ".join(places[:_MAX_LISTED]) + (f"; and {more} more" if more > 0 else "")
        raise PolicyBlocked(
            f"request blocked by data policy {policy.name!r}: {listed}",
            code="sensitive_data_blocked",
        )
    if opaque and policy.block_non_text:
        BLOCKS.labels("non_text").inc()
        raise PolicyBlocked(
            f"request blocked by data policy {policy.name!r}: parts that cannot be inspected "
            f"(images, audio, files, token ids) at {', '.join(opaque[:_MAX_LISTED])}",
            code="non_text_blocked",
        )
