"""An Anthropic-SDK client served by an OpenAI-compatible model: the request goes up as OpenAI
chat.completions, the answer comes back as an Anthropic message."""

from __future__ import annotations

from typing import Any

from ferryman.protocol.translate.common import (
    _EMPTY_SCHEMA,
    _JOIN,
    _TOOL_CHOICE_TO_OPENAI,
    _dict,
    _invalid,
    _joined_text,
    _label,
    _lenient_arguments,
    _list,
    _obj,
    _openai_assistant,
    _openai_call,
    _str,
    _unsupported,
    anthropic_usage,
    stop_reason_for,
)


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
