"""A long PDF's pages spread over the machine's cores.

Pages are independent once the document-wide settings are decided (`pdf_pages.document_settings`),
so the page indexes are cut into as many consecutive ranges as there are cores: this process reads
the first range while worker processes read the others, each opening the file itself (a pypdfium2
document cannot cross processes), and the reduced pages come back in page order. The result is the
same list of pages one process reads (`tests/test_pdf_long.py`).

Starting a worker and sending its pages back costs about a second, so below `PARALLEL_MIN_PAGES` pages one
process reads them all; and the pool is used only when `TAQRIR_PDF_WORKERS` asks for it (no gain was
measured on a shared machine: `benchmarks/pdf_long.py`, RESULTS section 18).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from pipeline.load.pdf_pages import ReadResult, ReadSettings

RangeReader = Callable[[str | bytes, ReadSettings, int, int | None], ReadResult]

PARALLEL_MIN_PAGES = 150  # below this, one process (section 18 of benchmarks/RESULTS.md)


def worker_count() -> int:
    """Processes to read with: `TAQRIR_PDF_WORKERS` (a whole number; unset or 1: this process alone).

    Off by default: on the shared 2-core machine it was measured on, a second process ranged from 20%
    faster (100 pages) to 63% slower (1,000 pages) (RESULTS section 18), and a run's worker processes
    already keep the cores busy; set it where a quiet machine shows it pays (`benchmarks/pdf_long.py`)."""
    wanted = os.environ.get("TAQRIR_PDF_WORKERS")
    if not wanted:
        return 1
    try:
        return max(1, int(wanted))
    except ValueError as exc:
        raise ValueError(f"TAQRIR_PDF_WORKERS must be a whole number, not {wanted!r}") from exc


def page_ranges(page_count: int, parts: int) -> list[tuple[int, int]]:
    """`parts` consecutive (start, stop) ranges of nearly equal length covering every page."""
    parts = max(1, min(parts, page_count))
    size, extra = divmod(page_count, parts)
    ranges, start = [], 0
    for k in range(parts):
        stop = start + size + (1 if k < extra else 0)
        ranges.append((start, stop))
        start = stop
    return ranges


def _read_range_in_worker(
    read_range: RangeReader, source: str | bytes, settings: ReadSettings, start: int, stop: int
) -> ReadResult:
    return read_range(source, settings, start, stop)


def _context() -> multiprocessing.context.BaseContext:
    # fork is the cheap start (the reader's modules are already imported), but forking a process
    # that runs threads (a web server) can copy a lock another thread holds: spawn there.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def read_all(
    settings: ReadSettings, data: bytes, source: str | bytes, read_range: RangeReader,
    min_pages: int | None = None, workers: int | None = None,
) -> ReadResult:  # fmt: skip
    """Every page of the PDF, over several processes when it has at least `min_pages` pages
    (default `PARALLEL_MIN_PAGES`) and more than one core is free. This process reads `data`;
    `source` is what a worker opens (the file's path, or its bytes); `read_range(source, settings,
    start, stop)` is what each process runs (`pdf.read_range`)."""
    workers = worker_count() if workers is None else workers
    min_pages = PARALLEL_MIN_PAGES if min_pages is None else min_pages
    if settings.page_count < max(min_pages, 2) or workers < 2:
        return read_range(data, settings, 0, None)
    ranges = page_ranges(settings.page_count, workers)
    with ProcessPoolExecutor(max_workers=len(ranges) - 1, mp_context=_context()) as pool:
        futures = [pool.submit(_read_range_in_worker, read_range, source, settings, start, stop) for start, stop in ranges[1:]]
        results = [read_range(data, settings, *ranges[0])] + [future.result() for future in futures]
    return ReadResult(
        [page for result in results for page in result.pages],
        (sum(r.votes[0] for r in results), sum(r.votes[1] for r in results)),
    )


__all__ = ["PARALLEL_MIN_PAGES", "page_ranges", "read_all", "worker_count"]
