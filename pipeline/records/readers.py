"""Field readers: small functions, registered by name, that each fill some fields of a record.

    @register_field_reader("sector")
    def read_sector(draft: RecordDraft, settings: Settings) -> None: ...

`records.cfg` lists the readers to run and their order; `settings` is the reader's section of it
(its confidence values). A reader reads the record's draft: the document's entities and structure
(`draft.source`), the text the record reads from (`draft.scope`), what the cells of its table row
give (`draft.row`), and what the readers before it found.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.model import ProjectRecord
from pipeline.records.scope import RecordScope
from pipeline.records.source import Source, Span

if TYPE_CHECKING:
    from pipeline.records.table_rows import RowFields

Settings = Mapping[str, Any]


@dataclass
class RecordDraft:
    """A record being read, and what its readers share."""

    source: Source
    scope: RecordScope
    row: RowFields
    record: ProjectRecord
    confidence: dict[str, float] = field(default_factory=dict)  # field -> how sure, while reading
    funder_spans: list[Span] = field(default_factory=list)  # where its funders are named

    def at_most(self, name: str, value: float) -> None:
        """A field's confidence is the lowest of the ways that gave it."""
        self.confidence[name] = min(self.confidence.get(name, 1.0), value)


FieldReader = Callable[[RecordDraft, Settings], None]
FIELD_READERS: dict[str, FieldReader] = {}


def register_field_reader(name: str) -> Callable[[FieldReader], FieldReader]:
    """Register a field reader under `name`, so that `records.cfg` can list it."""

    def register(reader: FieldReader) -> FieldReader:
        FIELD_READERS[name] = reader
        return reader

    return register


def field_reader(name: str) -> FieldReader:
    try:
        return FIELD_READERS[name]
    except KeyError:
        known = ", ".join(sorted(FIELD_READERS))
        raise KeyError(f"no field reader registered as {name!r}; known: {known}") from None
