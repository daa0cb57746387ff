"""The main flow: process the new or changed reports of a folder and refresh `processed/`.

Thin by design: every step is a `pipeline` function; Prefect adds retries, logging, state and
schedules. Prefect orchestrates batches of documents, not single ones (a task costs milliseconds, a
document's extraction about ten): each batch is one task, run in a pool of worker processes so every
core extracts, and stored in one transaction. `flows.run.run_reports` looks for work before it starts Prefect
at all: a run with nothing new answers in the time it takes to hash the files.
"""

from __future__ import annotations

import time
from collections import deque
from itertools import islice
from pathlib import Path

from prefect import flow, get_run_logger, task

import flows  # noqa: F401  (Prefect defaults before Prefect is imported)
from flows.fetching import fetch_into
from pipeline.batch import FileOutcome, RunSummary, batches, discover, plan, process_batch
from pipeline.export import write_outputs
from pipeline.model import ExtractionResult
from pipeline.process import pipeline_version
from pipeline.store import Store
from pipeline.store.core import FAILURE_LIMIT

BATCH_SIZE = 25
IN_FLIGHT = 8  # batches submitted ahead of the one being stored (flows.run asks two per worker)


@task(task_run_name="fetch from {sources}")
def fetch_reports(sources: str, raw_dir: str, out_dir: str, db_url: str | None) -> list[dict]:
    # no task retries: the HTTP client retries each request itself, with backoff
    return fetch_into(sources, Store.open(out_dir, db_url), raw_dir)


@task(retries=2, retry_delay_seconds=[1, 10], task_run_name="extract batch {number}")
def extract_batch(paths: list[str], number: int) -> list[ExtractionResult]:
    return process_batch(paths)


def _outcome(result: ExtractionResult) -> FileOutcome:
    doc = result.document
    return FileOutcome(doc.path, doc.status, doc.error, len(result.entities), len(result.projects))


def _one_by_one(group: list[Path], number: int, failure: object) -> tuple[list[ExtractionResult], list[FileOutcome]]:
    """The files of a batch whose task failed, extracted one per task: (results, files lost)."""
    if len(group) == 1:
        return [], [FileOutcome(str(group[0]), "error", f"extraction failed: {failure!r}")]
    results: list[ExtractionResult] = []
    lost: list[FileOutcome] = []
    singles = [(path, extract_batch.submit([str(path)], number)) for path in group]
    for path, future in singles:
        single = future.result(raise_on_failure=False)
        if isinstance(single, list):
            results.extend(single)
        else:
            lost.append(FileOutcome(str(path), "error", f"extraction failed: {single!r}"))
    return results, lost


@flow(name="taqrir-process-reports")
def process_reports(
    raw_dir: str = "raw", out_dir: str = "processed", db_url: str | None = None, force: bool = False,
    batch_size: int = BATCH_SIZE, trigger: str = "scheduled", sources: str | None = None, in_flight: int = IN_FLIGHT,
) -> dict:  # fmt: skip
    """Fetch what is new from `sources` (a sources file) when given, then process the reports under
    `raw_dir` that are new or changed, `in_flight` batches at a time; write outputs to `out_dir`."""
    logger = get_run_logger()
    store = Store.open(out_dir, db_url)
    version = pipeline_version()  # read once: the whole run is one version, whatever changes meanwhile
    fetched = fetch_reports(sources, raw_dir, out_dir, db_url) if sources else []
    for report in fetched:
        logger.info("source %s: %d new, %d changed, %d unchanged, %d failed%s", report["source"], report["new"],
                    report["changed"], report["unchanged"], report["failed"],
                    f" (cannot be read: {report['error']})" if report["error"] else "")  # fmt: skip
        for outcome in report["outcomes"]:
            if outcome["status"] == "failed":
                logger.warning("source %s: %s: %s", report["source"], outcome["url"], outcome["reason"])
    with store.run_lock():  # a second run waits, then finds the first one's files done
        run_id = store.start_run(trigger, version)
        work = plan(discover(raw_dir), store, version, force=force)
        logger.info("%d reports: %d new, %d changed, %d unchanged, %d held after failing %d times",
                    len(work.todo) + len(work.unchanged) + len(work.held), work.new, work.changed,
                    len(work.unchanged), len(work.held), FAILURE_LIMIT)  # fmt: skip
        summary = RunSummary(skipped=[str(p) for p in work.unchanged], held=[str(p) for p in work.held], fetched=fetched)
        groups = batches(work.todo, batch_size)
        # a window of batches in flight, not all of them: results wait in this process until they are
        # stored, so memory follows the window and not the run
        pending = iter(enumerate(groups, 1))
        window: deque = deque()

        def submit_next() -> None:
            for number, group in islice(pending, 1):
                window.append((number, group, extract_batch.submit([str(p) for p in group], number)))

        for _ in range(max(1, in_flight)):
            submit_next()
        done = 0
        while window:
            number, group, future = window.popleft()
            results = future.result(raise_on_failure=False)
            submit_next()
            lost: list[FileOutcome] = []
            if not isinstance(results, list):
                # the task failed on every try (its worker died: no Python error reaches here, process_file
                # catches those): each file on its own, so only the file that kills a worker is lost
                results, lost = _one_by_one(group, number, results)
            _, failed = store.save_many(results, version, refresh=False)
            outcomes = [_outcome(r) for r in results]
            for outcome in outcomes:
                if outcome.path in failed:
                    outcome.status, outcome.error = "error", failed[outcome.path]
            outcomes += lost
            for outcome in outcomes:
                (summary.done if outcome.status == "ok" else summary.failed).append(outcome)
            done += len(group)
            logger.info("[%d/%d] batch of %d stored (%d failed)", done, len(work.todo), len(group),
                        sum(o.status != "ok" for o in outcomes))  # fmt: skip
        merged = store.refresh_pending(version)
        logger.info("%d records merged again", merged)
        started = time.perf_counter()
        summary.outputs = [str(p) for p in write_outputs(store, out_dir)]
        logger.info("%d output files written in %s in %.1f s", len(summary.outputs), out_dir, time.perf_counter() - started)
        store.finish_run(run_id, new=work.new, changed=work.changed, skipped=len(work.unchanged),
                         failed=len(summary.failed), held=len(work.held))  # fmt: skip
    return summary.as_dict()
