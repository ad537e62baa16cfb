"""Where text hides in requests and answers: every text-bearing field of every supported shape.

The walkers call ``fn(text, where) -> text`` on each string a person or a tool could have put
sensitive data in, and write the result back in place. ``where`` is a JSON-path-like location
(``messages[2].content[0].text``) for block messages: it names a place, never a value.
Parts that cannot be inspected (images, audio, files, token-id arrays) are reported through
``opaque(where)`` so the policy can refuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from ferryman.core.context import Endpoint

__all__ = ["TextFn", "walk_request", "walk_response", "walk_strings"]

TextFn = Callable[[str, str], str]
OpaqueFn = Callable[[str], None]

_OPENAI_OPAQUE = frozenset({"image_url", "input_audio", "file", "audio"})
_ANTHROPIC_OPAQUE = frozenset({"image", "audio", "file", "container_upload"})


def walk_strings(node: Any, fn: TextFn, where: str) -> Any:
    """Every string value in a JSON-like tree (keys are left alone: they are schema, not data)."""
    if isinstance(node, str):
        return fn(node, where)
    if isinstance(node, dict):
        for k, v in node.items():
            node[k] = walk_strings(v, fn, f"{where}.{k}")
        return node
    if isinstance(node, list):
        for i, v in enumerate(node):
            node[i] = walk_strings(v, fn, f"{where}[{i}]")
    return node


def _json_text(raw: str, fn: TextFn, where: str) -> str:
    """A JSON document inside a string (tool-call arguments): walk its strings, keep it JSON."""
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return fn(raw, where)
    if isinstance(parsed, str | dict | list):
        return orjson.dumps(walk_strings(parsed, fn, where)).decode()
    return raw


def _openai_tool_calls(msg: dict[str, Any], fn: TextFn, where: str) -> None:
    calls = msg.get("tool_calls")
    if isinstance(calls, list):
        for j, call in enumerate(calls):
            func = call.get("function") if isinstance(call, dict) else None
            if isinstance(func, dict) and isinstance(func.get("arguments"), str):
                func["arguments"] = _json_text(
                    func["arguments"], fn, f"{where}.tool_calls[{j}].function.arguments"
                )
    legacy = msg.get("function_call")
    if isinstance(legacy, dict) and isinstance(legacy.get("arguments"), str):
        legacy["arguments"] = _json_text(
            legacy["arguments"], fn, f"{where}.function_call.arguments"
        )


def _openai_content(msg: dict[str, Any], fn: TextFn, opaque: OpaqueFn, where: str) -> None:
    content = msg.get("content")
    if isinstance(content, str):
        msg["content"] = fn(content, f"{where}.content")
    elif isinstance(content, list):
        for k, part in enumerate(content):
            if not isinstance(part, dict):
                continue
            kind = part.get("type")
            here = f"{where}.content[{k}]"
            if isinstance(part.get("text"), str):
                part["text"] = fn(part["text"], f"{here}.text")
            elif isinstance(part.get("refusal"), str):
                part["refusal"] = fn(part["refusal"], f"{here}.refusal")
            elif kind in _OPENAI_OPAQUE:
                opaque(here)
    for key in ("name", "refusal"):
        if isinstance(msg.get(key), str):
            msg[key] = fn(msg[key], f"{where}.{key}")


def _anthropic_blocks(content: Any, fn: TextFn, opaque: OpaqueFn, where: str) -> Any:
    if isinstance(content, str):
        return fn(content, where)
    if not isinstance(content, list):
        return content
    for k, block in enumerate(content):
        if not isinstance(block, dict):
            continue
        kind = block.get("type")
        here = f"{where}[{k}]"
        if kind == "text" and isinstance(block.get("text"), str):
            block["text"] = fn(block["text"], f"{here}.text")
        elif kind == "tool_use":
            block["input"] = walk_strings(block.get("input"), fn, f"{here}.input")
        elif kind == "tool_result":
            block["content"] = _anthropic_blocks(
                block.get("content"), fn, opaque, f"{here}.content"
            )
        elif kind == "document":
            source = block.get("source")
            if isinstance(source, dict) and source.get("type") == "text":
                source["data"] = fn(str(source.get("data", "")), f"{here}.source.data")
            elif isinstance(source, dict) and source.get("type") == "content":
                source["content"] = _anthropic_blocks(
                    source.get("content"), fn, opaque, f"{here}.source.content"
                )
            else:
                opaque(here)
        elif kind in _ANTHROPIC_OPAQUE:
            opaque(here)
    return content


def walk_request(endpoint: Endpoint, body: dict[str, Any], fn: TextFn, opaque: OpaqueFn) -> None:
    """Apply ``fn`` to every text field of a request body, in place."""
    if endpoint is Endpoint.CHAT:
        messages = body.get("messages")
        if isinstance(messages, list):
            for i, msg in enumerate(messages):
                if isinstance(msg, dict):
                    _openai_content(msg, fn, opaque, f"messages[{i}]")
                    _openai_tool_calls(msg, fn, f"messages[{i}]")
        if isinstance(body.get("user"), str):
            body["user"] = fn(body["user"], "user")
    elif endpoint is Endpoint.EMBEDDINGS:
        value = body.get("input")
        if isinstance(value, str):
            body["input"] = fn(value, "input")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    value[i] = fn(item, f"input[{i}]")
                else:
                    opaque(f"input[{i}]")  # token ids cannot be inspected
    elif endpoint is Endpoint.MESSAGES:
        if "system" in body:
            body["system"] = _anthropic_blocks(body["system"], fn, opaque, "system")
        messages = body.get("messages")
        if isinstance(messages, list):
            for i, msg in enumerate(messages):
                if isinstance(msg, dict) and "content" in msg:
                    msg["content"] = _anthropic_blocks(
                        msg["content"], fn, opaque, f"messages[{i}].content"
                    )


def walk_response(endpoint: Endpoint, body: dict[str, Any], fn: TextFn) -> None:
    """Apply ``fn`` to every text field of a (non-streamed) answer, in place."""
    if endpoint is Endpoint.CHAT:
        choices = body.get("choices")
        if isinstance(choices, list):
            for i, choice in enumerate(choices):
                msg = choice.get("message") if isinstance(choice, dict) else None
                if isinstance(msg, dict):
                    _openai_content(msg, fn, _ignore, f"choices[{i}].message")
                    _openai_tool_calls(msg, fn, f"choices[{i}].message")
    elif endpoint is Endpoint.MESSAGES:
        body["content"] = _anthropic_blocks(body.get("content"), fn, _ignore, "content")


def _ignore(where: str) -> None:
    return None
