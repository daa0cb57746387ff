"""The store: documents, extraction results and project records, in SQLite (or PostgreSQL).

One core used alike by the flow, the CLI, the exports and the review app. Results are kept per file
content (sha256) and pipeline version and never overwritten; records have stable ids and reviewed
values that no extraction overwrites (pipeline.store.ingest says how re-extraction merges). Every
write is one transaction: a run killed at any moment leaves the store as it was before the document
it was writing, and the next run finishes the work.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, case, create_engine, event, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from pipeline.model import ExtractionResult
from pipeline.store import review, users
from pipeline.store.ingest import ingest
from pipeline.store.migrate import RELEASE_0_2_0, upgrade
from pipeline.store.models import (
    DocumentRow,
    EntityCorrectionRow,
    FieldValueRow,
    MentionRow,
    MetaRow,
    RecordRow,
    ResultRow,
    UserRow,
)
from pipeline.store.views import REVIEW_CONFLICT, RecordView, build_view

DATABASE_URL_VARIABLE = "TAQRIR_DATABASE_URL"
DEFAULT_DB_NAME = "taqrir.db"
ORDERS = ("document", "name", "confidence", "-confidence", "updated")


@dataclass(frozen=True)
class FileState:
    path: str
    sha256: str
    status: str
    error: str | None
    pipeline_version: str


def now() -> datetime:
    return datetime.now(UTC)


def database_url(out_dir: str | Path = "processed", url: str | None = None) -> str:
    """The store's URL: the one given, else `TAQRIR_DATABASE_URL`, else SQLite in `out_dir`."""
    url = url or os.environ.get(DATABASE_URL_VARIABLE)
    if url:
        return url
    path = Path(out_dir) / DEFAULT_DB_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


class Store:
    """The store behind one SQLAlchemy engine; opening it brings its schema up to date."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        before, self.revision_after_upgrade = upgrade(self.engine)
        if before == RELEASE_0_2_0:
            self.rebuild_records()  # a 0.2.0 store: its results become records

    @classmethod
    def at(cls, path: str | Path) -> Store:
        """A SQLite store in the file `path` (its folder is created)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(f"sqlite:///{path}")

    @classmethod
    def open(cls, out_dir: str | Path = "processed", url: str | None = None) -> Store:
        return cls(database_url(out_dir, url))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    # documents and results ---------------------------------------------------------------------

    def has_result(self, sha256: str, pipeline_version: str) -> bool:
        with self.session() as s:
            return s.get(ResultRow, (sha256, pipeline_version)) is not None

    def known_results(self, pipeline_version: str) -> set[str]:
        """The contents (sha256) this pipeline version has results for: one query for a whole batch."""
        with self.session() as s:
            return set(s.scalars(select(ResultRow.sha256).where(ResultRow.pipeline_version == pipeline_version)))

    def file_state(self, path: str) -> FileState | None:
        with self.session() as s:
            row = s.scalar(select(DocumentRow).where(DocumentRow.path == path))
            return _state(row) if row else None

    def file_states(self) -> list[FileState]:
        with self.session() as s:
            return [_state(r) for r in s.scalars(select(DocumentRow).order_by(DocumentRow.path))]

    def save(self, result: ExtractionResult, pipeline_version: str) -> bool:
        """Store a result and update the records it names; returns whether anything changed."""
        with self.session() as s:
            state = s.scalar(select(DocumentRow).where(DocumentRow.path == result.document.path))
            before = _state(state) if state else None
            had_result = s.get(ResultRow, (result.document.sha256, pipeline_version)) is not None
            changed = ingest(s, result, pipeline_version, now())
            s.flush()
            row = s.scalar(select(DocumentRow).where(DocumentRow.path == result.document.path))
            assert row is not None
            after = _state(row)
            changed = changed or not had_result or before != after
            if changed:
                _bump(s)
            return changed

    def current_results(self) -> Iterator[ExtractionResult]:
        """For every known path, the result of its content last seen (ordered by path)."""
        query = (
            select(ResultRow.result_json)
            .join(DocumentRow, (DocumentRow.sha256 == ResultRow.sha256) & (DocumentRow.pipeline_version == ResultRow.pipeline_version))
            .order_by(DocumentRow.path)
        )
        with self.session() as s:
            payloads = list(s.scalars(query))
        for payload in payloads:
            yield ExtractionResult.model_validate_json(payload)

    def rebuild_records(self) -> int:
        """Records from the stored results of every document's current content (after an upgrade from
        a store that had none); returns the number of documents read."""
        with self.session() as s:
            rows = s.execute(
                select(DocumentRow.path, ResultRow.result_json, ResultRow.pipeline_version)
                .join(ResultRow, (ResultRow.sha256 == DocumentRow.extracted_sha256)
                      & (ResultRow.pipeline_version == DocumentRow.extracted_version))  # fmt: skip
                .order_by(DocumentRow.path)
            ).all()
            s.execute(update(DocumentRow).values(extracted_sha256=None, extracted_version=None))
            for _path, payload, version in rows:
                ingest(s, ExtractionResult.model_validate_json(payload), version, now())
            _bump(s)
        return len(rows)

    def revision(self) -> int:
        """A number that grows with every change: outputs written at a revision need no rewrite."""
        with self.session() as s:
            row = s.get(MetaRow, "revision")
            return int(row.value) if row else 0

    # records -----------------------------------------------------------------------------------

    def _record_query(self, status: str | None, flag: str | None, document: str | None):  # type: ignore[no-untyped-def]
        query = select(RecordRow)
        if status:
            query = query.where(RecordRow.status == status)
        if flag:
            query = query.where(or_(RecordRow.flags_json.like(f'%"{flag}"%'), RecordRow.flags_json.like(f'%"{flag}:%')))
        if document:
            current = (
                select(MentionRow.record_id)
                .join(DocumentRow, (DocumentRow.extracted_sha256 == MentionRow.sha256)
                      & (DocumentRow.extracted_version == MentionRow.pipeline_version))  # fmt: skip
                .where(or_(DocumentRow.path == document, DocumentRow.path.like(f"%/{document}")))
            )
            query = query.where(RecordRow.record_id.in_(current))
        return query

    def records(self, status: str | None = None, flag: str | None = None, document: str | None = None,
                limit: int | None = None, offset: int = 0, order: str = "document") -> list[RecordView]:  # fmt: skip
        """Records as they stand (reviewed values applied), filtered and paginated in SQL."""
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}; orders: {', '.join(ORDERS)}")
        orderings: dict[str, list[Any]] = {
            "confidence": [RecordRow.confidence], "-confidence": [RecordRow.confidence.desc()],
            "updated": [RecordRow.updated_at.desc()], "name": [RecordRow.name], "document": [RecordRow.first_mention],
        }  # fmt: skip
        columns = orderings[order]  # fmt: skip
        query = self._record_query(status, flag, document).order_by(*columns, RecordRow.record_id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.session() as s:
            rows = list(s.scalars(query))
            values: dict[str, list[Any]] = {r.record_id: [] for r in rows}
            for value in s.scalars(select(FieldValueRow).where(FieldValueRow.record_id.in_(list(values)))):
                values[value.record_id].append(value)
            return [build_view(r, values[r.record_id]) for r in rows]

    def count_records(self, status: str | None = None, flag: str | None = None, document: str | None = None) -> int:
        query = select(func.count()).select_from(self._record_query(status, flag, document).subquery())
        with self.session() as s:
            return int(s.scalar(query) or 0)

    def counts_by_status(self) -> dict[str, int]:
        with self.session() as s:
            return dict(s.execute(select(RecordRow.status, func.count()).group_by(RecordRow.status)).all())  # type: ignore[arg-type]

    def record(self, record_id: str) -> RecordView | None:
        with self.session() as s:
            row = s.get(RecordRow, record_id)
            if row is None:
                return None
            values = list(s.scalars(select(FieldValueRow).where(FieldValueRow.record_id == record_id)))
            return build_view(row, values)

    # review --------------------------------------------------------------------------------------

    def _reviewer(self, s: Session, user: str) -> str:
        if users.find_user(s, user) is None:
            raise review.ReviewError(f"no active user {user!r} (add one with: taqrir users add {user} --role reviewer)")
        return user

    def set_field(self, record_id: str, field: str, value: Any, user: str) -> RecordView:
        with self.session() as s:
            review.set_field(s, record_id, field, value, self._reviewer(s, user), now())
            _bump(s)
        return self.record(record_id)  # type: ignore[return-value]

    def set_status(self, record_id: str, status: str, user: str) -> RecordView:
        with self.session() as s:
            review.set_status(s, record_id, status, self._reviewer(s, user), now())
            _bump(s)
        return self.record(record_id)  # type: ignore[return-value]

    def resolve_conflict(self, record_id: str, field: str, keep: str, user: str) -> RecordView:
        with self.session() as s:
            review.resolve_conflict(s, record_id, field, keep, self._reviewer(s, user), now())
            _bump(s)
        return self.record(record_id)  # type: ignore[return-value]

    def history(self, record_id: str) -> list[dict[str, Any]]:
        with self.session() as s:
            return review.history(s, record_id)

    def correct_entity(self, path: str, action: str, user: str, **span: Any) -> int:
        with self.session() as s:
            row = review.correct_entity(s, path, action, self._reviewer(s, user), now(), **span)
            s.flush()
            _bump(s)
            return row.id

    # users ---------------------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password: str) -> None:
        with self.session() as s:
            users.add_user(s, name, role, password, now())

    def check_password(self, name: str, password: str) -> tuple[str, str] | None:
        """(name, role) when the password is right, else None."""
        with self.session() as s:
            user = users.check_password(s, name, password)
            return (user.name, user.role) if user else None

    def users(self) -> list[tuple[str, str, bool]]:
        with self.session() as s:
            return [(u.name, u.role, u.active) for u in s.scalars(select(UserRow).order_by(UserRow.name))]

    # web app reads -------------------------------------------------------------------------------
    # What the review app (pipeline.web) needs beyond the CLI: a document's current result and its
    # entity corrections, the record list's further filters (source, reviewer, funder, year), facets,
    # the next record of a list, and the two writes a form makes at once (several fields, bulk accept).
    # Filters are keyword arguments: status, flag, document, source, reviewer, funder, year.

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
        unknown = set(filters) - {"status", "flag", "document", "source", "reviewer", "funder", "year"}
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
        return query

    def find_records(self, limit: int = 50, offset: int = 0, order: str = "document", **filters: Any) -> list[RecordView]:
        """A page of the records matching `filters`, as `records()` shows them."""
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}; orders: {', '.join(ORDERS)}")
        query = self._filtered(filters).order_by(*_ORDER_COLUMNS[order], RecordRow.record_id).offset(offset).limit(limit)
        with self.session() as s:
            rows = list(s.scalars(query))
            values: dict[str, list[Any]] = {r.record_id: [] for r in rows}
            for value in s.scalars(select(FieldValueRow).where(FieldValueRow.record_id.in_(list(values)))):
                values[value.record_id].append(value)
            return [build_view(r, values[r.record_id]) for r in rows]

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
        column, descending = _ORDER_KEYS[order]
        with self.session() as s:
            current = s.get(RecordRow, record_id)
            if current is None:
                return None
            key = getattr(current, column.key)
            later = column < key if descending else column > key
            after = or_(later, (column == key) & (RecordRow.record_id > record_id))
            query = self._filtered(filters).where(after).order_by(*_ORDER_COLUMNS[order], RecordRow.record_id).limit(1)
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
        funders = sorted({name for payload in by_field["funders"] for name in json.loads(payload)})
        bounds = {int(v[:4]) for f in ("start", "end") for v in map(json.loads, by_field[f]) if v}
        years = list(range(min(bounds), max(bounds) + 1)) if bounds else []  # the years between count too
        flags = sorted({flag.split(":")[0] for payload in flag_lists for flag in json.loads(payload)})
        return {"documents": paths, "sources": sorted({_folder(p) for p in paths}), "reviewers": reviewers,
                "funders": funders, "years": years, "flags": flags}  # fmt: skip

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


def _state(row: DocumentRow) -> FileState:
    return FileState(row.path, row.sha256, row.status, row.error, row.pipeline_version)


def _bump(session: Session) -> None:
    row = session.get(MetaRow, "revision")
    if row is None:
        session.add(MetaRow(key="revision", value="1"))
    else:
        row.value = str(int(row.value) + 1)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# for the web app reads: sort keys of the record list, and the filters that need subqueries
_ORDER_COLUMNS: dict[str, list[Any]] = {
    "confidence": [RecordRow.confidence], "-confidence": [RecordRow.confidence.desc()],
    "updated": [RecordRow.updated_at.desc()], "name": [RecordRow.name], "document": [RecordRow.first_mention],
}  # fmt: skip
_ORDER_KEYS: dict[str, tuple[Any, bool]] = {  # the column and whether it is descending
    "confidence": (RecordRow.confidence, False), "-confidence": (RecordRow.confidence, True),
    "updated": (RecordRow.updated_at, True), "name": (RecordRow.name, False), "document": (RecordRow.first_mention, False),
}  # fmt: skip


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
