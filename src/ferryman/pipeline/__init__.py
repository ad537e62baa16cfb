"""The stage chain. The order lives here and only here.

Request hooks run top to bottom, response and stream hooks bottom to top::

    authenticate  credential -> Identity (401), failures throttled (429)
    authorize     role, endpoint and model scopes, environment (403 / 404)
    limit         requests / tokens per minute and requests in flight, per key, end user,
                  team, environment (429 with Retry-After; x-ratelimit-* on every answer)
    budget        reserve the worst-case cost on the key's, team's and environment's daily and
                  monthly budgets (402 budget_exceeded), settle the reported usage's cost
    idempotency   Idempotency-Key: replay the stored answer, 409 for another body, duplicates
                  wait for the first (before the inspection: it fingerprints the caller's body)
    guard         prompt injection by source (block 422 / flag / strip), canary planting,
                  suspension of repeat offenders (429)
    redact        inspect request: classify, mask / pseudonymize / hash personal data and
                  secrets in every text field, or refuse by policy (422); fails closed
    filter_output inspect response: restore pseudonyms, filter answers (streamed too)
    route         model alias -> provider chain; retries, circuit breakers, fallback; calls the
                  provider (innermost, the terminal), or replays an idempotent answer

Later stages slot in at their place (see PRODUCT.md): audit (outermost), the injection
check (beside redact).
The listener duties (body limit, JSON validation, request id) run before the chain, in the server.
"""

from __future__ import annotations

from ferryman.core.chain import Chain, HookWrapper
from ferryman.core.stage import Stage
from ferryman.identity.authenticator import Authenticator
from ferryman.identity.killswitch import KillSwitches
from ferryman.identity.suspension import Suspensions
from ferryman.pipeline.authenticate import Authenticate
from ferryman.pipeline.authorize import Authorize
from ferryman.pipeline.budget import Budget
from ferryman.pipeline.filter_output import FilterOutput
from ferryman.pipeline.guard import Guard
from ferryman.pipeline.idempotency import Idempotency
from ferryman.pipeline.kill_switch import KillSwitch
from ferryman.pipeline.limit import Limit
from ferryman.pipeline.redact import Redact
from ferryman.pipeline.route import Route
from ferryman.settings.model import Settings
from ferryman.transform.inspector import Inspector
from ferryman.upstream.dispatch import Dispatcher
from ferryman.upstream.routes import RouteTable

__all__ = ["default_chain", "default_stages"]


def default_stages(
    settings: Settings,
    routes: RouteTable,
    auth: Authenticator,
    inspector: Inspector,
    suspensions: Suspensions | None = None,
    *,
    limit: Limit | None = None,
    budget: Budget | None = None,
    idempotency: Idempotency | None = None,
    kill_switches: KillSwitches | None = None,
) -> list[Stage]:
    """The stages before the terminal, in request order."""
    return [
        Authenticate(auth),
        Authorize(routes),
        *([KillSwitch(kill_switches)] if kill_switches is not None else []),
        limit or Limit.in_process(settings.limits),
        budget or Budget(settings.budgets),
        idempotency or Idempotency.in_process(),
        Guard(inspector, suspensions or Suspensions()),
        Redact(inspector),
        FilterOutput(inspector),
    ]


def default_chain(
    settings: Settings,
    routes: RouteTable,
    auth: Authenticator,
    inspector: Inspector,
    suspensions: Suspensions | None = None,
    *,
    wrap: HookWrapper | None = None,
    limit: Limit | None = None,
    budget: Budget | None = None,
    idempotency: Idempotency | None = None,
    dispatcher: Dispatcher | None = None,
    kill_switches: KillSwitches | None = None,
) -> Chain:
    """The chain; ``wrap`` (tracing) is applied to every hook once, here, when given."""
    stages = default_stages(
        settings,
        routes,
        auth,
        inspector,
        suspensions,
        limit=limit,
        budget=budget,
        idempotency=idempotency,
        kill_switches=kill_switches,
    )
    return Chain(stages, Route(routes, dispatcher), wrap=wrap)
