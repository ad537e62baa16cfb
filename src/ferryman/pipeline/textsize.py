"""How much text a request carries: measured once, shared by the two inspection stages.

Two decisions hang on it. Above :data:`THREAD_CHARS` the detectors run in a worker thread, so
that a multi-megabyte prompt does not stall every other request on the event loop for as long
as its inspection takes. Above the policy's ``max_text_chars`` the request is refused before
any inspection (413 ``text_too_large``): the time the detectors take grows with the text, and
crafted text (a megabyte of lone digits or of capitalised words) costs several microseconds a
character, so an unbounded body would be an unbounded amount of CPU; text that is not inspected
never leaves, so the refusal is the fail-closed answer.

A JSON body of n bytes decodes to at most ~1.5 n characters of inspected text (string fields to
at most n), so a body no larger than half a bound is never measured; a larger one is walked once
(the same walk the stages inspect) and the count kept on the request.
"""

from __future__ import annotations

from ferryman.core.context import RequestContext
from ferryman.errors import PayloadTooLarge
from ferryman.observability.metrics import BLOCKS
from ferryman.transform.fields import walk_request
from ferryman.transform.policy import Policy

__all__ = ["THREAD_CHARS", "check_text_budget", "large", "text_chars"]

#: above this much text the detectors run in a worker thread
THREAD_CHARS = 64 * 1024
_KEY = "text_chars"


def text_chars(ctx: RequestContext) -> int:
    """Characters of inspectable text in the request (every field the stages walk)."""
    known = ctx.state.get(_KEY)
    if isinstance(known, int):
        return known
    total = 0

    def measure(text: str, where: str) -> str:
        nonlocal total
        total += len(text)
        return text

    walk_request(ctx.endpoint, ctx.body, measure, lambda where: None)
    ctx.state[_KEY] = total
    return total


def _at_most(ctx: RequestContext, bound: int) -> bool:
    """Whether the request certainly carries no more than ``bound`` characters of text."""
    size = ctx.state.get("body_bytes")
    # twice: a structured field inspected as text (an Anthropic document's non-string ``data``)
    # reads back longer than its JSON ("[0,0]" -> "[0, 0]"), up to ~1.5 times
    if isinstance(size, int) and 2 * size <= bound:
        return True
    return text_chars(ctx) <= bound


def large(ctx: RequestContext) -> bool:
    """More text than the event loop should inspect inline?"""
    return not _at_most(ctx, THREAD_CHARS)


def check_text_budget(ctx: RequestContext, policy: Policy) -> None:
    """Refuse (413) a request with more text than ``policy`` inspects."""
    if _at_most(ctx, policy.max_text_chars):
        return
    BLOCKS.labels("text_too_large").inc()
    raise PayloadTooLarge(
        f"request blocked by data policy {policy.name!r}: it carries more than "
        f"{policy.max_text_chars} characters of text, more than the policy inspects",
        code="text_too_large",
    )
