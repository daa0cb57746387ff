"""Records as people see them: the extracted value of every field, with reviewed values in its place.

A `RecordView` is what the CLI, the exports and the review app show: `values` holds what stands
(the reviewer's value where there is one, else the latest extraction), `extracted` what the latest
extraction says, `reviewed` the fields a reviewer set, and `conflicts` the fields whose extraction
changed after the reviewer set them (both values, the reviewed one stands).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from pipeline.checks import record_flags
from pipeline.model import ProjectRecord
from pipeline.store.models import DocumentRow, FieldValueRow, RecordRow

# The fields a reviewer can correct, in the order people read them.
REVIEW_FIELDS = [
    "name", "acronym", "aliases", "start", "end", "date_status", "amounts", "funders", "implementers",
    "partners", "beneficiaries", "locations", "sector", "description",
]  # fmt: skip
STATUSES = ("pending", "accepted", "rejected")
NOT_IN_LATEST = "not_in_latest_extraction"
# What a review would teach the statistical model most, lowest first: an uncertain extraction (low
# confidence) and one the checks found contradicting itself or a reviewer (any flag: totals_mismatch,
# review_conflict, organization_without_role ...). A flag weighs half of the confidence scale.
FLAG_WEIGHT = 0.5
TEACHING_VALUE = RecordRow.confidence - case((RecordRow.flags_json != "[]", FLAG_WEIGHT), else_=0.0)
# How lists of records can be sorted: name -> (key column or expression, descending); the record id breaks ties.
ORDER_KEYS: dict[str, tuple[Any, bool]] = {
    "document": (RecordRow.first_mention, False), "name": (RecordRow.name, False),
    "confidence": (RecordRow.confidence, False), "-confidence": (RecordRow.confidence, True),
    "updated": (RecordRow.updated_at, True), "teaching": (TEACHING_VALUE, False),
}  # fmt: skip
ORDER_COLUMNS: dict[str, list[Any]] = {name: [c.desc() if down else c] for name, (c, down) in ORDER_KEYS.items()}
ORDERS = tuple(ORDER_COLUMNS)
REVIEW_CONFLICT = "review_conflict"


def dump_value(value: Any) -> str:
    """A field value as stored: canonical JSON (sorted keys), so equal values compare equal as text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def field_values(record: ProjectRecord) -> dict[str, str]:
    data = record.model_dump(mode="json")
    return {name: dump_value(data[name]) for name in REVIEW_FIELDS}


@dataclass
class RecordView:
    record_id: str
    status: str
    in_latest: bool
    record: ProjectRecord  # the extracted record (evidence, documents, confidences) with values applied
    extracted: dict[str, Any]
    reviewed: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> {value, by, at}
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> {reviewed, extracted}
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # document path -> where it came from (source, url, fetched_at, validators), for fetched documents
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def values(self) -> dict[str, Any]:
        data = self.record.model_dump(mode="json")
        return {name: data[name] for name in REVIEW_FIELDS}

    @property
    def flags(self) -> list[str]:
        return self.record.flags

    def differing(self) -> dict[str, Any]:
        """The extracted value of every field where a reviewed value stands in its place and differs."""
        values = self.values
        return {n: self.extracted[n] for n in self.reviewed if dump_value(values[n]) != dump_value(self.extracted[n])}

    def as_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id, "status": self.status, "in_latest": self.in_latest, **self.values,
            "flags": self.flags, "confidence": self.record.confidence,
            "field_confidence": self.record.field_confidence, "documents": self.record.documents,
            "evidence": self.record.evidence.model_dump(mode="json"),
            "evidences": [e.model_dump(mode="json") for e in self.record.evidences],
            "reviewed_fields": sorted(self.reviewed), "extracted": self.differing(),
            "conflicts": self.conflicts, "reviewed_by": self.reviewed_by,
            "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
            "sources": [{"document": path, **self.provenance[path]} for path in self.record.documents
                        if path in self.provenance],
        }  # fmt: skip

    def source_urls(self) -> list[str]:
        """The addresses the record's documents were fetched from, in the order of its documents."""
        return list(dict.fromkeys(self.provenance[p]["url"] for p in self.record.documents if p in self.provenance))


def standing_record(extracted: ProjectRecord, values: Iterable[Any]) -> ProjectRecord:
    """The record as it stands: the reviewers' values (`field_values` rows) in place of the extracted ones."""
    applied = {v.field: json.loads(v.reviewed_json) for v in values if v.reviewed_json is not None}
    return ProjectRecord.model_validate({**extracted.model_dump(mode="json"), **applied}) if applied else extracted


def load_views(session: Session, rows: list[Any]) -> list[RecordView]:
    """Views of `records` rows, their field values read in one query."""
    values: dict[str, list[Any]] = {r.record_id: [] for r in rows}
    for value in session.scalars(select(FieldValueRow).where(FieldValueRow.record_id.in_(list(values)))):
        values[value.record_id].append(value)
    views = [build_view(r, values[r.record_id]) for r in rows]
    paths = {path for view in views for path in view.record.documents}
    provenance = document_provenance(session, paths)
    for view in views:
        view.provenance = {p: provenance[p] for p in view.record.documents if p in provenance}
    return views


def document_provenance(session: Session, paths: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Where each of these documents came from, for those a fetch brought (documents.provenance_json)."""
    found: dict[str, dict[str, Any]] = {}
    wanted = list(paths)
    for start in range(0, len(wanted), 500):  # bound the IN list
        query = select(DocumentRow.path, DocumentRow.provenance_json).where(
            DocumentRow.path.in_(wanted[start : start + 500]), DocumentRow.provenance_json.is_not(None)
        )
        found.update({path: json.loads(text) for path, text in session.execute(query)})
    return found


def build_view(row: Any, values: list[Any]) -> RecordView:
    """A view from a `records` row and its `field_values` rows."""
    extracted_record = ProjectRecord.model_validate_json(row.extracted_json)
    extracted = {name: json.loads(dump_value(v)) for name, v in field_values(extracted_record).items()}
    for value in values:
        extracted[value.field] = json.loads(value.extracted_json)
    applied = dict(extracted)
    reviewed: dict[str, dict[str, Any]] = {}
    conflicts: dict[str, dict[str, Any]] = {}
    for value in values:
        if value.reviewed_json is None:
            continue
        applied[value.field] = json.loads(value.reviewed_json)
        reviewed[value.field] = {"value": applied[value.field], "by": value.reviewed_by, "at": value.reviewed_at}
        if value.conflict_json is not None:
            conflicts[value.field] = {"reviewed": applied[value.field], "extracted": json.loads(value.conflict_json)}
    record = ProjectRecord.model_validate({**extracted_record.model_dump(mode="json"), **applied, "record_id": row.record_id})
    record.flags = view_flags(record, conflicts, row.in_latest)
    return RecordView(
        record_id=row.record_id, status=row.status, in_latest=row.in_latest, record=record, extracted=extracted,
        reviewed=reviewed, conflicts=conflicts, reviewed_by=row.reviewed_by, reviewed_at=row.reviewed_at,
        created_at=row.created_at, updated_at=row.updated_at,
    )  # fmt: skip


def view_flags(record: ProjectRecord, conflicts: dict[str, Any], in_latest: bool) -> list[str]:
    """The record's flags on the values that stand (a reviewed period clears `no_period`), plus the
    store's own: a conflict per field, and a record the latest extraction no longer finds."""
    flags = [f for f in record_flags(record) if not f.startswith((REVIEW_CONFLICT, NOT_IN_LATEST))]
    flags += [f"{REVIEW_CONFLICT}: {name}" for name in conflicts]
    if not in_latest:
        flags.append(NOT_IN_LATEST)
    return flags
