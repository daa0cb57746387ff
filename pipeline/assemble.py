"""Assembly: entities and blocks into project records.

A record starts where a block names a project (a cue word, مشروع / برنامج / مبادرة, followed by
a quoted name or a name with its acronym); its period, amounts and organizations are the
entities of that block, organizations taking their role from the words before them.
"""

from __future__ import annotations

import re

from pipeline.model import Amount, Document, Entity, Evidence, ProjectRecord
from pipeline.normalize import normalize_str

QUOTES = "\"“”«»„'‘’"
CUE = normalize_str("مشروع|برنامج|مبادرة|المشروع|البرنامج|المبادرة|برنامجا")
PROJECT = re.compile(
    rf"(?<!\w)(?:{CUE})\s*:?\s*(?:[{QUOTES}]\s*(?P<quoted>[^{QUOTES}\n]{{2,160}}?)\s*[{QUOTES}]"
    rf"|(?P<named>[^\n()،,.:]{{3,120}}?)\s*\(\s*(?P<acronym>[A-Z][A-Za-z0-9&\- ]*[A-Za-z0-9])\s*\))"
)
ROLE_CUES = {
    "funders": ["الممول من طرف", "الممولة من طرف", "ممول من طرف", "بتمويل من", "بتتمويل من", "تمويله من طرف",
                "تمويله من", "بدعم من", "بدعم مالي من", "ممول المشروع", "الممول", "من الاتحاد"],
    "implementers": ["المنفذ من طرف", "المنجز من طرف", "من لدن", "تنفيذ", "ينفذه", "تنفذه"],
    "partners": ["بشراكة مع", "في إطار الشراكة مع", "بتعاون مع", "بشراكة بين", "بتنسيق مع", "الشراكة مع", "مع"],
}  # fmt: skip
ROLE_WINDOW = 40


def _role(text_before: str) -> str:
    window = normalize_str(text_before[-ROLE_WINDOW:])
    best, best_pos = "partners", -1
    for role, cues in ROLE_CUES.items():
        for cue in cues:
            pos = window.rfind(normalize_str(cue))
            if pos > best_pos:
                best, best_pos = role, pos
    return best


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def _record(document: Document, match: re.Match[str], offset: int, span: tuple[int, int], entities: list[Entity]) -> ProjectRecord:
    start, end = span
    inside = [e for e in entities if start <= e.start and e.end <= end]
    name = (match["quoted"] or match["named"] or "").strip()
    record = ProjectRecord(
        name=document.text[offset + match.start("quoted" if match["quoted"] else "named"):
                           offset + match.end("quoted" if match["quoted"] else "named")].strip() or name,
        acronym=match["acronym"] if match["acronym"] else None,
        evidence=Evidence(start=start, end=end, page=document.page_at(start), text=document.text[start:end]),
        confidence=0.5,
    )  # fmt: skip
    for entity in inside:
        if entity.label == "DATE_RANGE" and record.start is None and record.end is None:
            record.start, record.end = entity.value.get("start"), entity.value.get("end")
        elif entity.label == "MONEY":
            record.amounts.append(Amount(amount=entity.value["amount"], currency=entity.value.get("currency")))
        elif entity.label == "ORG":
            getattr(record, _role(document.text[start : entity.start])).append(entity.text)
        elif entity.label == "ACRONYM" and record.acronym is None and entity.value.get("expansion") is None:
            record.acronym = entity.text
    record.funders, record.implementers = _unique(record.funders), _unique(record.implementers)
    record.partners = [p for p in _unique(record.partners) if p not in record.funders + record.implementers]
    if record.start is None and record.end is None:
        record.flags.append("no_period")
    record.confidence = round(0.4 + 0.15 * sum(bool(x) for x in (record.start or record.end, record.amounts,
                                                                    record.funders or record.implementers)), 2)
    return record


def assemble_projects(document: Document, entities: list[Entity]) -> list[ProjectRecord]:
    """Project records named in the document's paragraphs, list items and table cells."""
    spans: list[tuple[int, int]] = []
    for block in document.blocks:
        if block.kind == "table" and block.rows:
            spans.extend((row[0].start, row[-1].end) for row in block.rows)
        else:
            spans.append((block.start, block.end))
    records: list[ProjectRecord] = []
    seen: set[str] = set()
    for start, end in spans:
        text = document.text[start:end]
        normalized = normalize_str(text)
        if len(normalized) != len(text):
            continue  # the cue search needs 1:1 offsets; such blocks (ligatures) are left to later stages
        for match in PROJECT.finditer(normalized):
            record = _record(document, match, start, (start, end), entities)
            key = normalize_str(record.name)
            if key not in seen:
                seen.add(key)
                records.append(record)
    return records
