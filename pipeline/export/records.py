"""Records out of the store, one exporter per format, registered by name in `EXPORTERS`.

Every exporter writes records as they stand: reviewed values in place of extracted ones, the review
status, and the extracted value beside a field wherever a reviewer's value differs from it. Files are
written through a temporary file and renamed, so a crash never leaves half a file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment, Font

from pipeline.files import atomic_write
from pipeline.store import REVIEW_FIELDS, RecordView


@dataclass
class ExportReport:
    """What an export wrote, what it left out (reason -> how many), and what its reader should know."""

    written: int
    left_out: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)  # checks of the format's rules, when it has any
    wrote_file: bool = True  # False: the format cannot hold zero records (IATI), no file was written


Exporter = Callable[[list[RecordView], Path], ExportReport | None]
EXPORTERS: dict[str, Exporter] = {}
# Formats that publish (IATI): accepted records only, pending ones when asked, rejected ones never. The
# others are working files and carry every record with its review status.
PUBLISHING: set[str] = set()

# Headings a reviewer reads in the workbook: field -> Arabic (English).
HEADINGS = {
    "record_id": "المعرف (record_id)", "status": "حالة المراجعة (status)", "name": "المشروع (name)",
    "acronym": "الاختصار (acronym)", "aliases": "أسماء أخرى (aliases)", "start": "البداية (start)",
    "end": "النهاية (end)", "date_status": "طبيعة التاريخ (date_status)", "amounts": "المبالغ (amounts)",
    "funders": "الممولون (funders)", "implementers": "المنفذون (implementers)", "partners": "الشركاء (partners)",
    "locations": "الأماكن (locations)", "sector": "القطاع (sector)", "description": "الوصف (description)",
    "confidence": "الثقة (confidence)", "flags": "تنبيهات (flags)", "documents": "الوثائق (documents)", "sources": "المصدر (sources)",
    "evidence": "النص المصدر (evidence)", "reviewed_by": "المراجع (reviewed_by)", "reviewed_at": "تاريخ المراجعة (reviewed_at)",
}  # fmt: skip
WIDTHS = {"name": 45, "description": 60, "evidence": 70, "funders": 35, "implementers": 30, "partners": 45,
          "locations": 25, "amounts": 22, "flags": 35, "documents": 30, "sources": 40, "record_id": 21}  # fmt: skip
EXTRACTED = "extracted_"
EVIDENCE_SHOWN = 10


def register_exporter(name: str, publishes: bool = False) -> Callable[[Exporter], Exporter]:
    def register(function: Exporter) -> Exporter:
        EXPORTERS[name] = function
        if publishes:
            PUBLISHING.add(name)
        return function

    return register


def write_lines(path: Path, lines: Iterable[str]) -> None:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line + "\n")

    atomic_write(path, write)


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    # utf-8-sig: Excel opens Arabic CSV correctly only with a byte-order mark.
    atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8-sig"))


def cell_text(name: str, value: Any) -> Any:
    """A field value as one spreadsheet cell."""
    if value is None:
        return None
    if name == "amounts":
        return "; ".join(f"{a['amount']:,.2f} {a.get('currency') or ''}".strip() + (f" ({a['year']})" if a.get("year") else "")
                         for a in value)  # fmt: skip
    if isinstance(value, list):
        return "; ".join(item.get("name", json.dumps(item, ensure_ascii=False)) if isinstance(item, dict) else str(item)
                         for item in value)  # fmt: skip
    return value


def flat_rows(views: list[RecordView]) -> pd.DataFrame:
    """One row per record; an `extracted_<field>` column beside each field a reviewer changed in any row."""
    differing = [{n: v for n, v in view.differing().items()} for view in views]
    changed = [n for n in REVIEW_FIELDS if any(n in d for d in differing)]
    columns = ["record_id", "status"]
    for name in REVIEW_FIELDS:
        columns += [name, EXTRACTED + name] if name in changed else [name]
    columns += ["confidence", "flags", "documents", "sources", "evidence", "reviewed_by", "reviewed_at"]
    rows = []
    for view, diff in zip(views, differing, strict=True):
        values = view.values
        row: dict[str, Any] = {"record_id": view.record_id, "status": view.status}
        for name in REVIEW_FIELDS:
            row[name] = cell_text(name, values[name])
            if name in changed:
                row[EXTRACTED + name] = cell_text(name, diff[name]) if name in diff else None
        row.update(
            confidence=view.record.confidence, flags="; ".join(view.flags), documents="; ".join(view.record.documents),
            sources="; ".join(view.source_urls()) or None,
            evidence=evidence_text(view.record.evidences or [view.record.evidence]),
            reviewed_by=view.reviewed_by, reviewed_at=view.reviewed_at.isoformat() if view.reviewed_at else None,
        )  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def evidence_text(evidences: list[Any], shown: int = EVIDENCE_SHOWN) -> str:
    """The first pieces of evidence as one cell (a project named in hundreds of reports would pass a
    spreadsheet cell's 32,767 characters); the JSON Lines export keeps them all."""
    text = " | ".join(" ".join(e.text.split())[:300] for e in evidences[:shown])
    return text + (f" | … (+{len(evidences) - shown})" if len(evidences) > shown else "")


@register_exporter("jsonl")
def export_jsonl(views: list[RecordView], path: Path) -> None:
    write_lines(path, (json.dumps(view.as_dict(), ensure_ascii=False) for view in views))


@register_exporter("csv")
def export_csv(views: list[RecordView], path: Path) -> None:
    write_csv(path, flat_rows(views))


@register_exporter("parquet")
def export_parquet(views: list[RecordView], path: Path) -> None:
    frame = flat_rows(views)
    atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))


@register_exporter("xlsx")
def export_xlsx(views: list[RecordView], path: Path) -> None:
    export_workbook(views, path)


def export_workbook(views: list[RecordView], path: Path, checks: pd.DataFrame | None = None) -> None:
    """The records sheet, and a sheet of the tables' checks when given."""
    frame = flat_rows(views)
    atomic_write(path, lambda tmp: write_workbook(tmp, frame, checks))


def heading(column: str) -> str:
    if column.startswith(EXTRACTED):
        return f"{HEADINGS.get(column[len(EXTRACTED):], column)} - المستخرج (extracted)"
    return HEADINGS.get(column, column)


def write_workbook(path: Path, records: pd.DataFrame, checks: pd.DataFrame | None) -> None:
    """A workbook a person reads: right-to-left sheets, Arabic headings, wrapped text, frozen header."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        records.rename(columns=heading).to_excel(writer, sheet_name="المشاريع", index=False)
        sheets = [(writer.sheets["المشاريع"], list(records.columns))]
        if checks is not None:
            checks.to_excel(writer, sheet_name="تدقيق الجداول", index=False)
            sheets.append((writer.sheets["تدقيق الجداول"], list(checks.columns)))
        for sheet, fields in sheets:
            sheet.sheet_view.rightToLeft = True
            sheet.freeze_panes = "A2"
            for index, name in enumerate(fields, start=1):
                letter = sheet.cell(row=1, column=index).column_letter
                sheet.column_dimensions[letter].width = WIDTHS.get(name.removeprefix(EXTRACTED), 16)
                sheet.cell(row=1, column=index).font = Font(bold=True)
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
