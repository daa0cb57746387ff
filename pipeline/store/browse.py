"""What the review app reads and does in bulk: documents with their entities and corrections, records
found by the list's filters (document, folder, status, flag, reviewer, funder, year, and those the
overview's bars open: currency, amount year, region, counted), facets, the next
record to review, several fields set at once, bulk accept. A mixin of `Store`, in its own module to
keep each readable."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from extractors.places import regions_of
from pipeline.model import ExtractionResult
from pipeline.store import review, users
from pipeline.store.ingest import bump_revision as _bump
from pipeline.store.ingest import now
from pipeline.store.models import (
    DocumentRow,
    EntityCorrectionRow,
    FieldValueRow,
    MentionRow,
    RecordRow,
    ResultRow,
)
from pipeline.store.views import ORDER_COLUMNS, ORDER_KEYS, ORDERS, REVIEW_CONFLICT, RecordView, load_views

# The filters of `find_records`, `count_found` and the review list, by name.
RECORD_FILTERS = ("status", "flag", "document", "source", "reviewer", "funder", "year",
                  "currency", "amount_year", "region", "counted", "funder_key")  # fmt: skip
NO_CURRENCY = "none"  # the currency filter's value for amounts without a currency
NO_YEAR = "none"  # the amount_year filter's value for amounts with neither a year nor a start year


class BrowseMixin:
    if TYPE_CHECKING:  # provided by Store

        def session(self) -> AbstractContextManager[Session]: ...

        def _reviewer(self, s: Session, user: str) -> str: ...

        def _record_query(self, status: str | None, flag: str | None, document: str | None) -> Any: ...

    # What the review app (pipeline.web) needs beyond the CLI: a document's current result and its
    # entity corrections, the record list's further filters (source, reviewer, funder, year), facets,
    # the next record of a list, and the two writes a form makes at once (several fields, bulk accept).
    # Filters are keyword arguments: status, flag, document, source, reviewer, funder, year, and the
    # overview's (pipeline.report.overview): currency, amount_year, region, counted.

    def document(self, path: str) -> ExtractionResult | None:
        """The result whose records are current for the document at `path` (None if it has none)."""
        with self.session() as s:
            payload = s.scalar(
                select(ResultRow.result_json)
                .join(DocumentRow, (DocumentRow.extracted_sha256 == ResultRow.sha256)
                      & (DocumentRow.extracted_version == ResultRow.pipeline_version))  # fmt: skip
                .where(DocumentRow.path == path)
            )
        return ExtractionResult.model_validate_json(payload) if payload else None

    def document_paths(self) -> list[str]:
        """Paths of the documents that have a current result, in order."""
        with self.session() as s:
            query = select(DocumentRow.path).where(DocumentRow.extracted_sha256.is_not(None)).order_by(DocumentRow.path)
            return list(s.scalars(query))

    def corrected_document_paths(self) -> list[str]:
        """Paths of the documents whose current content has entity corrections, in order."""
        with self.session() as s:
            query = (select(DocumentRow.path).distinct()
                     .join(EntityCorrectionRow, (EntityCorrectionRow.path == DocumentRow.path)
                           & (EntityCorrectionRow.sha256 == DocumentRow.extracted_sha256))
                     .order_by(DocumentRow.path))  # fmt: skip
            return list(s.scalars(query))

    def entity_corrections(self, path: str) -> list[dict[str, Any]]:
        """The corrections made to the entities of the document's current content, oldest first."""
        with self.session() as s:
            sha256 = s.scalar(select(DocumentRow.extracted_sha256).where(DocumentRow.path == path))
            rows = s.scalars(
                select(EntityCorrectionRow)
                .where(EntityCorrectionRow.path == path, EntityCorrectionRow.sha256 == sha256)
                .order_by(EntityCorrectionRow.id)
            )
            keys = ("id", "action", "label", "start", "end", "text", "old_label", "old_start", "old_end", "user",
                    "created_at")  # fmt: skip
            return [{key: getattr(row, key) for key in keys} for row in rows]

    def user(self, name: str) -> tuple[str, str] | None:
        """(name, role) of the active user `name`, else None: a session ends when its user is gone."""
        with self.session() as s:
            row = users.find_user(s, name)
            return (row.name, row.role) if row else None

    def _filtered(self, filters: dict[str, Any]):  # type: ignore[no-untyped-def]
        unknown = set(filters) - set(RECORD_FILTERS)
        if unknown:
            raise ValueError(f"unknown record filters: {', '.join(sorted(unknown))}")
        query = self._record_query(filters.get("status"), filters.get("flag"), filters.get("document"))
        if filters.get("source"):  # the folder the documents are in
            paths = [p for p in self.document_paths() if _folder(p) == filters["source"]]
            query = query.where(RecordRow.record_id.in_(_named_in(paths)))
        if filters.get("reviewer"):
            query = query.where(RecordRow.reviewed_by == filters["reviewer"])
        if filters.get("funder"):
            query = query.where(_has_funder(filters["funder"]))
        if filters.get("year") is not None:
            query = query.where(_covers_year(int(filters["year"])))
        if filters.get("funder_key"):
            query = query.where(_funded_by(filters["funder_key"]))
        if filters.get("counted"):  # what the overview counts: every record but the rejected ones
            query = query.where(RecordRow.status != "rejected")
        currency = filters.get("currency")
        if filters.get("amount_year") is not None:
            query = query.where(_amount_in_year(filters["amount_year"], currency))
        elif currency:
            query = query.where(_has_currency(currency))
        if filters.get("region"):
            query = query.where(RecordRow.record_id.in_(self._records_in_region(filters["region"])))
        return query

    def _records_in_region(self, region: str) -> list[str]:
        """Ids of the records whose places lie in `region` (a region's name, or NATIONAL, ABROAD,
        UNPLACED: extractors.places.regions_of). Places are read from the gazetteer, not SQL: the
        standing places of every record, one query."""
        with self.session() as s:
            rows = s.execute(select(FieldValueRow.record_id, _standing(FieldValueRow)).where(FieldValueRow.field == "locations"))
            return [record_id for record_id, places in rows if region in regions_of(json.loads(places))]

    def find_records(self, limit: int = 50, offset: int = 0, order: str = "document", **filters: Any) -> list[RecordView]:
        """A page of the records matching `filters`, as `records()` shows them."""
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}; orders: {', '.join(ORDERS)}")
        query = self._filtered(filters).order_by(*ORDER_COLUMNS[order], RecordRow.record_id).offset(offset).limit(limit)
        with self.session() as s:
            return load_views(s, list(s.scalars(query)))

    def count_found(self, **filters: Any) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count()).select_from(self._filtered(filters).subquery())) or 0)

    def count_found_by_status(self, **filters: Any) -> dict[str, int]:
        """Records matching `filters` (a status filter aside) per review status: one query for the list's tabs."""
        found = self._filtered({k: v for k, v in filters.items() if k != "status"}).subquery()
        with self.session() as s:
            rows = s.execute(select(found.c.status, func.count()).group_by(found.c.status)).all()
        return {status: int(count) for status, count in rows}

    def next_record_id(self, record_id: str, order: str = "document", **filters: Any) -> str | None:
        """The record after `record_id` in the list `filters` and `order` make (keyset: it holds when the
        current record has just left the list, e.g. accepted while the list shows pending ones)."""
        column, descending = ORDER_KEYS[order]
        with self.session() as s:
            current = s.get(RecordRow, record_id)
            if current is None:
                return None
            # the key as SQL computes it (a column, or an expression such as the teaching value)
            key = s.scalar(select(column).where(RecordRow.record_id == record_id))
            later = column < key if descending else column > key
            after = or_(later, (column == key) & (RecordRow.record_id > record_id))
            query = self._filtered(filters).where(after).order_by(*ORDER_COLUMNS[order], RecordRow.record_id).limit(1)
            row = s.scalars(query).first()
            return row.record_id if row else None

    def record_facets(self) -> dict[str, list[Any]]:
        """The values the record list can be filtered by: documents, sources, reviewers, funders, years, flags."""
        paths = self.document_paths()
        with self.session() as s:
            reviewers = sorted({r for r in s.scalars(select(RecordRow.reviewed_by).distinct()) if r})
            standing = _standing(FieldValueRow)
            by_field: dict[str, set[str]] = {"funders": set(), "start": set(), "end": set()}
            for field_name, value in s.execute(
                select(FieldValueRow.field, standing).where(FieldValueRow.field.in_(list(by_field))).distinct()
            ):
                by_field[field_name].add(value)
            flag_lists = set(s.scalars(select(RecordRow.flags_json).distinct()))
        funders = sorted({o["name"] if isinstance(o, dict) else o for payload in by_field["funders"] for o in json.loads(payload)})
        bounds = {int(v[:4]) for f in ("start", "end") for v in map(json.loads, by_field[f]) if v}
        years = list(range(min(bounds), max(bounds) + 1)) if bounds else []  # the years between count too
        flags = sorted({flag.split(":")[0] for payload in flag_lists for flag in json.loads(payload)})
        return {"documents": paths, "sources": sorted({_folder(p) for p in paths}), "reviewers": reviewers,
                "funders": funders, "years": years, "flags": flags}  # fmt: skip

    def standing_values(self, fields: list[str]) -> list[dict[str, Any]]:
        """Every record's id, status, name, flags, whether a reviewer set any of its values, and the
        value that stands of each of `fields`, in reading order: what aggregates over the whole store
        read (the overview), without building a view of each record (four times faster at 10,000)."""
        with self.session() as s:
            rows = s.execute(select(RecordRow.record_id, RecordRow.status, RecordRow.name, RecordRow.flags_json)
                             .order_by(*ORDER_COLUMNS["document"], RecordRow.record_id)).all()  # fmt: skip
            found = {r.record_id: {"record_id": r.record_id, "status": r.status, "name": r.name,
                                   "flags": json.loads(r.flags_json), "reviewed": False} for r in rows}  # fmt: skip
            query = select(FieldValueRow.record_id, FieldValueRow.field, _standing(FieldValueRow)).where(
                FieldValueRow.field.in_(fields))
            for record_id, name, value in s.execute(query):
                if record_id in found:
                    found[record_id][name] = json.loads(value)
            reviewed = select(FieldValueRow.record_id).where(FieldValueRow.reviewed_json.is_not(None)).distinct()
            for record_id in s.scalars(reviewed):
                if record_id in found:
                    found[record_id]["reviewed"] = True
        return list(found.values())

    def paths_with_records(self) -> set[str]:
        """The documents whose current content names at least one record."""
        with self.session() as s:
            query = (select(DocumentRow.path).distinct()
                     .join(MentionRow, (DocumentRow.extracted_sha256 == MentionRow.sha256)
                           & (DocumentRow.extracted_version == MentionRow.pipeline_version)))  # fmt: skip
            return set(s.scalars(query))

    def set_fields(self, record_id: str, values: dict[str, Any], user: str) -> dict[str, str]:
        """Set several fields in one transaction: all are saved, or none when any is refused. Returns the
        refusals by field (empty when saved)."""
        refused: dict[str, str] = {}
        try:
            with self.session() as s:
                reviewer = self._reviewer(s, user)
                for name, value in values.items():
                    try:  # set_field checks the value before it changes anything
                        review.set_field(s, record_id, name, value, reviewer, now())
                    except review.ReviewError as exc:
                        refused[name] = str(exc)
                if refused:
                    raise review.ReviewError("; ".join(refused.values()))  # rolls the others back
                _bump(s)
        except review.ReviewError:
            if not refused:
                raise
        return refused

    def accept_confident(self, min_confidence: float, user: str, **filters: Any) -> list[str]:
        """Accept the pending records among `filters` whose confidence is at least `min_confidence`,
        leaving out those with a conflict (they need a choice); returns their ids."""
        query = (self._filtered({**filters, "status": "pending"})
                 .where(RecordRow.confidence >= min_confidence, RecordRow.flags_json.not_like(f'%"{REVIEW_CONFLICT}:%')))  # fmt: skip
        with self.session() as s:
            reviewer = self._reviewer(s, user)
            ids = [row.record_id for row in s.scalars(query.order_by(RecordRow.record_id))]
            for record_id in ids:
                review.set_status(s, record_id, "accepted", reviewer, now())
            if ids:
                _bump(s)
        return ids




def _folder(path: str) -> str:
    return str(Path(path).parent)


def _standing(value: Any) -> Any:
    """The JSON text of a field's value that stands: the reviewer's, else the extracted one."""
    return func.coalesce(value.reviewed_json, value.extracted_json)


def _named_in(paths: list[str]) -> Any:
    """Ids of the records the current content of one of `paths` names."""
    return (
        select(MentionRow.record_id)
        .join(DocumentRow, (DocumentRow.extracted_sha256 == MentionRow.sha256)
              & (DocumentRow.extracted_version == MentionRow.pipeline_version))  # fmt: skip
        .where(DocumentRow.path.in_(paths))
    )


def _field_of_record(name: str) -> Any:
    """The `field_values` row of field `name` of the record at hand (a correlated subquery: one lookup
    by primary key per record, whatever the backend's planner estimates)."""
    value = aliased(FieldValueRow)
    return value, (value.record_id == RecordRow.record_id) & (value.field == name)


def _has_funder(funder: str) -> Any:
    value, of_record = _field_of_record("funders")
    return exists().where(of_record, _standing(value).contains(funder, autoescape=True))


def _covers_year(year: int) -> Any:
    """The record's period covers `year` (a lone start or end is that one year), or an amount is for
    `year`. Dates are stored as JSON strings ("2017-04-09"): the year is characters 2-5. Correlated
    like the funder filter: looked up by primary key per record, which keeps PostgreSQL from a nested
    loop over a whole id list when the two filters are combined."""
    start, of_start = _field_of_record("start")
    end, of_end = _field_of_record("end")

    def year_of(value: Any) -> Any:
        text = _standing(value)
        return case((text == "null", None), else_=func.substr(text, 2, 4))

    wanted = f"{year:04d}"
    in_period = exists().where(of_start, of_end, func.coalesce(year_of(start), year_of(end)) <= wanted,
                               func.coalesce(year_of(end), year_of(start)) >= wanted)  # fmt: skip
    amounts, of_amounts = _field_of_record("amounts")
    text = _standing(amounts)  # amounts are dumped with sorted keys: "year" comes last
    funded = exists().where(of_amounts, or_(text.like(f'%"year": {year}}}%'), text.like(f'%"year": {year},%')))
    return or_(in_period, funded)


def _funded_by(key: str) -> Any:
    """One of the record's funders is `key` exactly: the registry's name of the body (`canonical`), or
    the name as written for a body the registry does not know (how the overview groups funders).
    Organizations are dumped with sorted keys: canonical, name, registry_id."""
    value, of_record = _field_of_record("funders")
    text = _standing(value)
    quoted = json.dumps(key, ensure_ascii=False)
    return exists().where(of_record, or_(text.contains(f'"canonical": {quoted},', autoescape=True),
                                         text.contains(f'"canonical": null, "name": {quoted},', autoescape=True)))  # fmt: skip


# Amounts are dumped with sorted keys ({"amount": ..., "currency": "MAD", "year": 2017}): "currency" and
# "year" of one amount are side by side, so one LIKE pattern matches both on the same amount.
def _currency_text(currency: str) -> str:
    return '"currency": null' if currency == NO_CURRENCY else json.dumps({"currency": currency})[1:-1]


def _has_currency(currency: str) -> Any:
    """The record has an amount in `currency` (NO_CURRENCY: an amount without one)."""
    amounts, of_amounts = _field_of_record("amounts")
    return exists().where(of_amounts, _standing(amounts).contains(_currency_text(currency), autoescape=True))


def _amount_in_year(year: int | str, currency: str | None) -> Any:
    """The record has an amount (in `currency`, when given) of `year`: the year the report says it is
    for, else the year the record's period starts (pipeline.report.overview counts amounts so).
    NO_YEAR: an amount with no year whose record has no start either."""
    amounts, of_amounts = _field_of_record("amounts")
    start, of_start = _field_of_record("start")
    text = _standing(amounts)
    lead = _currency_text(currency) + ", " if currency else ""
    yearless = text.contains(f'{lead}"year": null}}', autoescape=True)
    start_text = _standing(start)
    if str(year) == NO_YEAR:
        return exists().where(of_amounts, of_start, yearless, start_text == "null")
    stated = text.contains(f'{lead}"year": {int(year)}}}', autoescape=True)
    starts_then = func.substr(start_text, 2, 4) == f"{int(year):04d}"
    return exists().where(of_amounts, of_start, or_(stated, yearless & starts_then))
