"""The store of taqrir 0.2.0: processed files and extraction results.

Databases made by 0.2.0 have these two tables and no alembic_version: the store stamps them with
this revision before upgrading (pipeline.store.migrate).

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "files",
        sa.Column("path", sa.String, primary_key=True),
        sa.Column("sha256", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("pipeline_version", sa.String, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "results",
        sa.Column("sha256", sa.String, primary_key=True),
        sa.Column("pipeline_version", sa.String, primary_key=True),
        sa.Column("path", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("results")
    op.drop_table("files")
