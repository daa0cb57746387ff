"""One file through every stage: load -> normalize -> extract -> assemble.

`process_file` is what the CLI, the Prefect flow and library users call; it never raises for a
bad file (the result's document has status `error` and a reason): neither for one a reader refuses
(damaged, over a bound of `pipeline.limits`) nor for one that makes a later stage fail, so one file
never costs a batch the others' results. Long texts are extracted in parts (`extractors.extract_entities`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path

from extractors import extract_entities
from extractors.models import model_tag
from extractors.tables import extract_tables, table_money_entities
from pipeline import limits
from pipeline.checks import check_records, check_text_totals
from pipeline.load import file_sha256, load_bytes, load_document, sha256_of
from pipeline.model import Document, Entity, ExtractionResult
from pipeline.normalize import normalize
from pipeline.records import assemble_projects
from pipeline.records.identity import assign_record_ids

# Bumped when extraction changes in a way that should redo already processed files.
PIPELINE_VERSION = "0.3.6"  # 0.3.6: records round 4 (issue 20: names with their places as aliases, announced lists, works carried out or paid for, countries beside their places); 0.3.5: records round 3 (issue 20); 0.3.4: real PDFs third round (issue 17: Latin/digit lines, subtotals, two columns, continued tables); 0.3.3: records round 2 (issue 20); 0.3.2: entities round 2 (issue 18); 0.3.1: amounts, currencies and dates of real published text (issue 18); 0.3.0: records package


def pipeline_version() -> str:
    """The version results are stored under: the code's, plus the learned model and registry overlay in
    use (`0.3.0+ner.v0002+reg.1a2b3c4d`), so a result says which model produced it and a new model
    reprocesses the documents at the next run."""
    tag = model_tag()
    return f"{PIPELINE_VERSION}+{tag}" if tag else PIPELINE_VERSION


def extract_text_entities(text: str) -> list[Entity]:
    """Entities of a bare text (no document structure), offsets into `text`. Raises LimitExceeded
    for a text over `max_text_chars`."""
    limits.current().check("max_text_chars", len(text), "the text")
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
    ordered = sorted(entities, key=lambda e: e.start)
    starts = [e.start for e in ordered]
    reach = list(accumulate((e.end for e in ordered), max, initial=0))  # reach[i]: furthest end of the first i
    # an entity overlaps `e` when it starts before e.end and ends after e.start: by bisection, not every pair
    # (a PDF's tables give thousands of amounts, its text tens of thousands of entities)
    kept = [e for e in extra if reach[bisect_left(starts, e.end)] <= e.start]
    return sorted([*entities, *kept], key=lambda e: (e.start, e.end))


def process_file(path: str | Path) -> ExtractionResult:
    """Load and extract one report; never raises for what the file holds."""
    try:
        return process_document(load_document(path))
    except Exception as exc:  # noqa: BLE001 (one bad file never stops a batch)
        return _failed(str(path), lambda: file_sha256(Path(path)), exc)


def process_bytes(data: bytes, name: str) -> ExtractionResult:
    """Load and extract one report from its bytes; never raises for what they hold."""
    try:
        return process_document(load_bytes(data, name))
    except Exception as exc:  # noqa: BLE001
        return _failed(name, lambda: sha256_of(data), exc)


def _failed(path: str, sha256: Callable[[], str], exc: Exception) -> ExtractionResult:
    """The result of a file a stage failed on (a bug, a text no extractor foresaw, memory): the
    document with status `error` and the reason, so the caller's batch goes on."""
    try:
        sha = sha256()
    except OSError:
        sha = ""
    error = f"extraction failed: {type(exc).__name__}: {exc}"
    return ExtractionResult(document=Document(path=path, sha256=sha, status="error", error=error))
