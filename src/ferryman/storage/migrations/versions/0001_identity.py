"""Identity: virtual keys, browser tokens, admin events.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "virtual_keys",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("prefix", sa.String(32), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("team", sa.String(128)),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("environment", sa.String(16), nullable=False),
        sa.Column("models", sa.JSON),
        sa.Column("endpoints", sa.JSON),
        sa.Column("policy", sa.String(64)),
        sa.Column("rpm", sa.Integer),
        sa.Column("tpm", sa.Integer),
        sa.Column("budget_usd", sa.Float),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("previous_hash", sa.String(64)),
        sa.Column("previous_expires_at", _TS),
        sa.Column("expires_at", _TS),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("last_used_at", _TS),
        sa.Column("revoked_at", _TS),
    )
    op.create_index("ix_virtual_keys_prefix", "virtual_keys", ["prefix"])
    op.create_index("ix_virtual_keys_previous_hash", "virtual_keys", ["previous_hash"])
    op.create_table(
        "admin_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer, "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("ts", _TS, nullable=False),
        sa.Column("actor_kind", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(48), nullable=False),
        sa.Column("target", sa.String(64)),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("client", sa.String(64)),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_admin_events_ts", "admin_events", ["ts"])
    op.create_index("ix_admin_events_action", "admin_events", ["action"])
    op.create_table(
        "browser_tokens",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("model", sa.String(256), nullable=False),
        sa.Column("max_tokens", sa.Integer, nullable=False),
        sa.Column("origin", sa.String(256), nullable=False),
        sa.Column("remaining", sa.Integer, nullable=False),
        sa.Column("environment", sa.String(16), nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_browser_tokens_origin", "browser_tokens", ["origin", "expires_at"])


def downgrade() -> None:
    op.drop_table("browser_tokens")
    op.drop_table("admin_events")
    op.drop_table("virtual_keys")
