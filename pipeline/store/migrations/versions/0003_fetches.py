"""Fetch state: what `taqrir fetch` asked of each source's addresses and wrote under raw/.

One row per source and address: the HTTP validators (ETag, Last-Modified) sent back as a conditional
request next time, the sha256 and path of the file written, title and date of an article page, when
the content was fetched and when the address was last asked, and the last failure. Documents already
had `provenance_json` (0002); the store fills it from this table when it stores a fetched file.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "fetches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("final_url", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("sha256", sa.String),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.String),
        sa.Column("content_type", sa.String),
        sa.Column("size", sa.Integer),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String),
        sa.Column("found_on", sa.Text),
        sa.Column("fetched_at", STAMP),
        sa.Column("checked_at", STAMP),
        sa.Column("error", sa.Text),
        sa.UniqueConstraint("source", "url", name="uq_fetch_source_url"),
    )
    op.create_index("ix_fetches_path", "fetches", ["path"])
    op.create_index("ix_fetches_sha256", "fetches", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_fetches_sha256", "fetches")
    op.drop_index("ix_fetches_path", "fetches")
    op.drop_table("fetches")
