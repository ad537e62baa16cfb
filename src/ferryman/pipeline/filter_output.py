"""The filter_output stage (inspect response): restore pseudonyms, filter what comes back.

Whole answers are filtered field by field. Streams are filtered per channel (a choice's text, a
tool call's arguments, an Anthropic content block) by a :class:`StreamFilter` that holds back
only the tail that could still change and releases the rest at once; channels are flushed when
they end (finish_reason, content_block_stop, [DONE]), so nothing is lost or reordered.
"""

from __future__ import annotations

from typing import Any

from ferryman.core.context import RequestContext, Wire
from ferryman.core.reply import JsonReply, StreamEvent
from ferryman.core.stage import Stage
from ferryman.errors import PolicyBlocked
from ferryman.observability.metrics import BLOCKS, REDACTIONS
from ferryman.transform.fields import walk_response
from ferryman.transform.inspector import Inspector, Protected
from ferryman.transform.policy import Act
from ferryman.transform.restore import OutputFilter, StreamFilter

__all__ = ["FilterOutput"]

_TEMPLATE_KEYS = ("id", "object", "created", "model", "system_fingerprint")


class _StreamState:
    __slots__ = ("channels", "filter", "template")

    def __init__(self, flt: OutputFilter) -> None:
        self.filter = flt
        self.channels: dict[tuple[Any, ...], StreamFilter] = {}
        self.template: dict[str, Any] = {}

    def channel(self, key: tuple[Any, ...], *, json: bool) -> StreamFilter:
        ch = self.channels.get(key)
        if ch is None:
            ch = self.channels[key] = StreamFilter(self.filter, json=json)
        return ch


class FilterOutput(Stage):
    name = "filter_output"

    def __init__(self, inspector: Inspector) -> None:
        self.inspector = inspector

    def _filter(self, ctx: RequestContext) -> OutputFilter | None:
        state: Protected | None = ctx.state.get("redact")
        if state is None:
            return None
        guard = ctx.state.get("guard")
        if guard is not None and len(state.vault):
            # personal data of this request in a link's URL is exfiltration too
            guard.values = state.vault.values()
        flt = OutputFilter(
            self.inspector.redactor, state.policy, state.vault, state.response, guard=guard
        )
        return flt if flt.active else None

    async def on_response(self, ctx: RequestContext, reply: JsonReply) -> None:
        flt = self._filter(ctx)
        if flt is None or reply.status >= 400:
            return
        walk_response(ctx.endpoint, reply.body, lambda text, where: flt.apply(text))
        _count(flt)
        blocked = sorted({t for (t, a) in flt.report.counts if a == Act.BLOCK.label})
        if "CANARY" in blocked:
            BLOCKS.labels("canary_leak").inc()
            raise PolicyBlocked(
                "the answer was withheld: it repeats the confidential system prompt (canary token)",
                code="system_prompt_leak",
            )
        if blocked:
            BLOCKS.labels("response_data").inc()
            raise PolicyBlocked(
                f"the answer was withheld by data policy {flt.policy.name!r}: it contained "
                f"{', '.join(blocked)}",
                code="response_blocked",
            )

    def on_chunk(self, ctx: RequestContext, event: StreamEvent) -> list[StreamEvent]:
        st: _StreamState | None = ctx.state.get(self.name)
        if st is None:
            flt = self._filter(ctx)
            if flt is None:
                return [event]
            st = ctx.state[self.name] = _StreamState(flt)
        if ctx.client_wire is Wire.ANTHROPIC:
            return _anthropic_chunk(st, event)
        return _openai_chunk(st, event)

    def on_stream_end(self, ctx: RequestContext) -> list[StreamEvent]:
        st: _StreamState | None = ctx.state.get(self.name)
        if st is None:
            return []
        out = _flush_all(st, ctx.client_wire)
        _count(st.filter)
        return out


def _count(flt: OutputFilter) -> None:
    """Metrics, once per answer (the report keeps its counts for the access log and audit)."""
    for (entity, action), n in flt.report.counts.items():
        REDACTIONS.labels("response", entity, action).inc(n)


def _openai_chunk(st: _StreamState, event: StreamEvent) -> list[StreamEvent]:
    if event.done:
        return [*_flush_all(st, Wire.OPENAI), event]
    payload = event.json()
    if not st.template:
        st.template = {k: payload[k] for k in _TEMPLATE_KEYS if k in payload}
    changed = False
    for choice in payload.get("choices") or ():
        if not isinstance(choice, dict):
            continue
        idx = choice.get("index", 0)
        delta = choice.get("delta")
        if isinstance(delta, dict):
            changed |= _openai_delta(st, idx, delta)
        if choice.get("finish_reason"):
            if not isinstance(delta, dict):
                delta = choice["delta"] = {}
            changed |= _flush_choice(st, idx, delta)
    if changed:
        event.replace(payload)
    return [event]


def _openai_delta(st: _StreamState, idx: int, delta: dict[str, Any]) -> bool:
    changed = False
    text = delta.get("content")
    if isinstance(text, str) and text:
        delta["content"] = st.channel(("c", idx), json=False).feed(text)
        changed = True
    for call in delta.get("tool_calls") or ():
        func = call.get("function") if isinstance(call, dict) else None
        if isinstance(func, dict) and isinstance(func.get("arguments"), str) and func["arguments"]:
            channel = st.channel(("t", idx, call.get("index", 0)), json=True)
            func["arguments"] = channel.feed(func["arguments"])
            changed = True
    return changed


def _flush_choice(st: _StreamState, idx: int, delta: dict[str, Any]) -> bool:
    changed = False
    for key, ch in list(st.channels.items()):
        if key[1] != idx:
            continue
        rest = ch.flush()
        if not rest:
            continue
        changed = True
        if key[0] == "c":
            delta["content"] = (delta.get("content") or "") + rest
        else:
            calls = delta.setdefault("tool_calls", [])
            calls.append({"index": key[2], "function": {"arguments": rest}})
    return changed


def _flush_all(st: _StreamState, wire: Wire) -> list[StreamEvent]:
    out: list[StreamEvent] = []
    if wire is Wire.OPENAI:
        by_choice: dict[int, dict[str, Any]] = {}
        for key in list(st.channels):
            _flush_choice(st, key[1], by_choice.setdefault(key[1], {}))
        for idx, delta in by_choice.items():
            if delta:
                choice = {"index": idx, "delta": delta, "finish_reason": None}
                out.append(StreamEvent.of({**st.template, "choices": [choice]}))
        return out
    for key, ch in list(st.channels.items()):
        rest = ch.flush()
        if rest:
            out.append(_anthropic_delta(key[0], key[1], rest))
    return out


def _anthropic_delta(index: int, kind: str, text: str) -> StreamEvent:
    field = "text" if kind == "text_delta" else "partial_json"
    payload = {"type": "content_block_delta", "index": index, "delta": {"type": kind, field: text}}
    return StreamEvent.of(payload, event="content_block_delta")


def _anthropic_chunk(st: _StreamState, event: StreamEvent) -> list[StreamEvent]:
    kind = event.event
    if kind not in ("content_block_delta", "content_block_stop"):
        return [event]
    payload = event.json()
    index = payload.get("index", 0)
    if kind == "content_block_stop":
        out = []
        for key, ch in list(st.channels.items()):
            if key[0] == index:
                rest = ch.flush()
                if rest:
                    out.append(_anthropic_delta(index, key[1], rest))
        return [*out, event]
    delta = payload.get("delta")
    if not isinstance(delta, dict):
        return [event]
    dkind = delta.get("type")
    field = {"text_delta": "text", "input_json_delta": "partial_json"}.get(str(dkind))
    if field is None or not isinstance(delta.get(field), str):
        return [event]
    ch = st.channel((index, dkind), json=dkind == "input_json_delta")
    released = ch.feed(delta[field])
    if not released:
        return []
    delta[field] = released
    event.replace(payload)
    return [event]
