"""An OpenAI-SDK client served by an Anthropic model: the request goes up as Anthropic Messages,
the answer comes back as an OpenAI chat.completion."""

from __future__ import annotations

import time
from typing import Any

from ferryman.protocol.translate.common import (
    _EMPTY_SCHEMA,
    _JOIN,
    _TOOL_CHOICE_TO_ANTHROPIC,
    DEFAULT_MAX_TOKENS,
    _arguments,
    _dict,
    _invalid,
    _joined_text,
    _label,
    _list,
    _obj,
    _openai_assistant,
    _openai_call,
    _str,
    _unsupported,
    chat_usage,
    finish_reason_for,
)


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
