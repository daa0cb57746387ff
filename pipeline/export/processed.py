"""Outputs in `processed/`: what people open, written from the store, and only when it changed.

- `projects.jsonl`, `projects.csv`, `projects.xlsx`: the records table, reviewed values in place (with
  the extracted value beside where they differ) and their review status; the workbook's sheets are
  right to left, with a second sheet of the tables' checks.
- `documents.jsonl`: one `taqrir extract` line per file (document, entities, tables, the file's records)
- `entities.csv`: one row per entity, with its file, offsets, page and value
- `tables/<document>__<caption>.csv` and `.parquet`: every table, numeric columns parsed;
  `tables/index.csv` lists them with caption, page, unit, currency, scale and check flags
- `errors.csv`: files that could not be read, with the reason
- `.revision`: the store revision the files were written at; when the store has not changed since,
  nothing is written.
"""

from __future__ import annotations

import csv
import json
import re
from functools import partial
from pathlib import Path

import pandas as pd

from extractors.tables import table_frame
from pipeline.export.records import (
    export_csv,
    export_jsonl,
    export_workbook,
    write_csv,
)
from pipeline.files import atomic_file, atomic_write
from pipeline.model import Table
from pipeline.store import Store

STAMP = ".revision"
ENTITY_COLUMNS = ["path", "label", "text", "start", "end", "page", "value", "source"]
CHECK_COLUMNS = ["path", "caption", "page", "column", "source", "stated", "computed", "difference", "ok"]
INDEX_COLUMNS = ["file", "path", "sha256", "caption", "page", "unit", "currency", "scale", "flags"]


def outputs_current(store: Store, out_dir: str | Path) -> bool:
    stamp = Path(out_dir) / STAMP
    return stamp.exists() and stamp.read_text().strip() == f"{store.url} {store.revision()}"


def write_outputs(store: Store, out_dir: str | Path, force: bool = False) -> list[Path]:
    """Write every output file from the store; returns the paths written (none when nothing changed).

    One pass over the stored results, a few at a time (`Store.current_payloads`): documents, entities
    and tables are written as the results stream by, so memory follows the largest document, not the
    store. Every file is written beside its place and renamed into it at the end."""
    out = Path(out_dir)
    if not force and outputs_current(store, out):
        return []
    revision = store.revision()
    tables = _TableFiles(out / "tables")
    checks: list[dict] = []
    documents, entities = out / "documents.jsonl", out / "entities.csv"
    with atomic_file(documents) as lines, atomic_file(entities, encoding="utf-8-sig", newline="") as rows:
        # utf-8-sig: Excel opens Arabic CSV correctly only with a byte-order mark
        entity_rows = csv.writer(rows, lineterminator="\n")
        entity_rows.writerow(ENTITY_COLUMNS)
        for payload in store.current_payloads():
            lines.write(payload + "\n")  # the stored results are valid ExtractionResults (validated when stored)
            result = json.loads(payload)
            path = result["document"]["path"]
            entity_rows.writerows(
                [path, e["label"], e["text"], e["start"], e["end"], e["page"], json.dumps(e["value"], ensure_ascii=False),
                 e["source"]]
                for e in result["entities"]
            )  # fmt: skip
            checks += [{"path": path, "caption": t["caption"], "page": t["page"], "column": c["column"], "source": c["source"],
                        "stated": c["stated"], "computed": c["computed"], "difference": c["difference"], "ok": c["ok"]}
                       for t in result["tables"] for c in t["checks"]]  # fmt: skip
            tables.add(result["document"], result["tables"])
    written = [documents, entities]

    views = store.records()
    for name, exporter in (("projects.jsonl", export_jsonl), ("projects.csv", export_csv)):
        exporter(views, out / name)
        written.append(out / name)
    export_workbook(views, out / "projects.xlsx", pd.DataFrame(checks, columns=CHECK_COLUMNS))
    written.append(out / "projects.xlsx")
    written += tables.finish()

    errors = [{"path": s.path, "status": s.status, "error": s.error} for s in store.file_states() if s.status != "ok"]
    path = out / "errors.csv"
    write_csv(path, pd.DataFrame(errors, columns=["path", "status", "error"]))
    written.append(path)
    (out / STAMP).write_text(f"{store.url} {revision}\n")
    return written


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def _slug(text: str, limit: int = 60) -> str:
    text = re.sub(r"[^\w]+", "_", text, flags=re.UNICODE).strip("_")
    return text[:limit].rstrip("_") or "table"


class _TableFiles:
    """Every table as CSV and Parquet, named after its document and caption, and an index. A table file
    already written for the same document content (the last index says which) is not written again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: list[Path] = []
        self.current: set[Path] = set()
        self.index_rows: list[dict] = []
        self.names: set[str] = set()
        self.before = _indexed_contents(folder / "index.csv")

    def add(self, document: dict, tables: list[dict]) -> None:
        stem = _slug(Path(document["path"]).stem, 80)
        for number, table in enumerate(tables, start=1):
            caption = table["caption"]
            name = f"{stem}__{_slug(caption) if caption else f'table_{number:02d}'}"
            while name in self.names:
                name += f"_{number:02d}"
            self.names.add(name)
            csv_path, parquet_path = self.folder / f"{name}.csv", self.folder / f"{name}.parquet"
            self.current |= {csv_path, parquet_path}
            fresh = self.before.get(name) == document["sha256"] and csv_path.exists() and parquet_path.exists()
            if not fresh:
                frame = table_frame(Table.model_validate(table))
                write_csv(csv_path, frame)
                atomic_write(parquet_path, partial(_write_parquet, frame))
                self.written += [csv_path, parquet_path]
            self.index_rows.append({"file": name, "path": document["path"], "sha256": document["sha256"],
                                    "caption": caption, "page": table["page"], "unit": table["unit"],
                                    "currency": table["currency"], "scale": table["scale"],
                                    "flags": "; ".join(table["flags"])})  # fmt: skip

    def finish(self) -> list[Path]:
        """Remove the files of tables no longer in any document, write the index; returns the paths written."""
        folder = self.folder
        for stale in [*folder.glob("*.csv"), *folder.glob("*.parquet")] if folder.exists() else []:
            if stale not in self.current and stale.name != "index.csv":
                stale.unlink()
        path = folder / "index.csv"
        write_csv(path, pd.DataFrame(self.index_rows, columns=INDEX_COLUMNS))
        return [*self.written, path]


def _indexed_contents(index: Path) -> dict[str, str]:
    """File name -> the document content (sha256) its table was written from, per the last index."""
    if not index.exists():
        return {}
    try:
        frame = pd.read_csv(index, encoding="utf-8-sig", usecols=["file", "sha256"], dtype=str)
    except (ValueError, pd.errors.ParserError):  # an index of an older version, without sha256
        return {}
    return dict(zip(frame["file"], frame["sha256"], strict=True))
