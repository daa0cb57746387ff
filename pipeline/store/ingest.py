"""Writing one extraction result into the store, in one transaction: the result itself, the document's
state, and the records it names, merged with what other documents and reviewers already said.

The re-extraction rule:
- a record keeps its id: each project is looked up by its identity keys (acronym, names, aliases) in
  `record_keys`, then among the records the same file named before (a renamed project in a changed
  file); only a project found nowhere gets a new id;
- a record's extracted values are the merge of what every document's current content says of it;
- a field a reviewer set keeps the reviewer's value; when a later extraction of it differs from the one
  the reviewer saw (and from the reviewer's value), the field carries a conflict with both values;
- review statuses are never changed by extraction;
- a record no current document names any more is marked not in the latest extraction, never deleted;
- a file that now fails to load keeps the records of its last good content.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from pipeline.model import ExtractionResult, ProjectRecord
from pipeline.records.identity import derive_record_id, identity_keys, merge_mentions, same_project
from pipeline.store.fetches import provenance_for
from pipeline.store.models import (
    AuditRow,
    DocumentRow,
    FieldValueRow,
    MentionRow,
    MetaRow,
    RecordKeyRow,
    RecordRow,
    ResultRow,
)
from pipeline.store.views import NOT_IN_LATEST, dump_value, field_values, standing_record, view_flags

SYSTEM_USER = "taqrir"


def now() -> datetime:
    return datetime.now(UTC)


def bump_revision(session: Session) -> None:
    """Count a change of the store: outputs written at an older revision are rewritten."""
    row = session.get(MetaRow, "revision")
    if row is None:
        session.add(MetaRow(key="revision", value="1"))
    else:
        row.value = str(int(row.value) + 1)


def document_row(session: Session, path: str, now: datetime) -> DocumentRow:
    """The row of the document at `path`, added when the store has none."""
    row = session.scalar(select(DocumentRow).where(DocumentRow.path == path))
    if row is None:
        row = DocumentRow(path=path, first_seen_at=now, failures=0)
        session.add(row)
    return row


def ingest(session: Session, result: ExtractionResult, version: str, now: datetime,
           row: DocumentRow | None = None) -> set[str]:  # fmt: skip
    """Store `result` (produced by pipeline `version`) and its mentions; returns the ids of the records
    whose values must be computed again (`refresh_records`, once for a whole batch). `row`: the
    document's row (`document_row`), when the caller has it already."""
    document = result.document
    stored = session.get(ResultRow, (document.sha256, version)) if document.sha256 else None
    if document.sha256 and stored is None:
        session.add(ResultRow(sha256=document.sha256, pipeline_version=version, path=document.path,
                              status=document.status, result_json=result.to_json(), created_at=now))  # fmt: skip
    elif stored is not None and stored.status == "error" and document.status != "error":
        # a failure that did not happen again (a file read while it was being written): the result replaces it
        stored.status, stored.result_json, stored.created_at = document.status, result.to_json(), now
    row = row if row is not None else document_row(session, document.path, now)
    failed_before = row.status == "error" and row.sha256 == document.sha256
    row.failures = ((row.failures or 0) + 1 if failed_before else 1) if document.status == "error" else 0
    row.sha256, row.format, row.status, row.error = document.sha256, document.format, document.status, document.error
    row.pipeline_version, row.updated_at = version, now
    row.provenance_json = provenance_for(session, document.path) or row.provenance_json
    if document.status == "error":
        return set()  # its records stay those of its last good content
    previous = (row.extracted_sha256, row.extracted_version)
    if previous == (document.sha256, version):
        return set()  # this content was stored by this version already
    row.extracted_sha256, row.extracted_version = document.sha256, version
    already = session.scalar(
        select(MentionRow.id).where(MentionRow.sha256 == document.sha256, MentionRow.pipeline_version == version).limit(1)
    )  # the same content under another path: its mentions are shared
    before = _mentions_of(session, *previous) if previous[0] else []
    touched = {rid for rid, _ in before}
    actor = f"{SYSTEM_USER} {version}"
    if already is None:
        mentions = []  # added together after the lookups: one INSERT for all, not one flush each
        known = _known_keys(session, [k for project in result.projects for k in identity_keys(project)])
        for position, project in enumerate(result.projects):
            record_id = _resolve(session, project, known, before, f"{document.path}\x1f{position:06d}", now, actor)
            mentions.append(MentionRow(record_id=record_id, path=document.path, sha256=document.sha256,
                                       pipeline_version=version, position=position,
                                       record_json=project.model_copy(update={"record_id": record_id}).model_dump_json(),
                                       created_at=now))  # fmt: skip
            touched.add(record_id)
        session.add_all(mentions)
    else:
        touched |= {rid for rid, _ in _mentions_of(session, document.sha256, version)}
    session.flush()
    if touched:
        session.execute(update(RecordRow).where(RecordRow.record_id.in_(touched)).values(needs_refresh=True))
    return touched


def refresh_records(session: Session, record_ids: set[str], version: str, now: datetime) -> bool:
    """Compute the touched records again; returns whether any changed."""
    changed = False
    for record_id in sorted(record_ids):
        changed |= refresh_record(session, record_id, now, f"{SYSTEM_USER} {version}")
    return changed


def _mentions_of(session: Session, sha256: str | None, version: str | None) -> list[tuple[str, ProjectRecord]]:
    rows = session.execute(
        select(MentionRow.record_id, MentionRow.record_json)
        .where(MentionRow.sha256 == sha256, MentionRow.pipeline_version == version)
        .order_by(MentionRow.position)
    ).all()
    return [(rid, ProjectRecord.model_validate_json(payload)) for rid, payload in rows]


def _known_keys(session: Session, keys: list[str]) -> dict[str, str]:
    """Identity key -> record id, for those of `keys` the store knows: one query for a document."""
    rows = session.execute(select(RecordKeyRow.key, RecordKeyRow.record_id).where(RecordKeyRow.key.in_(set(keys)))).all()
    return {k: rid for k, rid in rows}


def _resolve(session: Session, project: ProjectRecord, known: dict[str, str], before: list[tuple[str, ProjectRecord]],
             where: str, now: datetime, actor: str) -> str:  # fmt: skip
    """The id of the record `project` is: by its keys (`known`: the store's keys of the document's
    projects, kept up to date here), else a record the same file named before under a close name, else a
    new record."""
    keys = identity_keys(project)
    record_id = next((known[k] for k in keys if k in known), None)
    if record_id is None:
        record_id = next((rid for rid, old in before if same_project(project, old)), None)
    if record_id is None:
        record_id = derive_record_id(project)
        exists_already = session.get(RecordRow, record_id) is not None
    else:  # found by a key or a mention of it: its row exists (both reference it)
        exists_already = True
    if not exists_already:
        session.add(RecordRow(record_id=record_id, status="pending", in_latest=True, name=project.name, first_mention=where,
                              confidence=project.confidence, extracted_json=project.model_dump_json(),
                              flags_json="[]", needs_refresh=True, created_at=now, updated_at=now))  # fmt: skip
        session.add(AuditRow(at=now, user=actor, record_id=record_id, action="created",
                             new_json=dump_value(project.name)))  # fmt: skip
        session.flush()
    for identity_key in keys:
        if identity_key not in known:
            known[identity_key] = record_id
            session.add(RecordKeyRow(key=identity_key, record_id=record_id, origin="extraction", created_at=now))
    return record_id


def current_mentions(session: Session, record_id: str) -> list[ProjectRecord]:
    """What every document's current content says of the record, in document order."""
    # a content stored under two paths is read once: mentions belong to the content
    is_current = exists().where(DocumentRow.extracted_sha256 == MentionRow.sha256,
                                DocumentRow.extracted_version == MentionRow.pipeline_version)  # fmt: skip
    rows = session.execute(
        select(MentionRow.record_json)
        .where(MentionRow.record_id == record_id, is_current)
        .order_by(MentionRow.path, MentionRow.position)
    ).all()
    return [ProjectRecord.model_validate_json(payload) for (payload,) in rows]


def refresh_record(session: Session, record_id: str, now: datetime, actor: str) -> bool:
    """Recompute a record's extracted values from the current mentions, keeping reviewed values."""
    row = session.get(RecordRow, record_id)
    assert row is not None
    row.needs_refresh = False
    values = {v.field: v for v in session.scalars(select(FieldValueRow).where(FieldValueRow.record_id == record_id))}
    mentions = current_mentions(session, record_id)
    if not mentions:
        if not row.in_latest:
            return False
        row.in_latest = False
        session.add(AuditRow(at=now, user=actor, record_id=record_id, action=NOT_IN_LATEST))
        update_summary(row, values, now)
        return True
    merged = merge_mentions(mentions)
    merged.record_id = record_id
    payload = merged.model_dump_json()
    changed = payload != row.extracted_json or not row.in_latest or not values
    if not row.in_latest:
        session.add(AuditRow(at=now, user=actor, record_id=record_id, action="found_again"))
    row.in_latest, row.extracted_json = True, payload
    is_new = not values
    for name, extracted in field_values(merged).items():
        value = values.get(name)
        if value is None:
            value = values[name] = FieldValueRow(record_id=record_id, field=name, extracted_json=extracted, updated_at=now)
            session.add(value)
        elif value.extracted_json != extracted:
            if not is_new:
                session.add(AuditRow(at=now, user=actor, record_id=record_id, field=name, action="extracted",
                                     old_json=value.extracted_json, new_json=extracted))  # fmt: skip
            value.extracted_json, value.updated_at = extracted, now
        if value.reviewed_json is not None:
            conflict = extracted not in (value.seen_extracted_json, value.reviewed_json)
            if conflict and value.conflict_json != extracted:
                session.add(AuditRow(at=now, user=actor, record_id=record_id, field=name, action="conflict",
                                     old_json=value.reviewed_json, new_json=extracted))  # fmt: skip
                changed = True
            value.conflict_json = extracted if conflict else None
    update_summary(row, values, now, merged)
    return changed


def update_summary(row: RecordRow, values: dict[str, FieldValueRow], now: datetime,
                   extracted: ProjectRecord | None = None) -> None:  # fmt: skip
    """The record row's own columns (name, confidence, flags) from the values that stand (`extracted`:
    the record `row.extracted_json` holds, when the caller has it already)."""
    record = standing_record(extracted or ProjectRecord.model_validate_json(row.extracted_json), values.values())
    conflicts = {v.field: True for v in values.values() if v.conflict_json is not None}
    flags = view_flags(record, conflicts, row.in_latest)
    row.name, row.confidence, row.flags_json, row.updated_at = record.name, record.confidence, dump_value(flags), now
