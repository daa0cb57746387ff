"""The objects that flow through taqrir: documents, entities, tables, project records.

These pydantic models are the output contract. `taqrir schema` publishes their JSON Schema
(docs/schema.json) so other tools can validate what `taqrir extract` prints.

Offsets (`start`, `end`) always index `Document.text`, the decoded text of the original file,
so that `document.text[entity.start:entity.end] == entity.text`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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

    def page_at(self, offset: int) -> int | None:
        """The page number holding `offset`, or None for unpaginated documents."""
        for page in self.page_spans:
            if page.start <= offset < page.end or (offset == page.end == len(self.text)):
                return page.number
        return None


ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ValueModel(BaseModel):
    model_config = ConfigDict(extra="allow")  # extractors may add keys; these keep their meaning


class MoneyValue(ValueModel):
    amount: float
    currency: str | None = Field(description="ISO 4217 code, e.g. MAD, USD, EUR")


class DateValue(ValueModel):
    value: str = Field(pattern=ISO_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")


class DateRangeValue(ValueModel):
    start: str | None = Field(pattern=ISO_DATE)
    end: str | None = Field(pattern=ISO_DATE)


class AcronymValue(ValueModel):
    expansion: str | None


class OrgValue(ValueModel):
    acronym: str | None
    canonical: str | None


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


class Table(Model):
    """A table of the document, cells as text in reading order (right to left for Arabic)."""

    caption: str | None = None
    header: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    page: int | None = None
    start: int | None = None
    end: int | None = None


class Amount(Model):
    amount: float
    currency: str | None = None


class Evidence(Model):
    start: int
    end: int
    page: int | None = None
    text: str


class ProjectRecord(Model):
    """A project, programme or initiative described in a report."""

    name: str
    acronym: str | None = None
    start: str | None = None
    end: str | None = None
    amounts: list[Amount] = Field(default_factory=list)
    funders: list[str] = Field(default_factory=list)
    implementers: list[str] = Field(default_factory=list)
    partners: list[str] = Field(default_factory=list)
    locations: list[str] = Field(default_factory=list)
    evidence: Evidence
    confidence: float = Field(ge=0.0, le=1.0)
    flags: list[str] = Field(default_factory=list)


class ExtractionResult(Model):
    """Everything taqrir extracts from one file: one line of `taqrir extract --format jsonl`."""

    document: Document
    entities: list[Entity] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    projects: list[ProjectRecord] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json()
