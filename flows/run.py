"""`taqrir run`: the flow when there is work, and no Prefect at all when there is none.

Importing Prefect and starting its temporary server cost seconds; a run over unchanged files needs
neither, so this module looks for work first and imports the flow only when it finds some.
"""

from __future__ import annotations

import os

from pipeline.batch import Plan, RunSummary, discover, plan
from pipeline.export import write_outputs
from pipeline.process import pipeline_version
from pipeline.store import Store

DOCS_PER_WORKER = 200  # about 3 s of extraction: what a worker process's start-up is worth


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_reports(raw_dir: str = "raw", out_dir: str = "processed", db_url: str | None = None, force: bool = False,
                workers: int | None = None, batch_size: int = 25) -> dict:  # fmt: skip
    """Run the flow when there is work; otherwise only bring the outputs up to date, without Prefect."""
    store = Store.open(out_dir, db_url)
    version = pipeline_version()
    work: Plan = plan(discover(raw_dir), store, version, force=force)
    if not work.todo:
        with store.run_lock():
            run_id = store.start_run("manual", version)
            store.refresh_pending(version)  # what a killed run left to merge
            summary = RunSummary(skipped=[str(p) for p in work.unchanged], held=[str(p) for p in work.held])
            summary.outputs = [str(p) for p in write_outputs(store, out_dir)]
            store.finish_run(run_id, skipped=len(work.unchanged), held=len(work.held))
        return summary.as_dict()
    # a worker process costs seconds to start (it imports and loads the extraction pipeline): only as
    # many as there is work to pay for them; below that, batches run in this process
    from prefect.task_runners import ProcessPoolTaskRunner

    from flows.process import process_reports
    from pipeline.batch import warm_up

    workers = max(1, min(workers or default_workers(), len(work.todo) // DOCS_PER_WORKER))
    runner = ProcessPoolTaskRunner(max_workers=workers, initializer=warm_up) if workers > 1 else None
    configured = process_reports.with_options(task_runner=runner) if runner else process_reports
    # small runs: batches small enough to keep every worker busy
    size = max(1, min(batch_size, -(-len(work.todo) // workers)))
    return configured(raw_dir=raw_dir, out_dir=out_dir, db_url=db_url, force=force, batch_size=size, trigger="manual")
