"""Audit events: one metadata-only row per data-plane request.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("ts", _TS, nullable=False),
        sa.Column("request_id", sa.String(64), nullable=False),
        sa.Column("environment", sa.String(16)),
        sa.Column("identity_kind", sa.String(16)),
        sa.Column("key_id", sa.String(32)),
        sa.Column("key_prefix", sa.String(32)),
        sa.Column("key_name", sa.String(128)),
        sa.Column("team", sa.String(128)),
        sa.Column("endpoint", sa.String(16), nullable=False),
        sa.Column("alias", sa.String(128)),
        sa.Column("provider", sa.String(64)),
        sa.Column("requested_model", sa.String(128)),
        sa.Column("upstream_model", sa.String(128)),
        sa.Column("stream", sa.Integer, nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("outcome", sa.String(24), nullable=False),
        sa.Column("error_type", sa.String(48)),
        sa.Column("error_code", sa.String(64)),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("upstream_ms", sa.Float),
        sa.Column("ttft_ms", sa.Float),
        sa.Column("overhead_ms", sa.Float),
        sa.Column("bytes_in", sa.Integer, nullable=False),
        sa.Column("bytes_out", sa.Integer),
        sa.Column("prompt_tokens", sa.Integer),
        sa.Column("completion_tokens", sa.Integer),
        sa.Column("cost_usd", sa.Float),
        sa.Column("policy", sa.String(64)),
        sa.Column("redactions", sa.JSON, nullable=False),
        sa.Column("blocked", sa.String(48)),
        sa.Column("injection", sa.JSON),
        sa.Column("attempts", sa.JSON, nullable=False),
        sa.Column("client", sa.String(64)),
        sa.Column("user_agent", sa.String(256)),
        sa.Column("fingerprint", sa.String(64)),
        sa.Column("subject", sa.String(64)),
    )
    for column in ("ts", "environment", "key_id", "status", "subject"):
        op.create_index(f"ix_audit_events_{column}", "audit_events", [column])


def downgrade() -> None:
    op.drop_table("audit_events")
