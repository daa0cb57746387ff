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

import json
import re
from functools import partial
from pathlib import Path

import pandas as pd

from extractors.tables import table_frame
from pipeline.export.records import (
    atomic_write,
    export_csv,
    export_jsonl,
    export_workbook,
    write_csv,
    write_lines,
)
from pipeline.model import Table
from pipeline.store import Store

STAMP = ".revision"


def outputs_current(store: Store, out_dir: str | Path) -> bool:
    stamp = Path(out_dir) / STAMP
    return stamp.exists() and stamp.read_text().strip() == f"{store.url} {store.revision()}"


def write_outputs(store: Store, out_dir: str | Path, force: bool = False) -> list[Path]:
    """Write every output file from the store; returns the paths written (none when nothing changed)."""
    out = Path(out_dir)
    if not force and outputs_current(store, out):
        return []
    revision = store.revision()
    # the stored results are valid ExtractionResults (validated when stored): written as they are and read
    # as plain JSON; a table is made a model again only when its file must be written
    payloads = store.current_payloads()
    written: list[Path] = []

    path = out / "documents.jsonl"
    write_lines(path, payloads)
    written.append(path)

    results = [json.loads(payload) for payload in payloads]
    entity_rows = [
        {"path": r["document"]["path"], "label": e["label"], "text": e["text"], "start": e["start"], "end": e["end"],
         "page": e["page"], "value": json.dumps(e["value"], ensure_ascii=False), "source": e["source"]}
        for r in results for e in r["entities"]
    ]  # fmt: skip
    path = out / "entities.csv"
    write_csv(path, pd.DataFrame(entity_rows, columns=["path", "label", "text", "start", "end", "page", "value", "source"]))
    written.append(path)

    views = store.records()
    for name, exporter in (("projects.jsonl", export_jsonl), ("projects.csv", export_csv)):
        exporter(views, out / name)
        written.append(out / name)
    checks = pd.DataFrame(
        [{"path": r["document"]["path"], "caption": t["caption"], "page": t["page"], "column": c["column"],
          "source": c["source"], "stated": c["stated"], "computed": c["computed"], "difference": c["difference"],
          "ok": c["ok"]}
         for r in results for t in r["tables"] for c in t["checks"]],
        columns=["path", "caption", "page", "column", "source", "stated", "computed", "difference", "ok"],
    )  # fmt: skip
    export_workbook(views, out / "projects.xlsx", checks)
    written.append(out / "projects.xlsx")

    written += _write_tables(results, out / "tables")

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


def _write_tables(results: list[dict], folder: Path) -> list[Path]:
    """Every table as CSV and Parquet, named after its document and caption, and an index. A table
    file already written for the same document content (the index says which) is not written again."""
    written: list[Path] = []
    current: set[Path] = set()
    index_rows = []
    names: set[str] = set()
    before = _indexed_contents(folder / "index.csv")
    for result in results:
        document = result["document"]
        stem = _slug(Path(document["path"]).stem, 80)
        for number, table in enumerate(result["tables"], start=1):
            caption = table["caption"]
            name = f"{stem}__{_slug(caption) if caption else f'table_{number:02d}'}"
            while name in names:
                name += f"_{number:02d}"
            names.add(name)
            csv_path, parquet_path = folder / f"{name}.csv", folder / f"{name}.parquet"
            current |= {csv_path, parquet_path}
            fresh = before.get(name) == document["sha256"] and csv_path.exists() and parquet_path.exists()
            if not fresh:
                frame = table_frame(Table.model_validate(table))
                write_csv(csv_path, frame)
                atomic_write(parquet_path, partial(_write_parquet, frame))
                written += [csv_path, parquet_path]
            index_rows.append({"file": name, "path": document["path"], "sha256": document["sha256"],
                               "caption": caption, "page": table["page"], "unit": table["unit"],
                               "currency": table["currency"], "scale": table["scale"],
                               "flags": "; ".join(table["flags"])})  # fmt: skip
    for stale in [*folder.glob("*.csv"), *folder.glob("*.parquet")] if folder.exists() else []:
        if stale not in current and stale.name != "index.csv":
            stale.unlink()
    path = folder / "index.csv"
    columns = ["file", "path", "sha256", "caption", "page", "unit", "currency", "scale", "flags"]
    write_csv(path, pd.DataFrame(index_rows, columns=columns))
    written.append(path)
    return written


def _indexed_contents(index: Path) -> dict[str, str]:
    """File name -> the document content (sha256) its table was written from, per the last index."""
    if not index.exists():
        return {}
    try:
        frame = pd.read_csv(index, encoding="utf-8-sig", usecols=["file", "sha256"], dtype=str)
    except (ValueError, pd.errors.ParserError):  # an index of an older version, without sha256
        return {}
    return dict(zip(frame["file"], frame["sha256"], strict=True))
