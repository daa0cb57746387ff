"""Outputs in `processed/`: what people open. Regenerated from the store after every run, so
they always describe the current content of every known file.

- `documents.jsonl`: one `taqrir extract` line per file (document, entities, tables, projects)
- `entities.csv`: one row per entity, with its file, offsets, page and value
- `projects.jsonl`, `projects.csv` and `projects.xlsx`: one project per line/row; a project named in
  several documents (same acronym or normalized name) is one record with several pieces of evidence.
  The workbook's sheets are right to left, with a second sheet of the tables' checks.
- `tables/<document>__<caption>.csv` and `.parquet`: every table, numeric columns parsed;
  `tables/index.csv` lists them with caption, page, unit, currency, scale and check flags
- `errors.csv`: files that could not be read, with the reason
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font

from extractors.tables import table_frame
from pipeline.checks import record_flags
from pipeline.model import ExtractionResult, ProjectRecord
from pipeline.records import merge_records
from pipeline.store import FileState

# The workbook's columns: record field -> heading a reviewer reads.
XLSX_COLUMNS = {
    "name": "المشروع (name)", "acronym": "الاختصار (acronym)", "start": "البداية (start)", "end": "النهاية (end)",
    "amounts": "المبالغ (amounts)", "funders": "الممولون (funders)", "implementers": "المنفذون (implementers)",
    "partners": "الشركاء (partners)", "locations": "الأماكن (locations)", "sector": "القطاع (sector)",
    "description": "الوصف (description)", "confidence": "الثقة (confidence)", "flags": "تنبيهات (flags)",
    "documents": "الوثائق (documents)", "evidence": "النص المصدر (evidence)",
}  # fmt: skip
XLSX_WIDTHS = {"name": 45, "description": 60, "evidence": 70, "funders": 35, "implementers": 30, "partners": 45,
               "locations": 25, "amounts": 22, "flags": 35, "documents": 30}  # fmt: skip


def _atomic_write(path: Path, write) -> None:  # type: ignore[no-untyped-def]
    """Write via a temporary file and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write_jsonl(path: Path, rows: Iterable[str]) -> None:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(row + "\n")

    _atomic_write(path, write)


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    # utf-8-sig: Excel opens Arabic CSV correctly only with a byte-order mark.
    _atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8-sig"))


def write_outputs(results: list[ExtractionResult], states: list[FileState], out_dir: str | Path) -> list[Path]:
    """Write every output file for `results`; returns the paths written."""
    out = Path(out_dir)
    written: list[Path] = []

    path = out / "documents.jsonl"
    _write_jsonl(path, (r.to_json() for r in results))
    written.append(path)

    entity_rows = [
        {"path": r.document.path, "label": e.label, "text": e.text, "start": e.start, "end": e.end,
         "page": e.page, "value": json.dumps(e.value, ensure_ascii=False), "source": e.source}
        for r in results for e in r.entities
    ]  # fmt: skip
    path = out / "entities.csv"
    _write_csv(path, pd.DataFrame(entity_rows, columns=["path", "label", "text", "start", "end", "page", "value", "source"]))
    written.append(path)

    projects = merge_records([p for r in results for p in r.projects])
    for project in projects:
        project.flags = record_flags(project)  # a period found in another report clears `no_period`
    path = out / "projects.jsonl"
    _write_jsonl(path, (json.dumps(p.model_dump(), ensure_ascii=False) for p in projects))
    written.append(path)

    frame = pd.DataFrame([_project_row(p) for p in projects], columns=list(XLSX_COLUMNS))
    path = out / "projects.csv"
    _write_csv(path, frame)
    written.append(path)

    checks = pd.DataFrame(
        [{"path": r.document.path, "caption": t.caption, "page": t.page, "column": c.column, "source": c.source,
          "stated": c.stated, "computed": c.computed, "difference": c.difference, "ok": c.ok}
         for r in results for t in r.tables for c in t.checks],
        columns=["path", "caption", "page", "column", "source", "stated", "computed", "difference", "ok"],
    )  # fmt: skip
    path = out / "projects.xlsx"
    _atomic_write(path, lambda tmp: _write_xlsx(tmp, frame, checks))
    written.append(path)

    written += _write_tables(results, out / "tables")

    errors = [{"path": s.path, "status": s.status, "error": s.error} for s in states if s.status != "ok"]
    path = out / "errors.csv"
    _write_csv(path, pd.DataFrame(errors, columns=["path", "status", "error"]))
    written.append(path)
    return written


def _project_row(p: ProjectRecord) -> dict[str, object]:
    return {
        "name": p.name, "acronym": p.acronym, "start": p.start, "end": p.end,
        "amounts": "; ".join(f"{a.amount:,.2f} {a.currency or ''}".strip() + (f" ({a.year})" if a.year else "") for a in p.amounts),
        "funders": "; ".join(p.funders), "implementers": "; ".join(p.implementers), "partners": "; ".join(p.partners),
        "locations": "; ".join(p.locations), "sector": p.sector, "description": p.description,
        "confidence": p.confidence, "flags": "; ".join(p.flags), "documents": "; ".join(p.documents),
        "evidence": " | ".join(" ".join(e.text.split())[:300] for e in (p.evidences or [p.evidence])),
    }  # fmt: skip


def _write_xlsx(path: Path, projects: pd.DataFrame, checks: pd.DataFrame) -> None:
    """A workbook a person reads: right-to-left sheets, Arabic headings, wrapped text, frozen header."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        projects.rename(columns=XLSX_COLUMNS).to_excel(writer, sheet_name="المشاريع", index=False)
        checks.to_excel(writer, sheet_name="تدقيق الجداول", index=False)
        for sheet, fields in ((writer.sheets["المشاريع"], list(XLSX_COLUMNS)), (writer.sheets["تدقيق الجداول"], list(checks.columns))):
            sheet.sheet_view.rightToLeft = True
            sheet.freeze_panes = "A2"
            for index, name in enumerate(fields, start=1):
                letter = sheet.cell(row=1, column=index).column_letter
                sheet.column_dimensions[letter].width = XLSX_WIDTHS.get(name, 16)
                sheet.cell(row=1, column=index).font = Font(bold=True)
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _slug(text: str, limit: int = 60) -> str:
    text = re.sub(r"[^\w]+", "_", text, flags=re.UNICODE).strip("_")
    return text[:limit].rstrip("_") or "table"


def _write_tables(results: list[ExtractionResult], folder: Path) -> list[Path]:
    """Every table as CSV and Parquet, named after its document and caption, and an index."""
    written: list[Path] = []
    index_rows = []
    names: set[str] = set()
    for result in results:
        stem = _slug(Path(result.document.path).stem, 80)
        for number, table in enumerate(result.tables, start=1):
            name = f"{stem}__{_slug(table.caption) if table.caption else f'table_{number:02d}'}"
            while name in names:
                name += f"_{number:02d}"
            names.add(name)
            frame = table_frame(table)
            csv_path, parquet_path = folder / f"{name}.csv", folder / f"{name}.parquet"
            _write_csv(csv_path, frame)
            _atomic_write(parquet_path, lambda tmp, f=frame: f.to_parquet(tmp, index=False))
            written += [csv_path, parquet_path]
            index_rows.append({"file": name, "path": result.document.path, "caption": table.caption, "page": table.page,
                               "unit": table.unit, "currency": table.currency, "scale": table.scale,
                               "flags": "; ".join(table.flags)})  # fmt: skip
    for stale in [*folder.glob("*.csv"), *folder.glob("*.parquet")] if folder.exists() else []:
        if stale not in written and stale.name != "index.csv":
            stale.unlink()
    path = folder / "index.csv"
    _write_csv(path, pd.DataFrame(index_rows, columns=["file", "path", "caption", "page", "unit", "currency", "scale", "flags"]))
    written.append(path)
    return written
