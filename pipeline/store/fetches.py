"""The store as the sources' fetch log (pipeline.sources.state.FetchLog): table `fetches`.

`provenance_for` is what ingestion copies into a document's `provenance_json`: the fetch that wrote
the document's file, matched by resolved path."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from pipeline.sources.state import FetchState
from pipeline.store.locks import store_lock
from pipeline.store.models import DocumentRow, FetchRow

COLUMNS = tuple(FetchState.model_fields)


def _state(row: FetchRow) -> FetchState:
    values = {name: getattr(row, name) for name in COLUMNS}
    for name in ("fetched_at", "checked_at"):  # SQLite hands back stamps without their zone: they are UTC
        if values[name] is not None and values[name].tzinfo is None:
            values[name] = values[name].replace(tzinfo=UTC)
    return FetchState.model_validate(values)


def resolved(path: str) -> str:
    return str(Path(path).resolve())


def provenance_for(session: Session, path: str) -> str | None:
    """The provenance JSON of the document at `path`, when a fetch wrote that file."""
    if not session.info.setdefault("has_fetches", session.scalar(select(FetchRow.id).limit(1)) is not None):
        return None  # asked once a transaction: most stores never fetch, and a batch asks for every document
    row = session.scalar(select(FetchRow).where(FetchRow.path == resolved(path)).order_by(FetchRow.id).limit(1))
    return json.dumps(_state(row).provenance(), ensure_ascii=False) if row is not None else None


class FetchesMixin:
    """Store methods of the fetch log; `session()` comes from the Store."""

    if TYPE_CHECKING:  # provided by Store
        engine: Engine

        def session(self) -> AbstractContextManager[Session]: ...

    def fetch_lock(self, timeout: float = 3600.0) -> AbstractContextManager[None]:
        """Held while fetching: two fetches at once (a scheduled run and `taqrir fetch`) never write the
        same folder together; the second finds the first one's files fetched."""
        return store_lock(self.engine, "fetch", timeout)

    def fetch_state(self, source: str, url: str) -> FetchState | None:
        with self.session() as s:
            row = s.scalar(select(FetchRow).where(FetchRow.source == source, FetchRow.url == url))
            return _state(row) if row is not None else None

    def fetch_state_of_content(self, sha256: str) -> FetchState | None:
        with self.session() as s:
            query = select(FetchRow).where(FetchRow.sha256 == sha256, FetchRow.path.is_not(None)).order_by(FetchRow.id)
            row = s.scalar(query.limit(1))
            return _state(row) if row is not None else None

    def save_fetch_state(self, state: FetchState) -> None:
        with self.session() as s:
            row = s.scalar(select(FetchRow).where(FetchRow.source == state.source, FetchRow.url == state.url))
            if row is None:
                row = FetchRow(source=state.source, url=state.url)
                s.add(row)
            for name in COLUMNS:
                setattr(row, name, getattr(state, name))

    def provenance(self, path: str) -> dict[str, Any] | None:
        """Where the document at `path` came from (its `provenance_json`), when a fetch brought it."""
        with self.session() as s:
            text = s.scalar(select(DocumentRow.provenance_json).where(DocumentRow.path == path))
            return json.loads(text) if text else None
