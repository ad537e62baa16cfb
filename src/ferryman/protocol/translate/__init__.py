"""Translate requests and responses between OpenAI Chat Completions and Anthropic Messages.

Why this exists: a route may serve an OpenAI-SDK client with an Anthropic model, or an
Anthropic-SDK client with an OpenAI-compatible model. The gateway then rewrites the body on the
way up and the answer on the way down; the streaming halves live in
:mod:`ferryman.protocol.translate.stream`.

Rules that hold throughout:

* Pure functions over JSON dicts (as parsed by orjson); inputs are never mutated.
* A parameter that would silently change meaning if dropped raises
  ``BadRequest(code="unsupported_parameter", param=<name>)``; harmless hints are dropped.
* Structure that cannot be read raises ``BadRequest(code="invalid_request", param=<path>)``.
* Error messages name parameters and paths, never request content.
* Legacy OpenAI ``functions`` / ``function_call`` (and ``role: "function"`` messages) are
  rejected rather than translated: every current SDK sends ``tools``.
* Several text blocks of one system/user/tool turn are joined with a blank line; assistant text
  blocks are concatenated as-is, exactly like a streamed answer is.
"""

from ferryman.protocol.translate.anthropic_client import (
    chat_response_to_messages,
    messages_request_to_chat,
)
from ferryman.protocol.translate.common import (
    DEFAULT_MAX_TOKENS,
    anthropic_usage,
    chat_usage,
    finish_reason_for,
    stop_reason_for,
)
from ferryman.protocol.translate.openai_client import (
    chat_request_to_messages,
    messages_response_to_chat,
)
from ferryman.protocol.translate.stream import ChatStreamToMessages, MessagesStreamToChat

__all__ = [
    "DEFAULT_MAX_TOKENS",
    "ChatStreamToMessages",
    "MessagesStreamToChat",
    "anthropic_usage",
    "chat_request_to_messages",
    "chat_response_to_messages",
    "chat_usage",
    "finish_reason_for",
    "messages_request_to_chat",
    "messages_response_to_chat",
    "stop_reason_for",
]
