"""Exports: records out of the store in the formats people use (one exporter per format, registered
in `EXPORTERS`: jsonl, csv, xlsx, parquet, iati), and the files of `processed/`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pipeline.export.iati  # noqa: F401  (registers the `iati` exporter)
from pipeline.export.processed import write_outputs
from pipeline.export.records import EXPORTERS, PUBLISHING, ExportReport, register_exporter
from pipeline.store import Store

LEFT_OUT_STATUS = {
    "rejected": "rejected by a reviewer",
    "pending": "not reviewed yet (--include-unreviewed exports them)",
}


def export_records(store: Store, fmt: str, path: str | Path, status: str | None = None, flag: str | None = None,
                   document: str | None = None, include_unreviewed: bool = False) -> ExportReport:  # fmt: skip
    """Write the records (filtered like `Store.records`) to `path` in format `fmt`. A publishing format
    (iati) takes the accepted ones, the pending ones too with `include_unreviewed`, never the rejected."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(sorted(EXPORTERS))}")
    views = store.records(status=status, flag=flag, document=document)
    left_out: Counter[str] = Counter()
    if fmt in PUBLISHING:
        published = {"accepted", "pending"} if include_unreviewed else {"accepted"}
        left_out.update(LEFT_OUT_STATUS[v.status] for v in views if v.status not in published)
        views = [v for v in views if v.status in published]
    report = EXPORTERS[fmt](views, Path(path)) or ExportReport(written=len(views))
    report.left_out = {**left_out, **report.left_out}
    return report


__all__ = ["EXPORTERS", "ExportReport", "export_records", "register_exporter", "write_outputs"]
