"""The main flow: process the new or changed reports of a folder and refresh `processed/`.

Thin by design: every step is a `pipeline` function; Prefect adds retries, logging, state and
(later) schedules and distributed task runners.
"""

from __future__ import annotations

from prefect import flow, get_run_logger, task

import flows  # noqa: F401  (Prefect defaults before Prefect is imported)
from pipeline.batch import FileOutcome, RunSummary, discover, plan
from pipeline.export import write_outputs
from pipeline.model import ExtractionResult
from pipeline.process import PIPELINE_VERSION, process_file
from pipeline.store import Store


@task(retries=2, retry_delay_seconds=1, task_run_name="extract {path}")
def extract_report(path: str) -> ExtractionResult:
    return process_file(path)


@flow(name="taqrir-process-reports")
def process_reports(
    raw_dir: str = "raw", out_dir: str = "processed", db_url: str | None = None, force: bool = False
) -> dict:
    """Process the reports under `raw_dir` that are new or changed; write outputs to `out_dir`."""
    logger = get_run_logger()
    store = Store.open(out_dir, db_url)
    work = plan(discover(raw_dir), store, PIPELINE_VERSION, force=force)
    total = len(work.todo)
    logger.info("%d reports: %d new or changed, %d unchanged", total + len(work.unchanged), total, len(work.unchanged))

    summary = RunSummary(skipped=[str(p) for p in work.unchanged])
    futures = [(path, extract_report.submit(str(path))) for path in work.todo]
    for index, (path, future) in enumerate(futures, start=1):
        result = future.result(raise_on_failure=False)
        if isinstance(result, ExtractionResult):
            store.save(result, PIPELINE_VERSION)
            doc = result.document
            outcome = FileOutcome(str(path), doc.status, doc.error, len(result.entities), len(result.projects))
        else:  # the task crashed on every try: report it, keep going
            outcome = FileOutcome(str(path), "error", f"extraction failed: {result!r}")
        (summary.done if outcome.status == "ok" else summary.failed).append(outcome)
        detail = f"{outcome.entities} entities, {outcome.projects} projects" if outcome.status == "ok" else outcome.error
        logger.info("[%d/%d] %s: %s (%s)", index, total, path, outcome.status, detail)

    written = write_outputs(store, out_dir)
    summary.outputs = [str(p) for p in written]
    return summary.as_dict()
