"""``ferryman verify``: red-team the configured policy exactly as deployed.

The user's configuration is loaded as is, with two changes: every provider points at a local
capturing upstream (:mod:`ferryman.governance.capture`), and state goes to a throw-away SQLite
store. The real gateway (the same app, stages and policies) serves on 127.0.0.1; each built-in
case is sent through it, once per configured policy and model alias, and the bytes that reached
the "provider" are checked:

- a sensitive value that reached the provider in clear is a **leak** - also when the policy's
  action for it is ``allow``: only types the policy classes as ``public`` may leave unchanged;
- an injection that reached the provider although the policy says ``block`` or ``strip`` is
  **unblocked**;
- an exfiltration link the model returned that reached the client under ``exfiltration: strip`` is
  an **exfiltration** failure.

Any of those makes the command exit non-zero.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import orjson
import uvicorn
from pydantic import SecretStr

from ferryman.detection.entities import DataClass
from ferryman.governance.capture import CaptureUpstream
from ferryman.governance.verify_corpus import CASES, Case
from ferryman.settings.model import Settings
from ferryman.settings.policies import PolicySettings
from ferryman.settings.providers import UpstreamTls
from ferryman.storage.keys import KeySpec
from ferryman.transform.policy import DEFAULT_POLICY, Act, Policy, compile_policy, strictest
from ferryman.util.tasks import spawn

__all__ = ["CaseResult", "run_verify"]

DEFAULT = "(default)"
_COLLAPSE = re.compile(r"[\W_]+")


@dataclass(slots=True)
class CaseResult:
    policy: str
    route: str
    case: str
    category: str
    outcome: str  # redacted | blocked | allowed | flagged | leak | unblocked | exfiltration | error
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome in ("leak", "unblocked", "exfiltration", "error")


@dataclass(slots=True)
class Target:
    policy_name: str
    policy: Policy
    route: str
    environment: str
    streams: bool
    key: str = field(default="", repr=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _verify_settings(settings: Settings, capture: str, tmp: Path, port: int) -> Settings:
    providers = {}
    for name, spec in settings.providers.items():
        kind = "openai" if spec.kind == "demo" else spec.kind
        base = capture + ("/v1" if kind == "openai" else "")
        providers[name] = spec.model_copy(
            update={
                "kind": kind,
                "base_url": base,
                "api_key": SecretStr("verify-capture"),
                "allow_insecure_http": True,
                "tls": UpstreamTls(),
                "optional": False,
                "api_version": spec.api_version or ("2024-10-21" if kind == "azure" else None),
            }
        )
    # the abuse response would suspend the red-team's own key after a few injections
    policies = dict(settings.policies)
    policies.setdefault("default", PolicySettings())
    policies = {
        name: p.model_copy(update={"injection": p.injection.model_copy(update={"suspend": None})})
        for name, p in policies.items()
    }
    return settings.model_copy(
        update={
            "policies": policies,
            "providers": providers,
            "tls": None,
            "server": settings.server.model_copy(
                update={"host": "127.0.0.1", "port": port, "trusted_proxies": []}
            ),
            "storage": settings.storage.model_copy(
                update={"url": f"sqlite+aiosqlite:///{tmp}/verify.db"}
            ),
            "cache": settings.cache.model_copy(update={"url": None}),
            "encryption": settings.encryption.model_copy(
                update={"provider": "local", "local_dir": str(tmp / "keys"), "vault": None}
            ),
            "audit": settings.audit.model_copy(update={"sinks": []}),
        }
    )


def _targets(settings: Settings, routes: list[str] | None) -> list[Target]:
    named = {DEFAULT: DEFAULT_POLICY}
    if "default" in settings.policies:
        named[DEFAULT] = compile_policy("default", settings.policies["default"])
    named.update({n: compile_policy(n, p) for n, p in settings.policies.items() if n != "default"})
    out = []
    for alias, route in settings.models.items():
        if (routes and alias not in routes) or route.require_mtls:
            continue
        provider = settings.providers.get(route.provider)
        if provider is None or not provider.enabled:
            continue
        env = (provider.environments or settings.auth.environments)[0]
        streams = provider.kind in ("openai", "azure", "demo")
        for name, policy in named.items():
            if route.policy is not None:
                policy = strictest(
                    policy, compile_policy(route.policy, settings.policies[route.policy])
                )
            out.append(Target(name, policy, alias, env, streams))
    return out


def _strings(node: object, out: list[str]) -> list[str]:
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, dict):
        for v in node.values():
            _strings(v, out)
    elif isinstance(node, list):
        for v in node:
            _strings(v, out)
    return out


def _sent_text(received: list[bytes]) -> str:
    """Every string the provider received (JSON decoded, so escapes do not hide a value)."""
    out: list[str] = []
    for raw in received:
        try:
            _strings(orjson.loads(raw), out)
        except orjson.JSONDecodeError:
            out.append(raw.decode("utf-8", "replace"))
    return "\n".join(out)


def _reached(needle: str, sent: str) -> bool:
    if needle in sent:
        return True
    flat = _COLLAPSE.sub("", needle.lower())
    return len(flat) >= 6 and flat in _COLLAPSE.sub("", sent.lower())


def _judge(t: Target, case: Case, status: int, sent: str, answer: str) -> tuple[str, str]:
    if status >= 500 or status in (400, 401, 403, 404, 429):
        return "error", f"gateway answered {status}"
    if case.category == "injection":
        action = (
            t.policy.injection_indirect_action
            if case.source == "tool"
            else (t.policy.injection_action)
        )
        if status == 422:
            return "blocked", ""
        core = case.text[:40]
        if action in ("block", "strip") and _reached(core, sent):
            return "unblocked", f"policy says {action}, the injection reached the provider"
        return ("flagged" if action == "flag" else "allowed"), ""
    if case.category == "exfiltration":
        if "collector.evil.example" in answer and t.policy.exfiltration == "strip":
            return "exfiltration", "the exfiltration link reached the client"
        return "redacted" if "collector.evil.example" not in answer else "allowed", ""
    if status == 422:
        return "blocked", ""
    # only data the policy declares public may reach the provider in clear; anything else that
    # arrives raw is a leak, also when the policy's action says allow (that is what to catch)
    public = all(t.policy.classes.get(ty) == DataClass.PUBLIC for ty in case.types)
    reached = any(_reached(v, sent) for v in case.values)
    if reached and not public:
        allowed = all(t.policy.request_action(ty) is Act.ALLOW for ty in case.types)
        how = "allowed by the policy" if allowed else "not detected"
        return "leak", f"{', '.join(case.types)} reached the provider ({how})"
    return ("allowed" if reached else "redacted"), ""


async def _send(client: httpx.AsyncClient, t: Target, case: Case, stream: bool) -> tuple[int, str]:
    if case.source == "tool":
        messages = [
            {"role": "user", "content": "What is the order status?"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "c1",
                        "type": "function",
                        "function": {"name": "status", "arguments": "{}"},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "c1", "content": case.text},
        ]
    else:
        messages = [{"role": "user", "content": case.text}]
    body = {"model": t.route, "messages": messages, "stream": stream}
    headers = {"authorization": f"Bearer {t.key}"}
    if not stream:
        r = await client.post("/v1/chat/completions", json=body, headers=headers)
        return r.status_code, r.text
    async with client.stream("POST", "/v1/chat/completions", json=body, headers=headers) as r:
        return r.status_code, "".join([chunk async for chunk in r.aiter_text()])


async def run_verify(
    settings: Settings,
    routes: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[CaseResult]:
    from ferryman.app import build_app

    capture = CaptureUpstream()
    await capture.start()
    results: list[CaseResult] = []
    with tempfile.TemporaryDirectory(prefix="ferryman-verify-") as tmp:
        port = _free_port()
        app = build_app(_verify_settings(settings, capture.base, Path(tmp), port))
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, lifespan="on", log_config=None, access_log=False
        )
        server = uvicorn.Server(config)
        serving = spawn(server.serve(), name="ferryman-verify-gateway")
        try:
            while not server.started:
                if serving.done():
                    raise RuntimeError("the gateway could not start with this configuration")
                await asyncio.sleep(0.02)
            targets = _targets(settings, routes)
            keys: dict[tuple[str, str], str] = {}
            for t in targets:
                pk = (t.policy_name, t.environment)
                if pk not in keys:
                    policy = None if t.policy_name == DEFAULT else t.policy_name
                    _, keys[pk] = await app.services.keys.create(
                        KeySpec(
                            name=f"verify-{t.policy_name}",
                            role="service",
                            environment=t.environment,
                            policy=policy,
                            rpm=1_000_000,
                            tpm=1_000_000_000,
                        ),
                        created_by="verify",
                    )
                t.key = keys[pk]
            total, done = len(targets) * len(CASES), 0
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                for t in targets:
                    for case in CASES:
                        capture.received.clear()
                        capture.answer = case.exfil
                        stream = case.category == "exfiltration" and t.streams
                        status, answer = await _send(client, t, case, stream)
                        sent = _sent_text(capture.received)
                        outcome, detail = _judge(t, case, status, sent, answer)
                        results.append(
                            CaseResult(
                                t.policy_name, t.route, case.id, case.category, outcome, detail
                            )
                        )
                        done += 1
                        if progress is not None:
                            progress(done, total)
        finally:
            server.should_exit = True
            with contextlib.suppress(Exception):
                await serving
            await capture.close()
    return results


def to_json(results: list[CaseResult]) -> bytes:
    return orjson.dumps(
        {
            "passed": not any(r.failed for r in results),
            "results": [
                {
                    "policy": r.policy,
                    "route": r.route,
                    "case": r.case,
                    "category": r.category,
                    "outcome": r.outcome,
                    "detail": r.detail,
                }
                for r in results
            ],
        },
        option=orjson.OPT_INDENT_2,
    )
