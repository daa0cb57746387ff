"""`taqrir run`: the flow when there is work, and no Prefect at all when there is none.

Importing Prefect and starting its temporary server cost seconds; a run over unchanged files needs
neither, so this module looks for work first and imports the flow only when it finds some. When
`taqrir serve` keeps a Prefect server up for the project, a manual run uses it (no temporary server).
"""

from __future__ import annotations

from flows.fetching import fetch_into
from flows.runners import Engine
from flows.schedule import prefect_api
from pipeline.batch import Plan, RunSummary, discover, plan
from pipeline.export import write_outputs
from pipeline.process import pipeline_version
from pipeline.store import Store


def run_reports(raw_dir: str = "raw", out_dir: str = "processed", db_url: str | None = None, force: bool = False,
                workers: int | None = None, batch_size: int = 25, engine: Engine | None = None,
                sources: str | None = None) -> dict:  # fmt: skip
    """Run the flow when there is work; otherwise only bring the outputs up to date, without Prefect.

    `engine` says where batches are extracted (worker processes, a local or remote Dask cluster);
    `workers` alone is the same as `Engine(workers=workers)`. With a sources file, what is new there is
    fetched first into RAW_DIR/<source>/ (no Prefect needed)."""
    engine = engine or Engine(workers=workers)
    store = Store.open(out_dir, db_url)
    fetched = fetch_into(sources, store, raw_dir) if sources else []
    version = pipeline_version()
    work: Plan = plan(discover(raw_dir), store, version, force=force)
    if not work.todo:
        with store.run_lock():
            run_id = store.start_run("manual", version)
            store.refresh_pending(version)  # what a killed run left to merge
            summary = RunSummary(skipped=[str(p) for p in work.unchanged], held=[str(p) for p in work.held],
                                 fetched=fetched)  # fmt: skip
            summary.outputs = [str(p) for p in write_outputs(store, out_dir)]
            store.finish_run(run_id, skipped=len(work.unchanged), held=len(work.held))
        return summary.as_dict()
    with prefect_api():  # `taqrir serve`'s server when it is up (the run shows there), else a temporary one
        from flows.process import process_reports

        runner = engine.task_runner(len(work.todo))
        configured = process_reports.with_options(task_runner=runner) if runner else process_reports
        size = engine.batch_size(len(work.todo), batch_size)
        summary = configured(raw_dir=raw_dir, out_dir=out_dir, db_url=db_url, force=force, batch_size=size,
                             trigger="manual", in_flight=engine.in_flight(len(work.todo)))  # fmt: skip
    return {**summary, "fetched": fetched}
