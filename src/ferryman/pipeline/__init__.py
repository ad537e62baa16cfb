"""The stage chain. The order lives here and only here.

Request hooks run top to bottom, response and stream hooks bottom to top::

    route        model alias -> provider chain; calls the provider (innermost, the terminal)

Later stages slot in above ``route`` in this order (see PRODUCT.md): audit, authenticate,
authorize, limit, inspect request (classify, redact, injection), inspect response.
The listener duties (body limit, JSON validation, request id) run before the chain, in the server.
"""

from __future__ import annotations

from ferryman.core.chain import Chain
from ferryman.core.stage import Stage
from ferryman.pipeline.route import Route
from ferryman.settings.model import Settings
from ferryman.upstream.routes import RouteTable

__all__ = ["default_chain", "default_stages"]


def default_stages(settings: Settings) -> list[Stage]:
    """The stages before the terminal, in request order."""
    return []


def default_chain(settings: Settings, routes: RouteTable) -> Chain:
    return Chain(default_stages(settings), Route(routes))
