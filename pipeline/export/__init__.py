"""Exports: records out of the store in the formats people use (one exporter per format, registered
in `EXPORTERS`: jsonl, csv, xlsx, parquet), and the files of `processed/`."""

from __future__ import annotations

from pathlib import Path

from pipeline.export.processed import write_outputs
from pipeline.export.records import EXPORTERS, register_exporter
from pipeline.store import Store


def export_records(store: Store, fmt: str, path: str | Path, status: str | None = None, flag: str | None = None,
                   document: str | None = None) -> int:  # fmt: skip
    """Write the records (filtered like `Store.records`) to `path` in format `fmt`; returns how many."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(sorted(EXPORTERS))}")
    views = store.records(status=status, flag=flag, document=document)
    EXPORTERS[fmt](views, Path(path))
    return len(views)


__all__ = ["EXPORTERS", "export_records", "register_exporter", "write_outputs"]
