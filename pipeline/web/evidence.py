"""Where a record's field values are written in one document, to highlight them beside the fields.

Records keep the spans they were read from (`evidence`, `evidences`) but not one span per field, so
the app looks each value up: an amount among the document's MONEY entities with that value, a date
among its DATE and DATE_RANGE entities, a name (organization, place, acronym, alias) as text. The
record's own evidence is searched first, then the whole document. A value found nowhere has no
highlight: a reviewer's value that the report never wrote, for example.
"""

from __future__ import annotations

from typing import Any

from pipeline.model import Entity, Evidence, ExtractionResult, ProjectRecord
from pipeline.web.highlight import Span
from pipeline.web.values import item_text

TEXT_FIELDS = ("acronym", "aliases", "funders", "implementers", "partners", "locations")


def record_evidence(record: ProjectRecord, path: str) -> list[Evidence]:
    """The record's evidence spans in the document at `path` (a record read from one document only
    has spans without a document)."""
    spans = record.evidences or [record.evidence]
    mine = [e for e in spans if e.document in (None, path)]
    if record.evidence.document in (None, path) and record.evidence not in mine:
        mine.insert(0, record.evidence)
    return mine


def field_spans(record: ProjectRecord, values: dict[str, Any], result: ExtractionResult) -> list[Span]:
    """One span per field value found in the document (kind "field-ev", key "FIELD" or "FIELD:i")."""
    text = result.document.text
    regions = [(e.start, e.end) for e in record_evidence(record, result.document.path)]
    found: list[Span] = []

    def place(key: str, candidates: list[tuple[int, int]]) -> None:
        inside = [c for c in candidates if any(a <= c[0] and c[1] <= b for a, b in regions)]
        chosen = (inside or candidates)[:1]
        found.extend(Span(s, e, "field-ev", key) for s, e in chosen)

    if values.get("name"):  # where the name is written, else the span the record was read from
        place("name", _occurrences(text, values["name"]) or regions[:1])
    for name in TEXT_FIELDS:
        items = values.get(name)
        for i, item in enumerate(items if isinstance(items, list) else [items] if items else []):
            place(f"{name}:{i}", _occurrences(text, item_text(item)))
    for i, amount in enumerate(values.get("amounts") or []):
        place(f"amounts:{i}", [(e.start, e.end) for e in result.entities if _is_amount(e, amount["amount"])])
    for name in ("start", "end"):
        if values.get(name):
            place(name, [(e.start, e.end) for e in result.entities if _has_date(e, values[name], name)])
    if values.get("description"):
        place("description", _occurrences(text, values["description"]))
    return found


def _occurrences(text: str, needle: str, limit: int = 50) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if not needle:
        return spans
    position = text.find(needle)
    while position != -1 and len(spans) < limit:
        spans.append((position, position + len(needle)))
        position = text.find(needle, position + 1)
    return spans


def _is_amount(entity: Entity, amount: float) -> bool:
    value = entity.value.get("amount")
    return entity.label == "MONEY" and isinstance(value, int | float) and abs(value - amount) < 0.5


def _has_date(entity: Entity, date: str, which: str) -> bool:
    if entity.label == "DATE":
        return str(entity.value.get("value", "")).startswith(date)
    if entity.label == "DATE_RANGE":
        bound = entity.value.get(which) or ""
        return bool(bound) and (bound.startswith(date) or date.startswith(bound))
    return False
