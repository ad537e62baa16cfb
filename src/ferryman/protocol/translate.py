"""Translate requests and responses between OpenAI Chat Completions and Anthropic Messages.

Why this exists: a route may serve an OpenAI-SDK client with an Anthropic model, or an
Anthropic-SDK client with an OpenAI-compatible model. The gateway then rewrites the body on the
way up and the answer on the way down; the streaming halves live in
:mod:`ferryman.protocol.translate_stream`.

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

from __future__ import annotations

import re
import time
from typing import Any

import orjson

from ferryman.errors import BadRequest

__all__ = [
    "DEFAULT_MAX_TOKENS",
    "anthropic_usage",
    "chat_request_to_messages",
    "chat_response_to_messages",
    "chat_usage",
    "finish_reason_for",
    "messages_request_to_chat",
    "messages_response_to_chat",
    "stop_reason_for",
]

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
# Shared helpers (also used by translate_stream)


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


def chat_request_to_messages(body: dict[str, Any], model: str) -> dict[str, Any]:
    """OpenAI chat.completions request -> Anthropic /v1/messages request for upstream `model`."""
    _reject_untranslatable_chat_params(body)
    system, messages = _chat_messages(_list(body.get("messages"), "messages"))
    out: dict[str, Any] = {"model": model, "messages": messages}
    if system:
        out["system"] = system
    out["max_tokens"] = _chat_max_tokens(body)
    temperature = body.get("temperature")
    if isinstance(temperature, int | float) and temperature > 1:
        raise _unsupported("temperature")  # Anthropic's range is 0..1; scaling would mislead
    for key in ("temperature", "top_p"):
        if body.get(key) is not None:
            out[key] = body[key]
    stop = body.get("stop")
    if isinstance(stop, str):
        out["stop_sequences"] = [stop]
    elif stop:
        out["stop_sequences"] = [_str(s, f"stop[{i}]") for i, s in enumerate(_list(stop, "stop"))]
    tools = body.get("tools")
    if tools:
        out["tools"] = [_chat_tool(t, f"tools[{i}]") for i, t in enumerate(_list(tools, "tools"))]
        choice = _chat_tool_choice(body.get("tool_choice"), body.get("parallel_tool_calls"))
        if choice is not None:
            out["tool_choice"] = choice
    user = body.get("user")
    if isinstance(user, str) and user:
        out["metadata"] = {"user_id": user}
    if isinstance(body.get("stream"), bool):
        out["stream"] = body["stream"]
    return out


def _reject_untranslatable_chat_params(body: dict[str, Any]) -> None:
    n = body.get("n")
    if n is not None and n != 1:
        raise _unsupported("n")
    if body.get("logprobs"):
        raise _unsupported("logprobs")
    for key in ("top_logprobs", "audio", "functions", "function_call", "web_search_options"):
        if body.get(key) is not None:
            raise _unsupported(key)
    for key in ("frequency_penalty", "presence_penalty", "logit_bias"):
        if body.get(key):
            raise _unsupported(key)
    fmt = body.get("response_format")
    if fmt is not None and not (isinstance(fmt, dict) and fmt.get("type") == "text"):
        raise _unsupported("response_format")
    modalities = body.get("modalities")
    if modalities is not None and modalities != ["text"]:
        raise _unsupported("modalities")


def _chat_max_tokens(body: dict[str, Any]) -> int:
    for key in ("max_completion_tokens", "max_tokens"):
        value = body.get(key)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise _invalid(key, "a positive integer")
        return value
    return DEFAULT_MAX_TOKENS


def _chat_messages(messages: list[Any]) -> tuple[str, list[dict[str, Any]]]:
    """Hoist system prompts and fold the rest into strictly alternating Anthropic turns."""
    system: list[str] = []
    turns: list[dict[str, Any]] = []
    for i, raw in enumerate(messages):
        path = f"messages[{i}]"
        msg = _dict(raw, path)
        role = msg.get("role")
        if role in ("system", "developer"):
            text = _joined_text(msg.get("content"), f"{path}.content")
            if text:
                system.append(text)
            continue
        if role == "user":
            blocks = _chat_blocks(msg.get("content"), f"{path}.content")
        elif role == "assistant":
            blocks = _chat_assistant_blocks(msg, path)
        elif role == "tool":
            blocks = [_chat_tool_result(msg, path)]
        elif role == "function":
            raise _unsupported(f"{path}.role", "function")
        else:
            raise _invalid(f"{path}.role", "system, developer, user, assistant or tool")
        if not blocks:
            continue  # Anthropic rejects empty turns; an empty message carries nothing anyway
        anthropic_role = "assistant" if role == "assistant" else "user"
        if turns and turns[-1]["role"] == anthropic_role:
            turns[-1]["content"].extend(blocks)
        else:
            turns.append({"role": anthropic_role, "content": blocks})
    for turn in turns:
        # Anthropic wants the tool_result blocks first in the turn answering a tool_use.
        turn["content"].sort(key=lambda block: block["type"] != "tool_result")
    return _JOIN.join(system), turns


def _chat_blocks(content: Any, path: str) -> list[dict[str, Any]]:
    """User/assistant content (string or parts) -> Anthropic blocks, empty text left out."""
    if content is None or isinstance(content, str):
        return [{"type": "text", "text": content}] if content else []
    blocks: list[dict[str, Any]] = []
    for j, raw in enumerate(_list(content, path)):
        part_path = f"{path}[{j}]"
        part = _dict(raw, part_path)
        kind = part.get("type")
        if kind in ("text", "refusal"):
            text = _str(part.get(kind), f"{part_path}.{kind}")
            if text:
                blocks.append({"type": "text", "text": text})
        elif kind == "image_url":
            blocks.append(_chat_image(part.get("image_url"), f"{part_path}.image_url"))
        else:
            raise _unsupported(part_path, _label(kind))
    return blocks


def _chat_image(image: Any, path: str) -> dict[str, Any]:
    url = image.get("url") if isinstance(image, dict) else image
    if isinstance(url, str) and url[:5].lower() == "data:":
        header, comma, data = url[5:].partition(",")
        params = header.split(";")
        if comma and params[0] and params[-1].lower() == "base64":
            source = {"type": "base64", "media_type": params[0], "data": data}
            return {"type": "image", "source": source}
    elif isinstance(url, str) and url[:8].lower().startswith(("https://", "http://")):
        return {"type": "image", "source": {"type": "url", "url": url}}
    raise _invalid(f"{path}.url", "an http(s) URL or a base64 data URL")


def _chat_assistant_blocks(msg: dict[str, Any], path: str) -> list[dict[str, Any]]:
    if msg.get("function_call") is not None:
        raise _unsupported(f"{path}.function_call")
    blocks = _chat_blocks(msg.get("content"), f"{path}.content")
    for k, raw in enumerate(_list(msg.get("tool_calls") or [], f"{path}.tool_calls")):
        call_path = f"{path}.tool_calls[{k}]"
        call = _dict(raw, call_path)
        if call.get("type", "function") != "function":
            raise _unsupported(f"{call_path}.type", _label(call.get("type")))
        fn = _dict(call.get("function"), f"{call_path}.function")
        blocks.append(
            {
                "type": "tool_use",
                "id": _str(call.get("id"), f"{call_path}.id"),
                "name": _str(fn.get("name"), f"{call_path}.function.name"),
                "input": _arguments(fn.get("arguments"), f"{call_path}.function.arguments"),
            }
        )
    return blocks


def _chat_tool_result(msg: dict[str, Any], path: str) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "tool_result",
        "tool_use_id": _str(msg.get("tool_call_id"), f"{path}.tool_call_id"),
    }
    content = msg.get("content")
    if isinstance(content, str):
        if content:  # a string stays a string; Anthropic allows the content to be omitted
            block["content"] = content
    else:
        blocks = _chat_blocks(content, f"{path}.content")
        if blocks:
            block["content"] = blocks
    return block


def _chat_tool(raw: Any, path: str) -> dict[str, Any]:
    tool = _dict(raw, path)
    if tool.get("type") != "function":
        raise _unsupported(f"{path}.type", _label(tool.get("type")))
    fn = _dict(tool.get("function"), f"{path}.function")
    out: dict[str, Any] = {"name": _str(fn.get("name"), f"{path}.function.name")}
    description = fn.get("description")
    if isinstance(description, str) and description:
        out["description"] = description
    params = fn.get("parameters")
    out["input_schema"] = params if isinstance(params, dict) and params else dict(_EMPTY_SCHEMA)
    return out


def _chat_tool_choice(choice: Any, parallel: Any) -> dict[str, Any] | None:
    result: dict[str, Any] | None
    if choice is None:
        result = None
    elif isinstance(choice, str) and choice in _TOOL_CHOICE_TO_ANTHROPIC:
        result = {"type": _TOOL_CHOICE_TO_ANTHROPIC[choice]}
    elif (
        isinstance(choice, dict)
        and choice.get("type") == "function"
        and isinstance(choice.get("function"), dict)
        and isinstance(choice["function"].get("name"), str)
    ):
        result = {"type": "tool", "name": choice["function"]["name"]}
    else:
        raise _unsupported("tool_choice")
    if parallel is False:
        result = result or {"type": "auto"}
        if result["type"] != "none":
            result["disable_parallel_tool_use"] = True
    return result


# ---------------------------------------------------------------------------------------------
# Anthropic message response -> OpenAI chat.completion


def messages_response_to_chat(resp: dict[str, Any], model: str) -> dict[str, Any]:
    """Anthropic message response -> OpenAI chat.completion; `model` is the name to report."""
    texts: list[str] = []
    calls: list[dict[str, Any]] = []
    blocks = resp.get("content")
    for block in map(_obj, blocks if isinstance(blocks, list) else []):
        if block.get("type") == "text" and isinstance(block.get("text"), str):
            texts.append(block["text"])
        elif block.get("type") == "tool_use":
            name, call_id = str(block.get("name") or ""), str(block.get("id") or "")
            calls.append(_openai_call(call_id, name, block.get("input")))
        # thinking, redacted_thinking and server-tool blocks have no Chat Completions equivalent
    choice = {
        "index": 0,
        "message": _openai_assistant(texts, calls) | {"refusal": None},
        "logprobs": None,
        "finish_reason": finish_reason_for(resp.get("stop_reason")),
    }
    return {
        "id": f"chatcmpl-{resp.get('id') or ''}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [choice],
        "usage": chat_usage(resp.get("usage")),
    }


# ---------------------------------------------------------------------------------------------
# Anthropic messages request -> OpenAI chat.completions request


def messages_request_to_chat(body: dict[str, Any], model: str) -> dict[str, Any]:
    """Anthropic /v1/messages request -> OpenAI chat.completions request for upstream `model`."""
    if body.get("mcp_servers"):
        raise _unsupported("mcp_servers")
    messages: list[dict[str, Any]] = []
    system = _joined_text(body.get("system"), "system")
    if system:
        messages.append({"role": "system", "content": system})
    for i, raw in enumerate(_list(body.get("messages"), "messages")):
        path = f"messages[{i}]"
        msg = _dict(raw, path)
        if msg.get("role") == "user":
            messages.extend(_anthropic_user(msg.get("content"), f"{path}.content"))
        elif msg.get("role") == "assistant":
            messages.append(_anthropic_assistant(msg.get("content"), f"{path}.content"))
        else:
            raise _invalid(f"{path}.role", "user or assistant")
    out: dict[str, Any] = {"model": model, "messages": messages}
    for key in ("max_tokens", "temperature", "top_p"):  # top_k has no OpenAI equivalent: dropped
        if body.get(key) is not None:
            out[key] = body[key]
    stop = body.get("stop_sequences")
    if stop:
        out["stop"] = [
            _str(s, f"stop_sequences[{i}]") for i, s in enumerate(_list(stop, "stop_sequences"))
        ]
    tools = body.get("tools")
    if tools:
        out["tools"] = [
            _anthropic_tool(t, f"tools[{i}]") for i, t in enumerate(_list(tools, "tools"))
        ]
        choice = body.get("tool_choice")
        if choice is not None:
            out["tool_choice"] = _anthropic_tool_choice(_dict(choice, "tool_choice"))
            if choice.get("disable_parallel_tool_use") is True:
                out["parallel_tool_calls"] = False
    metadata = body.get("metadata")
    if isinstance(metadata, dict) and isinstance(metadata.get("user_id"), str):
        out["user"] = metadata["user_id"]
    if body.get("stream") is True:
        out["stream"] = True
        out["stream_options"] = {"include_usage": True}  # Anthropic streams always carry usage
    elif body.get("stream") is False:
        out["stream"] = False
    return out


def _anthropic_user(content: Any, path: str) -> list[dict[str, Any]]:
    """One user turn -> tool messages (answers first, as OpenAI expects) then the user message."""
    if isinstance(content, str):
        return [{"role": "user", "content": content}]
    tool_messages: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    for j, raw in enumerate(_list(content, path)):
        block_path = f"{path}[{j}]"
        block = _dict(raw, block_path)
        kind = block.get("type")
        if kind == "text":
            parts.append({"type": "text", "text": _str(block.get("text"), f"{block_path}.text")})
        elif kind == "image":
            parts.append(_anthropic_image(block.get("source"), f"{block_path}.source"))
        elif kind == "tool_result":
            text = _joined_text(block.get("content"), f"{block_path}.content")
            call_id = _str(block.get("tool_use_id"), f"{block_path}.tool_use_id")
            tool_messages.append({"role": "tool", "tool_call_id": call_id, "content": text})
        else:
            raise _unsupported(block_path, _label(kind))
    if parts and all(p["type"] == "text" for p in parts):
        return [*tool_messages, {"role": "user", "content": _JOIN.join(p["text"] for p in parts)}]
    return [*tool_messages, {"role": "user", "content": parts}] if parts else tool_messages


def _anthropic_image(raw: Any, path: str) -> dict[str, Any]:
    source = _dict(raw, path)
    if source.get("type") == "base64":
        media_type = _str(source.get("media_type"), f"{path}.media_type")
        url = f"data:{media_type};base64,{_str(source.get('data'), f'{path}.data')}"
    elif source.get("type") == "url":
        url = _str(source.get("url"), f"{path}.url")
    else:
        raise _unsupported(path, _label(source.get("type")))
    return {"type": "image_url", "image_url": {"url": url}}


def _anthropic_assistant(content: Any, path: str) -> dict[str, Any]:
    if isinstance(content, str):
        return {"role": "assistant", "content": content}
    texts: list[str] = []
    calls: list[dict[str, Any]] = []
    for j, raw in enumerate(_list(content, path)):
        block_path = f"{path}[{j}]"
        block = _dict(raw, block_path)
        kind = block.get("type")
        if kind == "text":
            texts.append(_str(block.get("text"), f"{block_path}.text"))
        elif kind == "tool_use":
            call_id = _str(block.get("id"), f"{block_path}.id")
            name = _str(block.get("name"), f"{block_path}.name")
            calls.append(_openai_call(call_id, name, block.get("input")))
        elif kind not in ("thinking", "redacted_thinking"):  # reasoning is not replayable
            raise _unsupported(block_path, _label(kind))
    return _openai_assistant(texts, calls)


def _anthropic_tool(raw: Any, path: str) -> dict[str, Any]:
    tool = _dict(raw, path)
    if tool.get("type") not in (None, "custom"):  # server tools (web_search_*, bash_*, ...)
        raise _unsupported(path, _label(tool.get("type")))
    function: dict[str, Any] = {"name": _str(tool.get("name"), f"{path}.name")}
    description = tool.get("description")
    if isinstance(description, str) and description:
        function["description"] = description
    schema = tool.get("input_schema")
    function["parameters"] = schema if isinstance(schema, dict) and schema else dict(_EMPTY_SCHEMA)
    return {"type": "function", "function": function}


def _anthropic_tool_choice(choice: dict[str, Any]) -> Any:
    kind = choice.get("type")
    if isinstance(kind, str) and kind in _TOOL_CHOICE_TO_OPENAI:
        return _TOOL_CHOICE_TO_OPENAI[kind]
    if kind == "tool":
        name = _str(choice.get("name"), "tool_choice.name")
        return {"type": "function", "function": {"name": name}}
    raise _unsupported("tool_choice")


# ---------------------------------------------------------------------------------------------
# OpenAI chat.completion -> Anthropic message


def chat_response_to_messages(resp: dict[str, Any], model: str) -> dict[str, Any]:
    """OpenAI chat.completion -> Anthropic message object; `model` = name to report.

    Only ``choices[0]`` is used (requests translated from Anthropic never ask for n > 1).
    """
    openai_id = str(resp.get("id") or "")
    message_id = "msg_" + openai_id.removeprefix("chatcmpl-")
    choices = resp.get("choices")
    choice = _obj(choices[0] if isinstance(choices, list) and choices else None)
    message = _obj(choice.get("message"))
    content: list[dict[str, Any]] = []
    text = message.get("content")
    if isinstance(text, list):  # some compatible servers answer with text parts
        text = "".join(str(_obj(p).get("text") or "") for p in text)
    if not text and isinstance(message.get("refusal"), str):
        text = message["refusal"]
    if isinstance(text, str) and text:
        content.append({"type": "text", "text": text})
    calls = message.get("tool_calls")
    for k, call in enumerate(calls if isinstance(calls, list) else []):
        fn = _obj(_obj(call).get("function"))
        if not fn:
            continue
        content.append(
            {
                "type": "tool_use",
                "id": str(_obj(call).get("id") or f"toolu_{message_id}_{k}"),
                "name": str(fn.get("name") or ""),
                "input": _lenient_arguments(fn.get("arguments")),
            }
        )
    has_tool_use = any(block["type"] == "tool_use" for block in content)
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason_for(choice.get("finish_reason"), has_tool_use=has_tool_use),
        "stop_sequence": None,
        "usage": anthropic_usage(resp.get("usage")),
    }
