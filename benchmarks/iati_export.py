"""How long the IATI export takes for 1,000 records (or --records N).

    python -m benchmarks.iati_export [--records 1000] [--runs 3] [--rebuild]

The store is the review app benchmark's (benchmarks/review_app.py: synthetic copies of the sample
reports saved through `Store.save`, cached in benchmarks/.cache/). Every record is published
(`include_unreviewed`), and timed in its two parts: reading the records as they stand from the store,
and `export_iati` (mapping, XML built with lxml, ruleset checks, file written). Then the file is
validated against the IATI 2.03 schema (../shared/iati/), untimed.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.review_app import CACHE, fill  # noqa: E402

SCHEMA = ROOT.parent / "shared" / "iati" / "iati-activities-schema.xsd"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="fill the cached SQLite store again")
    args = parser.parse_args()

    from lxml import etree

    from pipeline.export import export_records
    from pipeline.export.iati import IatiSettings, export_iati
    from pipeline.store import Store

    path = CACHE / f"review-{args.records}.db"
    if args.rebuild:
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    CACHE.mkdir(parents=True, exist_ok=True)
    store = Store(f"sqlite:///{path}")
    if store.count_records() < args.records:
        print(f"filling {path} with {args.records} records ...", flush=True)
        with warnings.catch_warnings():  # the synthetic funders are bare names, which pydantic warns about
            warnings.simplefilter("ignore", UserWarning)
            fill(store, args.records)
    settings = IatiSettings(reporting_org_ref="XM-BENCH-1", reporting_org_type="10", document_url="https://example.org/{name}")
    out = Path(tempfile.mkdtemp()) / "records.xml"
    reads, exports, totals = [], [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        views = [v for v in store.records() if v.status != "rejected"]
        read = time.perf_counter()
        report = export_iati(views, out, settings)
        done = time.perf_counter()
        reads.append(read - started)
        exports.append(done - read)
        totals.append(done - started)
    started = time.perf_counter()
    export_records(store, "iati", out, include_unreviewed=True)  # the CLI's path, settings from the environment
    through_cli_core = time.perf_counter() - started
    valid = etree.XMLSchema(etree.parse(str(SCHEMA))).validate(etree.parse(str(out))) if SCHEMA.exists() else None

    print(f"machine: {platform.machine()}, {platform.processor() or platform.system()}, Python {platform.python_version()}")
    print(f"records in the store: {len(views)}; activities written: {report.written}; "
          f"left out: {sum(report.left_out.values())} ({', '.join(report.left_out) or 'none'})")  # fmt: skip
    print(f"file: {out.stat().st_size / 1e6:.1f} MB; valid against the IATI 2.03 schema: {valid}")
    print(f"{'step':<38}{'median s':>10}{'per record ms':>15}")
    for name, times in (("read records from the store", reads), ("export_iati (map, build, check, write)", exports),
                        ("total", totals)):  # fmt: skip
        median = statistics.median(times)
        print(f"{name:<38}{median:>10.2f}{median / len(views) * 1000:>15.2f}")
    print(f"{'export_records (as taqrir export)':<38}{through_cli_core:>10.2f}")


if __name__ == "__main__":
    main()
