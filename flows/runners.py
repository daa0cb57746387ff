"""Where a run's batches are extracted: this process, a pool of worker processes, or a Dask cluster.

One choice for `taqrir run` and `taqrir serve` alike. Extraction is CPU-bound Python, so threads (Prefect's
default runner) would use one core: batches go to processes. A worker process costs seconds to start (it
imports and loads the extraction pipeline), so a small run only starts as many as its work pays for.
Beyond one machine, batches go to a Dask cluster (prefect-dask); the workers only extract, the flow's
process stores, so every worker needs taqrir installed and the raw files at the same path, and the store is
the flow's alone (PostgreSQL when several machines report to it: docs/scheduling.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing Prefect costs seconds: a run with nothing to do never does
    from prefect.task_runners import TaskRunner

DOCS_PER_WORKER = 200  # about 3 s of extraction: what a worker process's start-up is worth


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


@dataclass(frozen=True)
class Engine:
    """How to extract: `workers` processes (None: one per core), on a local Dask cluster when `dask`,
    or on the Dask scheduler at `dask_address`."""

    workers: int | None = None
    dask: bool = False
    dask_address: str | None = None

    def __post_init__(self) -> None:
        if self.workers is not None and self.workers < 1:
            raise ValueError(f"--workers must be at least 1, not {self.workers}")
        if self.dask_address and "://" not in self.dask_address:
            raise ValueError(f"--dask-address must look like tcp://HOST:PORT, not {self.dask_address!r}")

    @property
    def uses_dask(self) -> bool:
        return self.dask or bool(self.dask_address)

    def worker_count(self, documents: int | None = None) -> int:
        """Processes worth starting for `documents` (None: a served flow, whose runs are not known yet)."""
        wanted = self.workers or default_workers()
        if documents is None or self.uses_dask:  # a cluster is asked for as it is
            return wanted
        return max(1, min(wanted, documents // DOCS_PER_WORKER))

    def task_runner(self, documents: int | None = None) -> TaskRunner | None:
        """The Prefect task runner for a run of `documents` (None: keep the flow's default, in-process)."""
        if self.dask_address:
            from prefect_dask import DaskTaskRunner

            return DaskTaskRunner(address=self.dask_address)
        workers = self.worker_count(documents)
        if self.dask:
            from prefect_dask import DaskTaskRunner

            # one thread a worker: extraction holds the GIL, more threads would only contend
            return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                                  "dashboard_address": None})  # fmt: skip
        if workers == 1:
            return None
        from prefect.task_runners import ProcessPoolTaskRunner

        from pipeline.runtime import start_worker

        return ProcessPoolTaskRunner(max_workers=workers, initializer=start_worker)

    def in_flight(self, documents: int | None = None) -> int:
        """Batches to keep submitted: two a worker, so none waits while the flow stores the one before."""
        return 2 * self.worker_count(documents)

    def batch_size(self, documents: int, largest: int) -> int:
        """Batches small enough to keep every worker busy on a small run, at most `largest` documents."""
        return max(1, min(largest, -(-documents // self.worker_count(documents))))
