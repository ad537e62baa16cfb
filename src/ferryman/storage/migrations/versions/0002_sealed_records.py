"""Sealed records: envelope-encrypted content that a feature must read back.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sealed_records",
        sa.Column("namespace", sa.String(32), primary_key=True),
        sa.Column("record_key", sa.String(128), primary_key=True),
        sa.Column("environment", sa.String(16), nullable=False),
        sa.Column("kek_id", sa.String(128), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
        sa.Column("nonce", sa.LargeBinary, nullable=False),
        sa.Column("ciphertext", sa.LargeBinary, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("expires_at", _TS),
    )
    op.create_index("ix_sealed_records_kek_id", "sealed_records", ["kek_id"])
    op.create_index("ix_sealed_records_expires_at", "sealed_records", ["expires_at"])


def downgrade() -> None:
    op.drop_table("sealed_records")
