"""Outputs in `processed/`: what people open. Regenerated from the store after every run, so
they always describe the current content of every known file.

- `documents.jsonl`: one `taqrir extract` line per file (document, entities, tables, projects)
- `entities.csv`: one row per entity, with its file, offsets, page and value
- `projects.jsonl` and `projects.csv`: one project record per line/row
- `errors.csv`: files that could not be read, with the reason
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pipeline.model import ExtractionResult
from pipeline.store import FileState


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

    project_lines = [
        json.dumps({"path": r.document.path, **p.model_dump()}, ensure_ascii=False) for r in results for p in r.projects
    ]
    path = out / "projects.jsonl"
    _write_jsonl(path, project_lines)
    written.append(path)

    project_rows = [
        {"path": r.document.path, "name": p.name, "acronym": p.acronym, "start": p.start, "end": p.end,
         "amounts": "; ".join(f"{a.amount:,.2f} {a.currency or ''}".strip() for a in p.amounts),
         "funders": "; ".join(p.funders), "implementers": "; ".join(p.implementers),
         "partners": "; ".join(p.partners), "locations": "; ".join(p.locations),
         "confidence": p.confidence, "flags": "; ".join(p.flags), "evidence": p.evidence.text[:300]}
        for r in results for p in r.projects
    ]  # fmt: skip
    path = out / "projects.csv"
    _write_csv(path, pd.DataFrame(project_rows))
    written.append(path)

    errors = [{"path": s.path, "status": s.status, "error": s.error} for s in states if s.status != "ok"]
    path = out / "errors.csv"
    _write_csv(path, pd.DataFrame(errors, columns=["path", "status", "error"]))
    written.append(path)
    return written
