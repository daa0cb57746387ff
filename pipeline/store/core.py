"""The store: documents, extraction results and project records, in SQLite (or PostgreSQL).

One core used alike by the flow, the CLI, the exports and the review app. Results are kept per file
content (sha256) and pipeline version and never overwritten; records have stable ids and reviewed
values that no extraction overwrites (pipeline.store.ingest says how re-extraction merges). Every
write is one transaction: a run killed at any moment leaves the store as it was before the document
it was writing, and the next run finishes the work.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.model import ExtractionResult
from pipeline.store import review, users
from pipeline.store.browse import BrowseMixin
from pipeline.store.fetches import FetchesMixin
from pipeline.store.ingest import bump_revision as _bump
from pipeline.store.ingest import ingest, now, refresh_records
from pipeline.store.locks import store_lock
from pipeline.store.migrate import RELEASE_0_2_0, upgrade
from pipeline.store.models import (
    DocumentRow,
    MentionRow,
    MetaRow,
    RecordRow,
    ResultRow,
    RunRow,
    UserRow,
)
from pipeline.store.views import ORDER_COLUMNS, ORDERS, RecordView, load_views

DATABASE_URL_VARIABLE = "TAQRIR_DATABASE_URL"
FAILURE_LIMIT = 3  # failed runs in a row on the same content before a file is held
DEFAULT_DB_NAME = "taqrir.db"
PAYLOAD_CHUNK = 200  # stored results read at a time when outputs stream through all of them


@dataclass(frozen=True)
class FileState:
    path: str
    sha256: str
    status: str
    error: str | None
    pipeline_version: str


def database_url(out_dir: str | Path = "processed", url: str | None = None) -> str:
    """The store's URL: the one given, else `TAQRIR_DATABASE_URL`, else SQLite in `out_dir`."""
    url = url or os.environ.get(DATABASE_URL_VARIABLE)
    if url:
        return url
    path = Path(out_dir) / DEFAULT_DB_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


class Store(BrowseMixin, FetchesMixin):
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
        """The contents (sha256) this pipeline version has read (results that are not errors): one query
        for a whole batch."""
        with self.session() as s:
            return set(s.scalars(select(ResultRow.sha256).where(ResultRow.pipeline_version == pipeline_version,
                                                                ResultRow.status != "error")))  # fmt: skip

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
            changed, touched = self._save(s, result, pipeline_version)
            changed |= refresh_records(s, touched, pipeline_version, now())
            if changed:
                _bump(s)
            return changed

    def save_many(self, results: list[ExtractionResult], pipeline_version: str, refresh: bool = True,
                  ) -> tuple[int, dict[str, str]]:  # fmt: skip
        """Store a batch of results in one transaction, each document in a savepoint of its own: a
        document that cannot be stored is rolled back alone (and retried by the next run). Returns how
        many documents changed something, and the reason of each one that could not be stored.

        With `refresh=False` the records the batch touched are only marked, and merged again by
        `refresh_pending` (once for a whole run: a project named in many reports is merged once)."""
        changed, failed = 0, {}
        touched: set[str] = set()
        with self.session() as s:
            for result in results:
                path = result.document.path
                try:
                    with s.begin_nested():
                        document_changed, records = self._save(s, result, pipeline_version)
                    changed += document_changed
                    touched |= records
                except SQLAlchemyError as exc:
                    failed[path] = f"could not store the result: {exc.__class__.__name__}: {exc}"
            if (refresh and refresh_records(s, touched, pipeline_version, now())) or changed:
                _bump(s)
        return changed, failed

    def refresh_pending(self, pipeline_version: str, chunk: int = 500) -> int:
        """Merge again every record whose mentions changed since (a batch run, or a run killed between
        storing a batch and merging its records); returns how many."""
        done = 0
        while True:
            with self.session() as s:
                ids = set(s.scalars(select(RecordRow.record_id).where(RecordRow.needs_refresh.is_(True)).limit(chunk)))
                if not ids:
                    return done
                refresh_records(s, ids, pipeline_version, now())
                _bump(s)
                done += len(ids)

    def _save(self, s: Session, result: ExtractionResult, pipeline_version: str) -> tuple[bool, set[str]]:
        """Store one result; returns whether its document or result changed, and the records to refresh."""
        row = s.scalar(select(DocumentRow).where(DocumentRow.path == result.document.path))
        before = _state(row) if row else None
        had_result = s.get(ResultRow, (result.document.sha256, pipeline_version)) is not None
        touched = ingest(s, result, pipeline_version, now(), row)
        s.flush()
        return bool(touched) or not had_result or row is None or before != _state(row), touched

    def current_results(self) -> Iterator[ExtractionResult]:
        """For every known path, the result of its content last seen (ordered by path)."""
        for payload in self.current_payloads():
            yield ExtractionResult.model_validate_json(payload)

    def current_payloads(self, chunk: int = PAYLOAD_CHUNK) -> Iterator[str]:
        """`current_results` as the stored JSON, unparsed: for outputs that copy or pick from it. Read
        `chunk` rows at a time (a server-side cursor on PostgreSQL): memory follows the chunk, not the store."""
        query = (
            select(ResultRow.result_json)
            .join(DocumentRow, (DocumentRow.sha256 == ResultRow.sha256) & (DocumentRow.pipeline_version == ResultRow.pipeline_version))
            .order_by(DocumentRow.path)
            .execution_options(yield_per=chunk)
        )
        with self.session() as s:
            yield from s.scalars(query)

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
            touched: dict[str, set[str]] = {}
            for _path, payload, version in rows:
                touched.setdefault(version, set()).update(ingest(s, ExtractionResult.model_validate_json(payload), version, now()))
            for version, records in touched.items():
                refresh_records(s, records, version, now())
            _bump(s)
        return len(rows)

    def revision(self) -> int:
        """A number that grows with every change: outputs written at a revision need no rewrite."""
        with self.session() as s:
            row = s.get(MetaRow, "revision")
            return int(row.value) if row else 0

    def held_files(self, limit: int = FAILURE_LIMIT) -> dict[str, tuple[str, int, str | None]]:
        """Files that failed `limit` runs in a row on their current content: path -> (sha256, failures, error).
        They are skipped until their content changes."""
        with self.session() as s:
            rows = s.execute(select(DocumentRow.path, DocumentRow.sha256, DocumentRow.failures, DocumentRow.error)
                             .where(DocumentRow.failures >= limit)).all()  # fmt: skip
        return {path: (sha, failures, error) for path, sha, failures, error in rows}

    def failing_files(self) -> list[tuple[str, int, str | None]]:
        """Files whose last run failed: (path, failures in a row, reason), the most failing first."""
        with self.session() as s:
            rows = s.execute(select(DocumentRow.path, DocumentRow.failures, DocumentRow.error)
                             .where(DocumentRow.failures > 0)
                             .order_by(DocumentRow.failures.desc(), DocumentRow.path)).all()  # fmt: skip
        return [tuple(r) for r in rows]  # type: ignore[misc]

    # runs --------------------------------------------------------------------------------------------

    def start_run(self, trigger: str, pipeline_version: str) -> int:
        with self.session() as s:
            run = RunRow(trigger=trigger, pipeline_version=pipeline_version, started_at=now(), new=0, changed=0,
                         skipped=0, failed=0, held=0)  # fmt: skip
            s.add(run)
            s.flush()
            return run.id

    def finish_run(self, run_id: int, **counts: int) -> None:
        with self.session() as s:
            run = s.get(RunRow, run_id)
            assert run is not None
            for name, value in counts.items():
                setattr(run, name, value)
            run.finished_at = now()

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        """The last runs, newest first."""
        with self.session() as s:
            rows = s.scalars(select(RunRow).order_by(RunRow.started_at.desc(), RunRow.id.desc()).limit(limit))
            return [{c: getattr(r, c) for c in ("id", "trigger", "pipeline_version", "started_at", "finished_at",
                                                 "new", "changed", "skipped", "failed", "held")} for r in rows]  # fmt: skip

    def run_lock(self, timeout: float = 3600.0):  # type: ignore[no-untyped-def]
        """Held while a run processes files: a second run (scheduled and manual at once, or two machines
        on one PostgreSQL store) waits for the first, then finds its files done."""
        return store_lock(self.engine, "run", timeout)

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
        query = self._record_query(status, flag, document).order_by(*ORDER_COLUMNS[order], RecordRow.record_id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.session() as s:
            return load_views(s, list(s.scalars(query)))

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
            return load_views(s, [row])[0]

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


def _state(row: DocumentRow) -> FileState:
    return FileState(row.path, row.sha256, row.status, row.error, row.pipeline_version)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
