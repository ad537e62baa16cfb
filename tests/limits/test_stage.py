"""The limit stage in a real chain: refusals with headers, token correction by reported usage,
and every concurrency slot released exactly once, whichever way the request ends."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

import pytest

from ferryman.core.chain import Chain
from ferryman.core.context import Attempt, Endpoint, RequestContext
from ferryman.core.reply import JsonReply, StreamEvent, StreamReply
from ferryman.core.stage import Stage, Terminal
from ferryman.errors import PolicyBlocked, RateLimited, UpstreamError
from ferryman.identity.model import Identity, Role
from ferryman.limits import MemoryLimiter, Slot
from ferryman.observability.metrics import RATE_LIMITED
from ferryman.pipeline.limit import Limit
from ferryman.settings.limits import LimitSettings, LimitSpec
from ferryman.util.tasks import spawn

KEY = Identity(kind="key", id="k1", name="t", role=Role.SERVICE, environment="dev", team="red")
SLOT = "key:key:k1:conc"


class Counting(MemoryLimiter):
    def __init__(self) -> None:
        super().__init__()
        self.releases = 0

    async def release(self, slots: Sequence[Slot], lease: str) -> None:
        self.releases += 1
        await super().release(slots, lease)


class Upstream(Terminal):
    """Answers like a provider would (JSON with usage, a stream, or a failure)."""

    def __init__(self, mode: str = "json") -> None:
        self.mode = mode

    async def call(self, ctx: RequestContext) -> JsonReply | StreamReply:
        ctx.attempts.append(Attempt("m", "p", 200, None, 1.0))
        if self.mode == "fail":
            raise UpstreamError("provider failed")
        if self.mode == "json":
            return JsonReply(200, body={"usage": {"prompt_tokens": 300, "completion_tokens": 200}})

        async def events() -> AsyncIterator[StreamEvent]:
            for i in range(5):
                yield StreamEvent(data=f'{{"n": {i}}}')
                await asyncio.sleep(0)
            ctx.usage = {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}

        return StreamReply(events())


class Refuse(Stage):
    async def on_request(self, ctx: RequestContext) -> None:
        raise PolicyBlocked("no")


def ctx(text: str = "x" * 396, **body: object) -> RequestContext:
    c = RequestContext(
        request_id="r",
        endpoint=Endpoint.CHAT,
        body={"model": "m", "messages": [{"role": "user", "content": text}], **body},
    )
    c.identity = KEY
    return c


def limit(limiter: MemoryLimiter, **spec: object) -> Limit:
    settings = LimitSettings(
        default=LimitSpec(**{"rpm": 100, "tpm": 1000, "concurrency": 2, **spec}), burst=1.0
    )  # type: ignore[arg-type]
    return Limit(settings, limiter, b"pepper-for-tests-0123")


def test_admitted_requests_carry_the_rate_headers_and_tokens_are_corrected() -> None:
    limiter = Counting()
    chain = Chain([limit(limiter)], Upstream("json"))
    c = ctx()  # 100 tokens estimated (the text and the role, by 4 characters a token)
    asyncio.run(chain.run(c))
    assert c.response_headers["x-ratelimit-limit-requests"] == "100"
    assert c.response_headers["x-ratelimit-remaining-requests"] == "99"
    assert c.response_headers["x-ratelimit-limit-tokens"] == "1000"
    assert c.response_headers["x-ratelimit-remaining-tokens"] == "900"
    assert limiter.releases == 1 and limiter.in_flight(SLOT) == 0
    probe = ctx("")  # the 500 reported tokens replaced the 100 estimated
    asyncio.run(chain.run(probe))
    assert int(probe.response_headers["x-ratelimit-remaining-tokens"]) in (499, 500)


def test_over_the_limit_is_429_with_retry_after_and_headers() -> None:
    before = RATE_LIMITED.labels("key")._value.get()
    chain = Chain([limit(Counting(), rpm=2)], Upstream("json"))
    asyncio.run(chain.run(ctx("")))
    asyncio.run(chain.run(ctx("")))
    refused = ctx("")
    with pytest.raises(RateLimited) as info:
        asyncio.run(chain.run(refused))
    assert info.value.code == "rate_limit_requests"
    assert info.value.headers["retry-after"] == "30"
    assert refused.response_headers["x-ratelimit-remaining-requests"] == "0"
    assert refused.response_headers["x-ratelimit-reset-requests"] == "1m0s"
    assert RATE_LIMITED.labels("key")._value.get() == before + 1


def test_a_failed_upstream_call_releases_the_slot_and_keeps_the_estimate() -> None:
    limiter = Counting()
    chain = Chain([limit(limiter)], Upstream("fail"))
    c = ctx()
    with pytest.raises(UpstreamError):
        asyncio.run(chain.run(c))
    assert limiter.releases == 1 and limiter.in_flight(SLOT) == 0
    assert c.response_headers["x-ratelimit-remaining-tokens"] == "900"


def test_a_request_refused_later_in_the_chain_is_refunded_its_tokens() -> None:
    limiter = Counting()
    stage = limit(limiter)
    with pytest.raises(PolicyBlocked):
        asyncio.run(Chain([stage, Refuse()], Upstream("json")).run(ctx()))
    assert limiter.releases == 1 and limiter.in_flight(SLOT) == 0
    probe = ctx("")
    asyncio.run(Chain([stage], Upstream("json")).run(probe))
    assert probe.response_headers["x-ratelimit-remaining-tokens"] in ("999", "1000")


def test_a_refused_request_holds_nothing() -> None:
    limiter = Counting()
    chain = Chain([limit(limiter, rpm=1)], Upstream("json"))
    asyncio.run(chain.run(ctx()))
    with pytest.raises(RateLimited):
        asyncio.run(chain.run(ctx()))
    assert limiter.releases == 1  # only the admitted request had anything to release


async def _consume(chain: Chain, c: RequestContext, take: int | None) -> None:
    reply = await chain.run(c)
    assert isinstance(reply, StreamReply)
    events = reply.events
    n = 0
    async for _ in events:
        n += 1
        if take is not None and n >= take:
            await events.aclose()  # type: ignore[attr-defined]
            break
    await asyncio.sleep(0.01)  # settling after a stream runs in the background


def test_a_finished_stream_releases_once_and_corrects_by_the_reported_usage() -> None:
    limiter = Counting()
    chain = Chain([limit(limiter)], Upstream("stream"))
    c = ctx(stream=True)
    asyncio.run(_consume(chain, c, None))
    assert limiter.releases == 1 and limiter.in_flight(SLOT) == 0
    probe = ctx("")
    asyncio.run(chain.run(probe))
    assert probe.response_headers["x-ratelimit-remaining-tokens"] in ("980", "979")


def test_a_stream_the_client_abandoned_releases_once() -> None:
    limiter = Counting()
    chain = Chain([limit(limiter)], Upstream("stream"))
    asyncio.run(_consume(chain, ctx(stream=True), 2))
    assert limiter.releases == 1 and limiter.in_flight(SLOT) == 0


def test_a_cancelled_stream_releases_once() -> None:
    limiter = Counting()
    chain = Chain([limit(limiter)], Upstream("stream"))

    async def scenario() -> None:
        task = spawn(_consume(chain, ctx(stream=True), None), name="consumer")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0.01)

    asyncio.run(scenario())
    assert limiter.releases == 1 and limiter.in_flight(SLOT) == 0


def test_end_users_teams_and_environments_have_their_own_limits() -> None:
    settings = LimitSettings(
        default=LimitSpec(rpm=100),
        per_user=LimitSpec(rpm=1),
        per_team=LimitSpec(rpm=3),
        per_environment={"dev": LimitSpec(rpm=4)},
        burst=1.0,
    )
    chain = Chain([Limit(settings, MemoryLimiter(), b"p" * 16)], Upstream("json"))
    asyncio.run(chain.run(ctx(user="alice")))
    with pytest.raises(RateLimited) as info:
        asyncio.run(chain.run(ctx(user="alice")))
    assert "user" in info.value.message and "alice" not in info.value.message
    asyncio.run(chain.run(ctx(user="bob")))
    asyncio.run(chain.run(ctx()))
    with pytest.raises(RateLimited) as info:
        asyncio.run(chain.run(ctx()))
    assert info.value.code == "rate_limit_requests" and "team" in info.value.message
