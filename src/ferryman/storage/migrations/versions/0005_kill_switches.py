"""Kill switches: operator stops on all traffic, a key, a team, a route or a provider.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "kill_switches",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("target", sa.String(128), nullable=False),
        sa.Column("reason", sa.String(256), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("lifted_at", _TS),
        sa.Column("lifted_by", sa.String(64)),
    )
    op.create_index("ix_kill_switches_lifted_at", "kill_switches", ["lifted_at"])


def downgrade() -> None:
    op.drop_table("kill_switches")
