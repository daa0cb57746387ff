"""The store's tables, as SQLAlchemy 2 declarative models. Alembic migrations
(`pipeline/store/migrations/versions/`) create and change them; a test checks the two agree.

What lives where:
- `documents`: every file path seen, the content last seen (sha256, status, error) and the content
  whose records are current (`extracted_sha256`/`extracted_version`: a file that now fails to load
  keeps the records of its last good content).
- `results`: every extraction result, per file content and pipeline version, never overwritten.
- `records`: one row per project, with its stable id, review status, and the latest extraction merged
  across every document naming it. `record_keys` maps every identity key ever seen (acronym, names,
  aliases) to its record: the alias table behind merges and renames.
- `record_mentions`: each record as one document's extraction read it (per content and version).
- `field_values`: per record and field, the extracted value, the reviewed value (by whom, when), the
  extracted value the reviewer saw, and a conflict left by a later extraction.
- `entity_corrections`, `audit_log`, `users`, `store_meta` (the revision outputs are written at).
- `fetches`: what `taqrir fetch` asked of each source's addresses and wrote under raw/ (validators,
  sha256, path, when); a document fetched from a source copies it into its `provenance_json`.
JSON values are stored as text (the same on SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


Stamp = DateTime(timezone=True)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(String, unique=True, nullable=False)
    sha256: Mapped[str] = mapped_column(String, nullable=False)
    format: Mapped[str | None] = mapped_column(String)
    status: Mapped[str] = mapped_column(String, nullable=False)
    error: Mapped[str | None] = mapped_column(Text)
    pipeline_version: Mapped[str] = mapped_column(String, nullable=False)
    extracted_sha256: Mapped[str | None] = mapped_column(String)
    extracted_version: Mapped[str | None] = mapped_column(String)
    provenance_json: Mapped[str | None] = mapped_column(Text)  # where the file came from (source, url, fetched at)
    # failed runs in a row on its current content: at FAILURE_LIMIT it is held until its content changes
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    first_seen_at: Mapped[datetime] = mapped_column(Stamp, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(Stamp, nullable=False)

    __table_args__ = (Index("ix_documents_extracted", "extracted_sha256", "extracted_version"),)


class ResultRow(Base):
    __tablename__ = "results"

    sha256: Mapped[str] = mapped_column(String, primary_key=True)
    pipeline_version: Mapped[str] = mapped_column(String, primary_key=True)
    path: Mapped[str] = mapped_column(String, nullable=False)
    status: Mapped[str] = mapped_column(String, nullable=False)
    result_json: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(Stamp, nullable=False)


class RecordRow(Base):
    __tablename__ = "records"

    record_id: Mapped[str] = mapped_column(String, primary_key=True)
    status: Mapped[str] = mapped_column(String, nullable=False, default="pending")  # pending|accepted|rejected
    in_latest: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)  # the current value, for lists and sorting
    # where the record was first found (document path, position in it): the reading order of lists
    first_mention: Mapped[str] = mapped_column(Text, nullable=False)
    confidence: Mapped[float] = mapped_column(Float, nullable=False)
    extracted_json: Mapped[str] = mapped_column(Text, nullable=False)  # ProjectRecord merged over documents
    flags_json: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    # its mentions changed and its values are not merged again yet (a batch defers it to the end of a run)
    needs_refresh: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    reviewed_by: Mapped[str | None] = mapped_column(String)
    reviewed_at: Mapped[datetime | None] = mapped_column(Stamp)
    created_at: Mapped[datetime] = mapped_column(Stamp, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(Stamp, nullable=False)

    __table_args__ = (
        Index("ix_records_status", "status"),
        Index("ix_records_confidence", "confidence"),
        Index("ix_records_needs_refresh", "needs_refresh"),
    )


class RecordKeyRow(Base):
    __tablename__ = "record_keys"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("records.record_id"), nullable=False, index=True)
    origin: Mapped[str] = mapped_column(String, nullable=False)  # extraction | review | merge
    created_at: Mapped[datetime] = mapped_column(Stamp, nullable=False)


class MentionRow(Base):
    __tablename__ = "record_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("records.record_id"), nullable=False, index=True)
    path: Mapped[str] = mapped_column(String, nullable=False)
    sha256: Mapped[str] = mapped_column(String, nullable=False)
    pipeline_version: Mapped[str] = mapped_column(String, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)  # the record's index in its result
    record_json: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(Stamp, nullable=False)

    __table_args__ = (
        UniqueConstraint("sha256", "pipeline_version", "position", name="uq_mention_result_position"),
        Index("ix_mentions_content", "sha256", "pipeline_version"),
    )


class FieldValueRow(Base):
    __tablename__ = "field_values"

    record_id: Mapped[str] = mapped_column(ForeignKey("records.record_id"), primary_key=True)
    field: Mapped[str] = mapped_column(String, primary_key=True)
    extracted_json: Mapped[str] = mapped_column(Text, nullable=False)
    reviewed_json: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String)
    reviewed_at: Mapped[datetime | None] = mapped_column(Stamp)
    # the extracted value when the reviewer set theirs: a later extraction differing from it is a conflict
    seen_extracted_json: Mapped[str | None] = mapped_column(Text)
    conflict_json: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(Stamp, nullable=False)


class EntityCorrectionRow(Base):
    __tablename__ = "entity_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(String, nullable=False, index=True)
    sha256: Mapped[str] = mapped_column(String, nullable=False)
    action: Mapped[str] = mapped_column(String, nullable=False)  # add | remove | relabel | move
    label: Mapped[str | None] = mapped_column(String)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    old_label: Mapped[str | None] = mapped_column(String)
    old_start: Mapped[int | None] = mapped_column(Integer)
    old_end: Mapped[int | None] = mapped_column(Integer)
    user: Mapped[str] = mapped_column(String, nullable=False)
    created_at: Mapped[datetime] = mapped_column(Stamp, nullable=False)


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(Stamp, nullable=False)
    user: Mapped[str] = mapped_column(String, nullable=False)
    record_id: Mapped[str | None] = mapped_column(String, index=True)
    field: Mapped[str | None] = mapped_column(String)
    action: Mapped[str] = mapped_column(String, nullable=False)
    old_json: Mapped[str | None] = mapped_column(Text)
    new_json: Mapped[str | None] = mapped_column(Text)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String, unique=True, nullable=False)
    role: Mapped[str] = mapped_column(String, nullable=False)  # reviewer | admin
    password_hash: Mapped[str] = mapped_column(String, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(Stamp, nullable=False)


class RunRow(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    trigger: Mapped[str] = mapped_column(String, nullable=False)  # manual | scheduled
    pipeline_version: Mapped[str] = mapped_column(String, nullable=False)
    started_at: Mapped[datetime] = mapped_column(Stamp, nullable=False, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(Stamp)
    new: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    changed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    skipped: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    failed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    held: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class MetaRow(Base):
    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class FetchRow(Base):
    __tablename__ = "fetches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String, nullable=False)
    url: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(String, nullable=False)  # file | article
    final_url: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text, index=True)  # the file written (resolved)
    sha256: Mapped[str | None] = mapped_column(String, index=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String)
    content_type: Mapped[str | None] = mapped_column(String)
    size: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String)
    found_on: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None] = mapped_column(Stamp)
    checked_at: Mapped[datetime | None] = mapped_column(Stamp)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("source", "url", name="uq_fetch_source_url"),)
