"""Records with an identity: documents (from files), records, their keys and mentions, field values
with reviewed values, entity corrections, the audit log, users, store metadata.

`files` becomes `documents`: each path keeps its last content and status, and gets the content
whose records are current (its latest result that is not an error). Records are filled from the
stored results by the store after the upgrade (pipeline.store.Store.rebuild_records), not here:
that needs the identity rules of the running version.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("path", sa.String, nullable=False, unique=True),
        sa.Column("sha256", sa.String, nullable=False),
        sa.Column("format", sa.String),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("pipeline_version", sa.String, nullable=False),
        sa.Column("extracted_sha256", sa.String),
        sa.Column("extracted_version", sa.String),
        sa.Column("provenance_json", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("first_seen_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
    )
    op.execute(
        "INSERT INTO documents (path, sha256, status, error, pipeline_version, first_seen_at, updated_at) "
        "SELECT path, sha256, status, error, pipeline_version, updated_at, updated_at FROM files"
    )
    latest_ok = (
        "FROM results r WHERE r.path = documents.path AND r.status <> 'error' "
        "ORDER BY r.created_at DESC LIMIT 1"
    )
    op.execute(
        f"UPDATE documents SET extracted_sha256 = (SELECT r.sha256 {latest_ok}), "
        f"extracted_version = (SELECT r.pipeline_version {latest_ok})"
    )
    op.drop_table("files")
    op.create_index("ix_documents_extracted", "documents", ["extracted_sha256", "extracted_version"])

    op.create_table(
        "records",
        sa.Column("record_id", sa.String, primary_key=True),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("in_latest", sa.Boolean, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("first_mention", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("extracted_json", sa.Text, nullable=False),
        sa.Column("flags_json", sa.Text, nullable=False),
        sa.Column("needs_refresh", sa.Boolean, nullable=False),
        sa.Column("reviewed_by", sa.String),
        sa.Column("reviewed_at", STAMP),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
    )
    op.create_index("ix_records_status", "records", ["status"])
    op.create_index("ix_records_confidence", "records", ["confidence"])
    op.create_index("ix_records_needs_refresh", "records", ["needs_refresh"])
    op.create_table(
        "record_keys",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("record_id", sa.String, sa.ForeignKey("records.record_id"), nullable=False),
        sa.Column("origin", sa.String, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
    )
    op.create_index("ix_record_keys_record_id", "record_keys", ["record_id"])
    op.create_table(
        "record_mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String, sa.ForeignKey("records.record_id"), nullable=False),
        sa.Column("path", sa.String, nullable=False),
        sa.Column("sha256", sa.String, nullable=False),
        sa.Column("pipeline_version", sa.String, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("record_json", sa.Text, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.UniqueConstraint("sha256", "pipeline_version", "position", name="uq_mention_result_position"),
    )
    op.create_index("ix_record_mentions_record_id", "record_mentions", ["record_id"])
    op.create_index("ix_mentions_content", "record_mentions", ["sha256", "pipeline_version"])
    op.create_table(
        "field_values",
        sa.Column("record_id", sa.String, sa.ForeignKey("records.record_id"), primary_key=True),
        sa.Column("field", sa.String, primary_key=True),
        sa.Column("extracted_json", sa.Text, nullable=False),
        sa.Column("reviewed_json", sa.Text),
        sa.Column("reviewed_by", sa.String),
        sa.Column("reviewed_at", STAMP),
        sa.Column("seen_extracted_json", sa.Text),
        sa.Column("conflict_json", sa.Text),
        sa.Column("updated_at", STAMP, nullable=False),
    )
    op.create_table(
        "entity_corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("path", sa.String, nullable=False),
        sa.Column("sha256", sa.String, nullable=False),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("label", sa.String),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("text", sa.Text),
        sa.Column("old_label", sa.String),
        sa.Column("old_start", sa.Integer),
        sa.Column("old_end", sa.Integer),
        sa.Column("user", sa.String, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
    )
    op.create_index("ix_entity_corrections_path", "entity_corrections", ["path"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("user", sa.String, nullable=False),
        sa.Column("record_id", sa.String),
        sa.Column("field", sa.String),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("old_json", sa.Text),
        sa.Column("new_json", sa.Text),
    )
    op.create_index("ix_audit_log_record_id", "audit_log", ["record_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String, nullable=False, unique=True),
        sa.Column("role", sa.String, nullable=False),
        sa.Column("password_hash", sa.String, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("trigger", sa.String, nullable=False),
        sa.Column("pipeline_version", sa.String, nullable=False),
        sa.Column("started_at", STAMP, nullable=False),
        sa.Column("finished_at", STAMP),
        sa.Column("new", sa.Integer, nullable=False),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("skipped", sa.Integer, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
        sa.Column("held", sa.Integer, nullable=False),
    )
    op.create_index("ix_runs_started_at", "runs", ["started_at"])
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("taqrir never deletes reviewed data: restore a backup to go back to 0.2.0")
