"""The store: what has been processed, and every extraction result, in SQLite (or PostgreSQL).

Results are kept per file CONTENT (sha256) and pipeline version, and never overwritten: a file
that changes gets a new result beside the old one, and a file that now fails to load keeps its
earlier result. `files` says, for each path, which content was seen last and how it went.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql import Executable

from pipeline.model import ExtractionResult

metadata = MetaData()

files = Table(
    "files",
    metadata,
    Column("path", String, primary_key=True),
    Column("sha256", String, nullable=False),
    Column("status", String, nullable=False),
    Column("error", Text),
    Column("pipeline_version", String, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

results = Table(
    "results",
    metadata,
    Column("sha256", String, primary_key=True),
    Column("pipeline_version", String, primary_key=True),
    Column("path", String, nullable=False),
    Column("status", String, nullable=False),
    Column("result_json", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class FileState:
    path: str
    sha256: str
    status: str
    error: str | None
    pipeline_version: str


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Processed-file bookkeeping and results, behind one SQLAlchemy engine."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine = create_engine(url)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    @classmethod
    def at(cls, path: str | Path) -> Store:
        """A SQLite store in the file `path` (its folder is created)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(f"sqlite:///{path}")

    def has_result(self, sha256: str, pipeline_version: str) -> bool:
        with self.engine.connect() as conn:
            return self._exists(conn, sha256, pipeline_version)

    def file_state(self, path: str) -> FileState | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(files).where(files.c.path == path)).mappings().first()
        return FileState(**{k: row[k] for k in FileState.__annotations__}) if row else None

    def save(self, result: ExtractionResult, pipeline_version: str) -> None:
        """Record a result. An existing result for the same content and version is kept as is."""
        document = result.document
        now = _now()
        with self.engine.begin() as conn:
            if document.sha256 and not self._exists(conn, document.sha256, pipeline_version):
                conn.execute(
                    results.insert().values(
                        sha256=document.sha256, pipeline_version=pipeline_version, path=document.path,
                        status=document.status, result_json=result.to_json(), created_at=now,
                    )
                )  # fmt: skip
            values = dict(
                path=document.path, sha256=document.sha256, status=document.status, error=document.error,
                pipeline_version=pipeline_version, updated_at=now,
            )  # fmt: skip
            conn.execute(_upsert(self.engine, values))

    @staticmethod
    def _exists(conn, sha256: str, version: str) -> bool:  # type: ignore[no-untyped-def]
        return (
            conn.execute(
                select(results.c.sha256).where(results.c.sha256 == sha256, results.c.pipeline_version == version)
            ).first()
            is not None
        )

    def current_results(self) -> Iterator[ExtractionResult]:
        """For every known path, the result for its current content (ordered by path)."""
        query = (
            select(results.c.result_json)
            .join(files, (files.c.sha256 == results.c.sha256) & (files.c.pipeline_version == results.c.pipeline_version))
            .order_by(files.c.path)
        )
        with self.engine.connect() as conn:
            for (payload,) in conn.execute(query):
                yield ExtractionResult.model_validate_json(payload)

    def file_states(self) -> list[FileState]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(files).order_by(files.c.path)).mappings().all()
        return [FileState(**{k: r[k] for k in FileState.__annotations__}) for r in rows]


def _upsert(engine: Engine, values: dict[str, Any]) -> Executable:
    """INSERT ... ON CONFLICT (path) DO UPDATE, in the dialect of the engine."""
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(files).values(**values)
    return stmt.on_conflict_do_update(index_elements=[files.c.path], set_={k: v for k, v in values.items() if k != "path"})


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
