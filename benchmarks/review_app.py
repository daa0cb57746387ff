"""How fast the review app opens its pages with many records in the store.

    python benchmarks/review_app.py [--records 10000] [--db URL] [--runs 20] [--rebuild]

Fills a store (SQLite in benchmarks/.cache/ unless --db says otherwise) with synthetic documents made
from the sample reports: each copy gets its own path and content hash, and its projects get varied
names and acronyms (so each is a record of its own) and varied funders and periods (so filters have
something to choose among). Everything goes through `Store.save`, as a real run would. The store is
kept for the next run (--rebuild makes it again).

Then times, through the app itself (FastAPI's TestClient: routing, session, queries, templates; no
network), the pages a reviewer opens: the list (first page, sorted, filtered), a record page, the
next record, a document with its entities; first call and median of --runs calls.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.model import ExtractionResult  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
PASSWORD = "benchmark password"
PLACES = ["وجدة", "فاس", "مراكش", "أكادير", "طنجة", "الرباط", "بني ملال", "الحسيمة", "ورزازات", "العيون"]
FUNDERS = ["الاتحاد الأوروبي", "الوكالة الفرنسية للتنمية", "الوكالة الألمانية للتعاون الدولي", "البنك الدولي",
           "الوكالة البلجيكية للتنمية", "برنامج الأمم المتحدة الإنمائي"]  # fmt: skip


def synthetic(result: ExtractionResult, copy: int) -> ExtractionResult:
    """Copy number `copy` of a sample's result: another path and hash, projects renamed and varied."""
    path = f"synthetic/{copy // 500:03d}/{copy:05d}_{Path(result.document.path).name}"
    document = result.document.model_copy(update={"path": path, "sha256": hashlib.sha256(path.encode()).hexdigest()})
    projects = []
    for i, project in enumerate(result.projects):
        n = copy * 100 + i
        place = PLACES[n % len(PLACES)]
        start = 2010 + n % 14
        projects.append(project.model_copy(update={
            "record_id": None, "name": f"{project.name} - {place} {copy}", "aliases": [],
            "acronym": f"{project.acronym}{copy}" if project.acronym else None,
            "funders": [FUNDERS[n % len(FUNDERS)]] if n % 3 else project.funders,
            "start": str(start), "end": str(start + n % 5) if n % 4 else None,
            "confidence": round(0.5 + (n * 37 % 50) / 100, 2), "documents": [path],
            "evidence": project.evidence.model_copy(update={"document": path}),
            "evidences": [e.model_copy(update={"document": path}) for e in project.evidences],
        }))  # fmt: skip
    return result.model_copy(update={"document": document, "projects": projects})


def fill(store, target: int) -> int:  # type: ignore[no-untyped-def]
    """Save synthetic copies of the samples until the store has `target` records; returns the count."""
    from pipeline.process import process_file
    from tests.conftest import SAMPLES

    samples = [process_file(path) for path in SAMPLES]
    store.add_user("bench", "reviewer", PASSWORD)
    copy = 0
    count = 0
    started = time.perf_counter()
    while count < target:
        for sample in samples:
            if count >= target:
                break
            result = synthetic(sample, copy)
            result.projects = result.projects[: target - count]
            store.save(result, "0.2.0")
            count += len(result.projects)
        copy += 1
        if copy % 200 == 0:
            print(f"  {count} records ({time.perf_counter() - started:.0f} s)", flush=True)
    return store.count_records()


def timed(call: Callable[[], object], runs: int) -> tuple[float, float]:
    """(first call, median of `runs` more) in milliseconds."""
    t = time.perf_counter()
    call()
    first = (time.perf_counter() - t) * 1000
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        call()
        times.append((time.perf_counter() - t) * 1000)
    return first, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--db", help="SQLAlchemy URL of the store to fill (default: SQLite in benchmarks/.cache/)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="fill the cached SQLite store again")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from pipeline.store import Store
    from pipeline.web import create_app
    from tests.test_web_support import log_in

    url = args.db
    if url is None:
        path = CACHE / f"review-{args.records}.db"
        if args.rebuild:
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink()
        CACHE.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    store = Store(url)
    if store.count_records() < args.records:
        print(f"filling {url} with {args.records} records ...", flush=True)
        started = time.perf_counter()
        fill(store, args.records)
        print(f"filled in {time.perf_counter() - started:.0f} s")
    total = store.count_records()
    client = TestClient(create_app(store), base_url="http://127.0.0.1:8000")
    log_in(client, "bench", PASSWORD)
    middle = store.find_records(limit=1, offset=total // 2)[0]
    document = middle.record.documents[0]

    def page(url: str, **params: object) -> Callable[[], object]:
        def get() -> object:
            response = client.get(url, params=params)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    pages = [
        ("list, first page (reading order)", page("/records")),
        ("list, by confidence, page 100", page("/records", order="-confidence", page=100)),
        ("list, pending + funder + year", page("/records", status="pending", funder="الاتحاد الأوروبي", year=2018)),
        ("list, one document", page("/records", document=document)),
        ("record page", page(f"/records/{middle.record_id}")),
        ("record page, in a filtered list", page(f"/records/{middle.record_id}", status="pending", order="-confidence")),
        ("next record", page(f"/records/{middle.record_id}/next", order="-confidence")),
        ("document with its entities", page("/documents/view", path=document)),
        # the overview is computed once per store revision: the first call pays for it, the others not
        ("overview", page("/overview")),
        ("list, a funder bar (EUR)", page("/records", counted=1, currency="EUR", funder_key="European Union")),
        ("list, a year bar (MAD 2017)", page("/records", counted=1, currency="MAD", amount_year=2017)),
        ("list, a region bar (EUR national)", page("/records", counted=1, currency="EUR", region="national")),
    ]
    print(f"\nreview app, {total} records, {len(store.document_paths())} documents, {store.engine.dialect.name}; "
          f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}")  # fmt: skip
    print(f"{'page':<36} {'first ms':>9} {'median ms':>10}")
    for name, get in pages:
        first, median = timed(get, args.runs)
        print(f"{name:<36} {first:>9.1f} {median:>10.1f}")
    from pipeline.report import compute_overview

    first, median = timed(lambda: compute_overview(store), max(3, args.runs // 4))
    print(f"{'compute_overview (no cache)':<36} {first:>9.1f} {median:>10.1f}")
    store.close()


if __name__ == "__main__":
    main()
