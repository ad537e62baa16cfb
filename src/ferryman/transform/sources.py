"""Who wrote a piece of a request: the caller, the system prompt, a tool, a pasted document.

The injection guard treats the same words differently by source: an instruction in the caller's
own question is a request, the same instruction inside a tool result or a fetched web page is
someone else's text trying to steer the model (indirect injection).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from ferryman.core.context import Endpoint

__all__ = ["Source", "source_of"]

Source = Literal["user", "system", "tool", "document", "assistant"]

_MESSAGE = re.compile(r"messages\[(\d+)\](?:\.content\[(\d+)\])?")
_ROLES: dict[str, Source] = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "tool": "tool",
    "function": "tool",
    "assistant": "assistant",
}


def source_of(endpoint: Endpoint, body: dict[str, Any], where: str) -> Source:
    """The source of the text at ``where`` (a location from :mod:`ferryman.transform.fields`)."""
    if where.startswith("system"):
        return "system"
    m = _MESSAGE.match(where)
    if m is None:
        return "user"
    try:
        message = body["messages"][int(m.group(1))]
    except (KeyError, IndexError, TypeError):
        return "user"
    role = _ROLES.get(str(message.get("role")), "user")
    if m.group(2) is not None and endpoint is Endpoint.MESSAGES:
        try:
            block = message["content"][int(m.group(2))]
        except (KeyError, IndexError, TypeError):
            return role
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "tool_result":
            return "tool"
        if kind == "document":
            return "document"
    if ".tool_calls[" in where or ".function_call" in where:
        return "assistant"
    return role
