"""What reviewers do to records: set a field, accept or reject, settle a conflict, correct an entity.

Every change is written with the audit row that says who did it, when, and the value before and after,
in the same transaction. Reviewed values live beside the extracted ones (`field_values.reviewed_json`),
so no extraction can overwrite them.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors.registry import registered
from pipeline.model import EntityLabel, ExtractionResult, ProjectRecord
from pipeline.records.identity import identity_keys
from pipeline.store.ingest import update_summary
from pipeline.store.models import (
    AuditRow,
    DocumentRow,
    EntityCorrectionRow,
    FieldValueRow,
    RecordKeyRow,
    RecordRow,
    ResultRow,
)
from pipeline.store.views import REVIEW_FIELDS, STATUSES, dump_value, standing_record

ROLE_FIELDS = ("funders", "implementers", "partners")


class ReviewError(ValueError):
    """A review action that cannot be done (unknown record or field, invalid value)."""


def _record(session: Session, record_id: str) -> RecordRow:
    row = session.get(RecordRow, record_id)
    if row is None:
        raise ReviewError(f"no record {record_id!r}")
    return row


def _values(session: Session, record_id: str) -> dict[str, FieldValueRow]:
    return {v.field: v for v in session.scalars(select(FieldValueRow).where(FieldValueRow.record_id == record_id))}


def validate_field(row: RecordRow, values: dict[str, FieldValueRow], name: str, value: Any) -> Any:
    """`value` as the record model reads it (amounts as objects, dates checked), or a ReviewError."""
    if name not in REVIEW_FIELDS:
        raise ReviewError(f"unknown field {name!r}; fields: {', '.join(REVIEW_FIELDS)}")
    current = ProjectRecord.model_validate_json(row.extracted_json).model_dump(mode="json")
    try:
        checked = ProjectRecord.model_validate({**current, name: value})
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ReviewError(f"invalid value for {name}: {reasons}") from None
    value = checked.model_dump(mode="json")[name]
    if name in ROLE_FIELDS:  # a body a reviewer names is looked up in the registry like an extracted one
        value = [{**o, **registered(o["name"])} if o["registry_id"] is None else o for o in value]
    return value


def set_field(session: Session, record_id: str, name: str, value: Any, user: str, now: datetime) -> None:
    row = _record(session, record_id)
    values = _values(session, record_id)
    checked = validate_field(row, values, name, value)
    field_row = values[name]
    old = field_row.reviewed_json if field_row.reviewed_json is not None else field_row.extracted_json
    new = dump_value(checked)
    field_row.reviewed_json, field_row.reviewed_by, field_row.reviewed_at = new, user, now
    field_row.seen_extracted_json, field_row.conflict_json, field_row.updated_at = field_row.extracted_json, None, now
    session.add(AuditRow(at=now, user=user, record_id=record_id, field=name, action="set", old_json=old, new_json=new))
    if name in ("name", "acronym", "aliases"):
        _add_review_keys(session, row, values, now)
    row.reviewed_by, row.reviewed_at = user, now
    update_summary(row, values, now)


def _add_review_keys(session: Session, row: RecordRow, values: dict[str, FieldValueRow], now: datetime) -> None:
    """A renamed record is found under its new name too: the next extraction naming it so keeps its id."""
    record = standing_record(ProjectRecord.model_validate_json(row.extracted_json), values.values())
    for key in identity_keys(record):
        if session.get(RecordKeyRow, key) is None:
            session.add(RecordKeyRow(key=key, record_id=row.record_id, origin="review", created_at=now))


def set_status(session: Session, record_id: str, status: str, user: str, now: datetime) -> None:
    if status not in STATUSES:
        raise ReviewError(f"unknown status {status!r}; statuses: {', '.join(STATUSES)}")
    row = _record(session, record_id)
    if row.status == status:
        return
    session.add(AuditRow(at=now, user=user, record_id=record_id, action=status,
                         old_json=dump_value(row.status), new_json=dump_value(status)))  # fmt: skip
    row.status, row.reviewed_by, row.reviewed_at, row.updated_at = status, user, now, now


def resolve_conflict(session: Session, record_id: str, name: str, keep: str, user: str, now: datetime) -> None:
    """Settle a conflict: keep the reviewed value (`keep="reviewed"`) or take the new extraction."""
    row = _record(session, record_id)
    values = _values(session, record_id)
    field_row = values.get(name)
    if field_row is None or field_row.conflict_json is None:
        raise ReviewError(f"record {record_id} has no conflict on {name!r}")
    if keep not in ("reviewed", "extracted"):
        raise ReviewError("keep must be 'reviewed' or 'extracted'")
    old = field_row.reviewed_json
    if keep == "extracted":
        field_row.reviewed_json = field_row.conflict_json
    field_row.seen_extracted_json, field_row.conflict_json = field_row.extracted_json, None
    field_row.reviewed_by, field_row.reviewed_at, field_row.updated_at = user, now, now
    session.add(AuditRow(at=now, user=user, record_id=record_id, field=name, action=f"resolved_{keep}",
                         old_json=old, new_json=field_row.reviewed_json))  # fmt: skip
    update_summary(row, values, now)


def history(session: Session, record_id: str) -> list[dict[str, Any]]:
    _record(session, record_id)
    rows = session.scalars(select(AuditRow).where(AuditRow.record_id == record_id).order_by(AuditRow.id))
    return [
        {"at": r.at, "user": r.user, "action": r.action, "field": r.field,
         "old": json.loads(r.old_json) if r.old_json is not None else None,
         "new": json.loads(r.new_json) if r.new_json is not None else None}
        for r in rows
    ]  # fmt: skip


ENTITY_ACTIONS = ("add", "remove", "relabel", "move")


def correct_entity(session: Session, path: str, action: str, user: str, now: datetime, *, label: str | None = None,
                   start: int | None = None, end: int | None = None, old_label: str | None = None,
                   old_start: int | None = None, old_end: int | None = None) -> EntityCorrectionRow:  # fmt: skip
    """Record a correction of an entity of the document's current content. Offsets index the document's
    text (`document.text[start:end]`), and are checked against it."""
    if action not in ENTITY_ACTIONS:
        raise ReviewError(f"unknown entity action {action!r}; actions: {', '.join(ENTITY_ACTIONS)}")
    document = session.scalar(select(DocumentRow).where(DocumentRow.path == path))
    if document is None or document.extracted_sha256 is None:
        raise ReviewError(f"no extracted document {path!r}")
    result = session.get(ResultRow, (document.extracted_sha256, document.extracted_version))
    assert result is not None
    text = ExtractionResult.model_validate_json(result.result_json).document.text
    labels = set(EntityLabel.__args__)  # type: ignore[attr-defined]
    for given in (label, old_label):
        if given is not None and given not in labels:
            raise ReviewError(f"unknown label {given!r}; labels: {', '.join(sorted(labels))}")
    for a, b in ((start, end), (old_start, old_end)):
        if a is not None and (b is None or not 0 <= a < b <= len(text)):
            raise ReviewError(f"offsets {a}:{b} are not a span of {path} ({len(text)} characters)")
    needs_new = action in ("add", "move", "relabel")
    if needs_new and (label is None or start is None):
        raise ReviewError(f"{action} needs a label and offsets")
    if action != "add" and old_start is None and action != "relabel":
        raise ReviewError(f"{action} needs the entity's old offsets")
    row = EntityCorrectionRow(path=path, sha256=document.extracted_sha256, action=action, label=label, start=start,
                              end=end, text=text[start:end] if start is not None else None, old_label=old_label,
                              old_start=old_start, old_end=old_end, user=user, created_at=now)  # fmt: skip
    session.add(row)
    session.add(AuditRow(at=now, user=user, action=f"entity_{action}",
                         new_json=dump_value({"path": path, "label": label, "start": start, "end": end,
                                              "old_label": old_label, "old_start": old_start, "old_end": old_end})))  # fmt: skip
    return row


LIST_FIELDS = ("aliases", "funders", "implementers", "partners", "locations")
AMOUNT = re.compile(r"^(?P<number>\d[\d\s.,]*?)\s*(?P<currency>[A-Za-z]{3})?\s*(?:\((?P<year>\d{4})\))?$")


def parse_field_value(name: str, text: str) -> Any:
    """A value typed by a person (command line, form) for field `name`: JSON always works; otherwise
    lists are separated by `;` (or `؛`), amounts read `1500000 MAD` or `1 500 000 EUR (2023)`, and an
    empty text or `null` clears a single field."""
    text = text.strip()
    if text.startswith(("[", "{")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReviewError(f"invalid JSON for {name}: {exc}") from None
    items = [part.strip() for part in re.split(r"[;؛]", text) if part.strip()]
    if name in LIST_FIELDS:
        return items
    if name == "amounts":
        amounts = []
        for item in items:
            match = AMOUNT.match(item)
            if match is None:
                raise ReviewError(f"cannot read the amount {item!r}: write it like '1500000 MAD' or '2 500 000 EUR (2023)'")
            number = re.sub(r"\s", "", match["number"])
            if number.count(".") > 1:  # 1.500.000: dots group thousands
                number = number.replace(".", "")
            number = number.replace(",", "")
            amounts.append({"amount": float(number), "currency": (match["currency"] or "").upper() or None,
                            "year": int(match["year"]) if match["year"] else None})  # fmt: skip
        return amounts
    return None if text in ("", "null") else text
