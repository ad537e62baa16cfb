"""The stage chain. The order lives here and only here.

Request hooks run top to bottom, response and stream hooks bottom to top::

    authenticate  credential -> Identity (401), failures throttled (429)
    authorize     role, endpoint and model scopes, environment (403 / 404)
    route         model alias -> provider chain; calls the provider (innermost, the terminal)

Later stages slot in at their place (see PRODUCT.md): audit (outermost), limit (after
authorize), inspect request (classify, redact, injection) and inspect response (before route).
The listener duties (body limit, JSON validation, request id) run before the chain, in the server.
"""

from __future__ import annotations

from ferryman.core.chain import Chain
from ferryman.core.stage import Stage
from ferryman.identity.authenticator import Authenticator
from ferryman.pipeline.authenticate import Authenticate
from ferryman.pipeline.authorize import Authorize
from ferryman.pipeline.route import Route
from ferryman.settings.model import Settings
from ferryman.upstream.routes import RouteTable

__all__ = ["default_chain", "default_stages"]


def default_stages(settings: Settings, routes: RouteTable, auth: Authenticator) -> list[Stage]:
    """The stages before the terminal, in request order."""
    return [Authenticate(auth), Authorize(routes)]


def default_chain(settings: Settings, routes: RouteTable, auth: Authenticator) -> Chain:
    return Chain(default_stages(settings, routes, auth), Route(routes))
