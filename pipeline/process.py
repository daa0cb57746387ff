"""One file through every stage: load -> normalize -> extract -> assemble.

`process_file` is what the CLI, the Prefect flow and library users call; it never raises for a
bad file (the result's document has status `error` and a reason).
"""

from __future__ import annotations

from pathlib import Path

from extractors import extract_entities
from extractors.models import model_tag
from extractors.tables import extract_tables, table_money_entities
from pipeline.checks import check_records, check_text_totals
from pipeline.load import load_bytes, load_document
from pipeline.model import Document, Entity, ExtractionResult
from pipeline.normalize import normalize
from pipeline.records import assemble_projects
from pipeline.records.identity import assign_record_ids

# Bumped when extraction changes in a way that should redo already processed files.
PIPELINE_VERSION = "0.3.1"  # 0.3.1: amounts, currencies and dates of real published text (issue 18); 0.3.0: records package


def pipeline_version() -> str:
    """The version results are stored under: the code's, plus the learned model and registry overlay in
    use (`0.3.0+ner.v0002+reg.1a2b3c4d`), so a result says which model produced it and a new model
    reprocesses the documents at the next run."""
    tag = model_tag()
    return f"{PIPELINE_VERSION}+{tag}" if tag else PIPELINE_VERSION


def extract_text_entities(text: str) -> list[Entity]:
    """Entities of a bare text (no document structure), offsets into `text`."""
    return extract_entities(normalize(text))


def process_document(document: Document) -> ExtractionResult:
    if document.status == "error" or not document.text:
        return ExtractionResult(document=document)
    normalized = normalize(document.text)
    entities = extract_entities(normalized)
    tables = extract_tables(document)
    entities = _merge_entities(entities, table_money_entities(document, tables))
    for entity in entities:
        entity.page = document.page_at(entity.start)
    check_text_totals(document, tables, entities)
    projects = assemble_projects(document, entities, tables, normalized=normalized)
    check_records(projects, tables)
    assign_record_ids(projects)
    return ExtractionResult(document=document, entities=entities, tables=tables, projects=projects)


def _merge_entities(entities: list[Entity], extra: list[Entity]) -> list[Entity]:
    """`entities` plus those of `extra` that overlap none of them, in text order."""
    kept = [e for e in extra if not any(o.start < e.end and e.start < o.end for o in entities)]
    return sorted([*entities, *kept], key=lambda e: (e.start, e.end))


def process_file(path: str | Path) -> ExtractionResult:
    """Load and extract one report."""
    return process_document(load_document(path))


def process_bytes(data: bytes, name: str) -> ExtractionResult:
    return process_document(load_bytes(data, name))
