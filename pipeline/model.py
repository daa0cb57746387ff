"""The objects that flow through taqrir: documents, entities, tables, project records.

These pydantic models are the output contract. `taqrir schema` publishes their JSON Schema
(docs/schema.json) so other tools can validate what `taqrir extract` prints.

Offsets (`start`, `end`) always index `Document.text`, the decoded text of the original file,
so that `document.text[entity.start:entity.end] == entity.text`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator
from pydantic_core import to_json

DocumentFormat = Literal["txt", "html", "pdf", "docx"]
DocumentStatus = Literal["ok", "needs_ocr", "error"]
EntityLabel = Literal["ORG", "ACRONYM", "MONEY", "DATE", "DATE_RANGE"]
BlockKind = Literal["heading", "paragraph", "list_item", "table"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Model):
    """A stretch of `Document.text`."""

    start: int
    end: int


class Page(Span):
    """One page of a paginated source (PDF); `number` starts at 1."""

    number: int


class Cell(Span):
    text: str
    # Set when a table runs over several pages: the page this cell's row is printed on.
    page: int | None = None


class Block(Span):
    """A structural unit of the document: heading, paragraph, list item or table."""

    kind: BlockKind
    page: int | None = None
    # Only for tables: rows of cells, the first row is the header when `has_header`.
    rows: list[list[Cell]] | None = None
    has_header: bool = False


class Document(Model):
    """A loaded report: its text and structure. Produced by `pipeline.load`."""

    path: str
    sha256: str
    format: DocumentFormat | None = None
    status: DocumentStatus = "ok"
    error: str | None = None
    pages: int | None = Field(default=None, description="number of pages, for paginated formats")
    text: str = ""
    blocks: list[Block] = Field(default_factory=list)
    page_spans: list[Page] = Field(default_factory=list)
    needs_ocr_pages: list[int] = Field(default_factory=list)
    _page_index: Any = PrivateAttr(default=None)  # built by page_at on first use

    def page_at(self, offset: int) -> int | None:
        """The page number holding `offset`, or None for unpaginated documents.

        Rows of a table continued over several pages are printed on later pages than the table's
        block starts on: their cells say which."""
        if not self.page_spans:
            return None
        if self._page_index is None:
            cells = sorted(
                (cell.start, cell.end, cell.page)
                for block in self.blocks
                for row in block.rows or []
                for cell in row
                if cell.page is not None
            )
            pages = sorted((page.start, page.end, page.number) for page in self.page_spans)
            self._page_index = (cells, [c[0] for c in cells], pages, [p[0] for p in pages])
        cells, cell_starts, pages, page_starts = self._page_index
        i = bisect_right(cell_starts, offset) - 1
        if i >= 0 and cells[i][0] <= offset <= cells[i][1]:
            return cells[i][2]
        if offset >= len(self.text):  # the end of the text: the last page with content
            return next((n for s, e, n in reversed(pages) if s < e), pages[-1][2])
        j = bisect_right(page_starts, offset) - 1
        # empty page spans share their start with the next page: look back to the one holding it
        while j >= 0:
            start, end, number = pages[j]
            if start <= offset < end:
                return number
            if end < offset:
                break
            j -= 1
        return None


ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ValueModel(BaseModel):
    model_config = ConfigDict(extra="allow")  # extractors may add keys; these keep their meaning


class MoneyValue(ValueModel):
    amount: float
    currency: str | None = Field(description="ISO 4217 code, e.g. MAD, USD, EUR")
    currency_basis: Literal["context", "document", "default"] | None = Field(
        default=None,
        description="how the currency of a name several countries share (درهم، دينار، ريال) was decided: a country "
        "named in the amount's sentence, the country the document names most, or the default; absent when the "
        "currency is written (درهم إماراتي، USD, €)",
    )
    currency_confidence: float | None = Field(
        default=None, ge=0, le=1, description="how sure the decided currency is (absent when the currency is written)"
    )


class DateValue(ValueModel):
    value: str = Field(pattern=ISO_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")


class DateRangeValue(ValueModel):
    start: str | None = Field(pattern=ISO_DATE)
    end: str | None = Field(pattern=ISO_DATE)


class AcronymValue(ValueModel):
    expansion: str | None = Field(description="the long form written beside the acronym, or null")
    canonical: str | None = Field(
        default=None, description="the organization the acronym names, as the organization registry calls it"
    )
    registry_id: str | None = Field(default=None, description="that organization's id in the registry")


class OrgValue(ValueModel):
    acronym: str | None
    canonical: str | None
    registry_id: str | None = Field(default=None, description="the body's id in the organization registry")


VALUE_MODELS: dict[str, type[ValueModel]] = {
    "MONEY": MoneyValue,
    "DATE": DateValue,
    "DATE_RANGE": DateRangeValue,
    "ACRONYM": AcronymValue,
    "ORG": OrgValue,
}


def _value_schema_by_label(schema: dict[str, Any]) -> None:
    schema["allOf"] = [
        {
            "if": {"properties": {"label": {"const": label}}},
            "then": {"properties": {"value": model.model_json_schema()}},
        }
        for label, model in VALUE_MODELS.items()
    ]


class Entity(Model):
    """An extracted mention, with its value, pointing at the original text."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_value_schema_by_label)

    label: EntityLabel
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = None
    value: dict[str, Any] = Field(default_factory=dict)
    source: str | None = Field(default=None, description="the extractor component that found it")

    @model_validator(mode="after")
    def _check(self) -> Entity:
        if self.end < self.start:
            raise ValueError(f"entity end {self.end} before start {self.start}")
        VALUE_MODELS[self.label].model_validate(self.value)
        return self


class TotalCheck(Model):
    """A stated total compared with the sum of the figures it totals."""

    column: str = Field(description="the header of the checked column")
    source: Literal["totals_row", "text"] = Field(description="where the stated total was written")
    stated: float
    computed: float = Field(description="the sum of the table's rows in that column")
    difference: float = Field(description="stated - computed, in the column's unit (before scale)")
    ok: bool
    start: int | None = Field(default=None, description="offsets of the stated total in Document.text")
    end: int | None = None


class Table(Model):
    """A table of the document, cells as text in reading order (right to left for Arabic)."""

    caption: str | None = None
    header: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    page: int | None = None
    start: int | None = None
    end: int | None = None
    numeric_columns: list[int] = Field(default_factory=list, description="indexes of the columns holding numbers")
    money_columns: list[int] = Field(default_factory=list, description="numeric columns holding amounts of `currency`")
    unit: str | None = Field(default=None, description="the unit as written in the caption or header (بالدرهم)")
    currency: str | None = Field(default=None, description="ISO 4217 code when the unit is a currency")
    scale: int = Field(default=1, description="multiplier given by the unit (بآلاف الدراهم: 1000)")
    totals_row: int | None = Field(default=None, description="index in `rows` of the totals row")
    checks: list[TotalCheck] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)


class Amount(Model):
    amount: float
    currency: str | None = None
    year: int | None = Field(default=None, description="the year the amount is for (برسم سنة 2017): an IATI budget period")


class Organization(Model):
    """An organization a record names in one of its roles: as written, and who it is in the
    organization registry (extractors/data/org_registry.json) when it is known there."""

    name: str = Field(description="the name as the report writes it")
    canonical: str | None = Field(default=None, description="the body's name in the organization registry")
    registry_id: str | None = Field(default=None, description="the body's id in the registry (an IATI-style reference)")

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value  # a bare name is an organization too


class Evidence(Model):
    start: int
    end: int
    page: int | None = None
    text: str
    document: str | None = Field(default=None, description="path of the document, when records are merged across files")


class ProjectRecord(Model):
    """A project, programme or initiative described in a report.

    Maps to an IATI activity: `funders` (role 1 Funding), `implementers` (role 4 Implementing),
    `partners` (other participating organisations), `start`/`end` (activity dates: planned or actual
    as `date_status` says), `amounts` (budgets with ISO 4217 currency).
    """

    record_id: str | None = Field(
        default=None,
        description="stable identifier derived from the normalized acronym or name (pipeline.records.identity); "
        "the store keeps it across re-extractions, changed files and merges",
    )
    name: str
    acronym: str | None = None
    aliases: list[str] = Field(default_factory=list, description="other names the report gives the project")
    start: str | None = Field(default=None, pattern=ISO_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")
    end: str | None = Field(default=None, pattern=ISO_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")
    date_status: Literal["planned", "actual"] | None = Field(
        default=None, description="whether the period is announced (planned) or reported as done (actual)"
    )
    amounts: list[Amount] = Field(default_factory=list)
    funders: list[Organization] = Field(default_factory=list)
    implementers: list[Organization] = Field(default_factory=list)
    partners: list[Organization] = Field(default_factory=list)
    beneficiaries: list[Organization] = Field(
        default_factory=list, description="who the project is for (لفائدة ...), not a party that funds or carries it out"
    )
    locations: list[str] = Field(default_factory=list)
    sector: str | None = None
    description: str | None = None
    evidence: Evidence
    evidences: list[Evidence] = Field(default_factory=list, description="every span the record was read from")
    documents: list[str] = Field(default_factory=list, description="paths of the documents naming the project")
    confidence: float = Field(ge=0.0, le=1.0)
    field_confidence: dict[str, float] = Field(default_factory=dict, description="confidence per filled field")
    flags: list[str] = Field(default_factory=list)


class ExtractionResult(Model):
    """Everything taqrir extracts from one file: one line of `taqrir extract --format jsonl`."""

    document: Document
    entities: list[Entity] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    projects: list[ProjectRecord] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json()

    def json_chunks(self) -> Iterator[bytes]:
        """`to_json()` as UTF-8 bytes, field by field and list item by list item: the same bytes,
        without holding the whole line (for a long report, tens of MB) and its copies at once."""
        yield from _json_chunks(self)


def _json_chunks(value: Any) -> Iterator[bytes]:
    if isinstance(value, BaseModel):
        yield b"{"
        for number, name in enumerate(type(value).model_fields):
            yield (b"," if number else b"") + to_json(name) + b":"
            yield from _json_chunks(getattr(value, name))
        yield b"}"
    elif isinstance(value, list) and any(isinstance(item, BaseModel) for item in value):
        yield b"["
        for number, item in enumerate(value):
            if number:
                yield b","
            yield item.model_dump_json().encode("utf-8") if isinstance(item, BaseModel) else to_json(item)
        yield b"]"
    else:
        yield to_json(value)
