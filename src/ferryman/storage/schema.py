"""The tables (SQLAlchemy Core). Every column is metadata: names, roles, hashes, timestamps.

Key secrets are stored only as keyed hashes (``secret_hash``); the visible ``prefix`` identifies a
key in lists and logs without being usable.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
)

__all__ = [
    "admin_events",
    "audit_events",
    "browser_tokens",
    "budget_usage",
    "kill_switches",
    "metadata",
    "sealed_records",
    "virtual_keys",
]

metadata = MetaData()

virtual_keys = Table(
    "virtual_keys",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("prefix", String(32), nullable=False, index=True),
    Column("name", String(128), nullable=False),
    Column("team", String(128)),
    Column("role", String(16), nullable=False),
    Column("environment", String(16), nullable=False),
    Column("models", JSON),  # list of aliases; NULL = every alias of the environment
    Column("endpoints", JSON),  # list of endpoints; NULL = every data-plane endpoint
    Column("policy", String(64)),
    Column("rpm", Integer),
    Column("tpm", Integer),
    Column("budget_usd", Float),
    Column("meta", JSON, nullable=False),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("previous_hash", String(64), index=True),
    Column("previous_expires_at", DateTime(timezone=True)),
    Column("expires_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

admin_events = Table(
    "admin_events",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("ts", DateTime(timezone=True), nullable=False, index=True),
    Column("actor_kind", String(16), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(48), nullable=False, index=True),
    Column("target", String(64)),
    Column("outcome", String(16), nullable=False),
    Column("client", String(64)),
    Column("detail", JSON, nullable=False),
)

browser_tokens = Table(
    "browser_tokens",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("model", String(256), nullable=False),
    Column("max_tokens", Integer, nullable=False),
    Column("origin", String(256), nullable=False),
    Column("remaining", Integer, nullable=False),
    Column("environment", String(16), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(64), nullable=False),
)

Index("ix_browser_tokens_origin", browser_tokens.c.origin, browser_tokens.c.expires_at)

sealed_records = Table(
    "sealed_records",
    metadata,
    Column("namespace", String(32), primary_key=True),
    Column("record_key", String(128), primary_key=True),
    Column("environment", String(16), nullable=False),
    Column("kek_id", String(128), nullable=False, index=True),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), index=True),
)

# One row per data-plane request: metadata only (see ferryman.audit.event for each field).
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("ts", DateTime(timezone=True), nullable=False, index=True),
    Column("request_id", String(64), nullable=False),
    Column("environment", String(16), index=True),
    Column("identity_kind", String(16)),
    Column("key_id", String(32), index=True),
    Column("key_prefix", String(32)),
    Column("key_name", String(128)),
    Column("team", String(128)),
    Column("endpoint", String(16), nullable=False),
    Column("alias", String(128)),
    Column("provider", String(64)),
    Column("requested_model", String(128)),
    Column("upstream_model", String(128)),
    Column("stream", Integer, nullable=False),
    Column("status", Integer, nullable=False, index=True),
    Column("outcome", String(24), nullable=False),
    Column("error_type", String(48)),
    Column("error_code", String(64)),
    Column("latency_ms", Float, nullable=False),
    Column("upstream_ms", Float),
    Column("ttft_ms", Float),
    Column("overhead_ms", Float),
    Column("bytes_in", Integer, nullable=False),
    Column("bytes_out", Integer),
    Column("prompt_tokens", Integer),
    Column("completion_tokens", Integer),
    Column("cost_usd", Float),
    Column("policy", String(64)),
    Column("redactions", JSON, nullable=False),
    Column("blocked", String(48)),
    Column("injection", JSON),
    Column("attempts", JSON, nullable=False),
    Column("client", String(64)),
    Column("user_agent", String(256)),
    Column("fingerprint", String(64)),
    Column("subject", String(64), index=True),
)

# Spend per budget: one row per (scope, subject, span, period), money in nano-dollars. A request
# reserves its worst case with a conditional update, then settles its real cost (budgets.ledger).
budget_usage = Table(
    "budget_usage",
    metadata,
    Column("scope", String(16), primary_key=True),  # key | team | environment
    Column("subject", String(128), primary_key=True),  # key id, team or environment name
    Column("span", String(8), primary_key=True),  # day | month
    Column("period", String(10), primary_key=True),  # 2026-11-02 | 2026-11 (UTC)
    Column("cap_nano", BigInteger),  # NULL: tracked, no cap
    Column("spent_nano", BigInteger, nullable=False),
    Column("reserved_nano", BigInteger, nullable=False),
    Column("requests", BigInteger, nullable=False),
    Column("input_tokens", BigInteger, nullable=False),
    Column("output_tokens", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

Index("ix_budget_usage_period", budget_usage.c.span, budget_usage.c.period)

# Operator kill switches: all traffic, or one key, team, route or provider; lifted, never deleted.
kill_switches = Table(
    "kill_switches",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("scope", String(16), nullable=False),
    Column("target", String(128), nullable=False),
    Column("reason", String(256), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("lifted_at", DateTime(timezone=True), index=True),
    Column("lifted_by", String(64)),
)
