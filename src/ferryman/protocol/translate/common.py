"""Shared pieces of the OpenAI <-> Anthropic translation: reason and usage mappings, and the
defensive accessors that turn malformed structure into a typed 400 naming the path."""

from __future__ import annotations

import re
from typing import Any

import orjson

from ferryman.errors import BadRequest

DEFAULT_MAX_TOKENS = 4096  # Anthropic requires max_tokens; OpenAI clients often omit it.
_JOIN = "\n\n"
_EMPTY_SCHEMA: dict[str, Any] = {"type": "object", "properties": {}}
_LABEL = re.compile(r"[A-Za-z0-9_.-]{1,64}")

_FINISH_BY_STOP = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
_STOP_BY_FINISH = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "function_call": "tool_use",
    "content_filter": "refusal",
}
_TOOL_CHOICE_TO_ANTHROPIC = {"auto": "auto", "required": "any", "none": "none"}
_TOOL_CHOICE_TO_OPENAI = {v: k for k, v in _TOOL_CHOICE_TO_ANTHROPIC.items()}


# ---------------------------------------------------------------------------------------------
# Shared helpers (also used by the stream translators)


def finish_reason_for(stop_reason: Any) -> str:
    """Anthropic ``stop_reason`` -> OpenAI ``finish_reason`` (unknown or missing -> "stop")."""
    return _FINISH_BY_STOP.get(stop_reason, "stop") if isinstance(stop_reason, str) else "stop"


def stop_reason_for(finish_reason: Any, *, has_tool_use: bool = False) -> str:
    """OpenAI ``finish_reason`` -> Anthropic ``stop_reason``.

    Some OpenAI-compatible servers answer tool calls with "stop"; Anthropic agents only run tools
    on "tool_use", so a plain stop that carries tool calls is reported as "tool_use".
    """
    reason = _STOP_BY_FINISH.get(finish_reason, "end_turn") if finish_reason else "end_turn"
    return "tool_use" if has_tool_use and reason == "end_turn" else reason


def chat_usage(usage: Any) -> dict[str, Any]:
    """Anthropic usage -> OpenAI usage; OpenAI's prompt count includes cached tokens."""
    u = usage if isinstance(usage, dict) else {}
    cached = _int(u.get("cache_read_input_tokens"))
    prompt = _int(u.get("input_tokens")) + _int(u.get("cache_creation_input_tokens")) + cached
    completion = _int(u.get("output_tokens"))
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cached},
    }


def anthropic_usage(usage: Any) -> dict[str, int]:
    """OpenAI usage -> Anthropic usage; Anthropic's ``input_tokens`` excludes cache reads."""
    u = usage if isinstance(usage, dict) else {}
    details = u.get("prompt_tokens_details")
    cached = _int(details.get("cached_tokens")) if isinstance(details, dict) else 0
    return {
        "input_tokens": max(_int(u.get("prompt_tokens")) - cached, 0),
        "output_tokens": _int(u.get("completion_tokens")),
        "cache_read_input_tokens": cached,
        "cache_creation_input_tokens": 0,
    }


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _label(value: Any) -> str:
    """A client-supplied type name, echoed in an error only if it looks like an identifier."""
    return value if isinstance(value, str) and _LABEL.fullmatch(value) else "unknown"


def _unsupported(param: str, kind: str | None = None) -> BadRequest:
    what = f"'{param}' ({kind})" if kind else f"'{param}'"
    return BadRequest(
        f"{what} cannot be translated to the upstream provider's API",
        code="unsupported_parameter",
        param=param,
    )


def _invalid(path: str, expected: str) -> BadRequest:
    return BadRequest(f"'{path}' must be {expected}", code="invalid_request", param=path)


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _invalid(path, "a string")
    return value


def _dict(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _invalid(path, "an object")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _invalid(path, "an array")
    return value


def _arguments(raw: Any, path: str) -> dict[str, Any]:
    """Parse a tool call's ``arguments`` JSON string strictly (requests: the client must fix it)."""
    if isinstance(raw, dict):
        return raw
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return {}  # some clients send "" for a call without arguments
    try:
        value = orjson.loads(_str(raw, path))
    except orjson.JSONDecodeError:
        raise _invalid(path, "a JSON object encoded as a string") from None
    return _dict(value, path)


def _joined_text(content: Any, path: str) -> str:
    """A string or a list of text parts/blocks (same shape in both APIs) -> one string.

    Used for system prompts and tool results; Anthropic's cache_control and citations are dropped.
    """
    if content is None or isinstance(content, str):
        return content or ""
    texts = []
    for j, raw in enumerate(_list(content, path)):
        part = _dict(raw, f"{path}[{j}]")
        if part.get("type") != "text":
            raise _unsupported(f"{path}[{j}]", _label(part.get("type")))
        texts.append(_str(part.get("text"), f"{path}[{j}].text"))
    return _JOIN.join(t for t in texts if t)


def _obj(value: Any) -> dict[str, Any]:
    """Lenient accessor for upstream responses: anything but an object reads as empty."""
    return value if isinstance(value, dict) else {}


def _openai_call(call_id: str, name: str, arguments: Any) -> dict[str, Any]:
    function = {"name": name, "arguments": _dumps(arguments or {})}
    return {"id": call_id, "type": "function", "function": function}


def _openai_assistant(texts: list[str], calls: list[dict[str, Any]]) -> dict[str, Any]:
    """OpenAI wants ``content: null`` beside tool calls, and a string otherwise."""
    message: dict[str, Any] = {
        "role": "assistant",
        "content": "".join(texts) if texts or not calls else None,
    }
    if calls:
        message["tool_calls"] = calls
    return message


def _lenient_arguments(raw: Any) -> dict[str, Any]:
    """Parse model-produced arguments; a model's broken JSON must not crash the response."""
    try:
        return _arguments(raw, "arguments")
    except BadRequest:
        return {}


# ---------------------------------------------------------------------------------------------
# OpenAI chat.completions request -> Anthropic messages request
