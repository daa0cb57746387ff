"""Where batches are extracted: worker processes on this machine, or a Dask cluster beyond it, with the
same records either way."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.runners import DOCS_PER_WORKER, Engine
from pipeline.store import Store
from taqrir_cli import app
from tests.conftest import ROOT, SAMPLES, _fresh_postgres_database


def test_a_small_run_starts_only_the_workers_its_work_pays_for():
    engine = Engine(workers=4)
    assert [engine.worker_count(n) for n in (5, DOCS_PER_WORKER * 2, DOCS_PER_WORKER * 10)] == [1, 2, 4]
    assert engine.worker_count(None) == 4  # a served flow: its runs are not known yet
    assert engine.task_runner(5) is None  # one worker: batches run in the flow's own process
    assert engine.batch_size(30, 25) == 25 and Engine(workers=2).batch_size(2 * DOCS_PER_WORKER + 2, 500) == 201


def test_a_dask_cluster_is_taken_as_asked():
    assert Engine(workers=2, dask=True).worker_count(5) == 2
    assert Engine(dask_address="tcp://127.0.0.1:8786").task_runner(5).__class__.__name__ == "DaskTaskRunner"


@pytest.mark.parametrize(("options", "message"), [
    (["--workers", "0"], "--workers must be at least 1, not 0"),
    (["--dask-address", "10.0.0.5:8786"], "--dask-address must look like tcp://HOST:PORT, not '10.0.0.5:8786'"),
])  # fmt: skip
def test_bad_engine_options_are_refused_before_any_work(tmp_path, options, message):
    result = CliRunner().invoke(app, ["run", str(SAMPLES[0]), "--out", str(tmp_path), *options])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "taqrir.db").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_workers(address: str, count: int, timeout: float = 120) -> None:
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(count, timeout=timeout)


def _records(store: Store) -> list[tuple]:
    return sorted((v.record_id, v.record.name, v.status, tuple(sorted(v.values.items(), key=str))) for v in store.records())


@pytest.fixture
def postgres_url(postgres_server_url):
    yield from _fresh_postgres_database(postgres_server_url)


@pytest.mark.slow
@pytest.mark.postgres
def test_a_dask_cluster_of_two_workers_gives_the_records_of_a_single_process_run(tmp_path, prefect_server, postgres_url):
    from flows.run import run_reports

    raw = tmp_path / "raw"
    raw.mkdir()
    for copy in range(3):  # the same projects in several reports: records merged across workers
        for path in SAMPLES:
            (raw / f"{copy}_{path.name}").write_text(path.read_text(encoding="utf-8") + f"\nنسخة {copy}\n", encoding="utf-8")
    single = run_reports(str(raw), str(tmp_path / "single"), engine=Engine(workers=1), batch_size=4)
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the workers import this checkout, as a worker machine would
    bin_dir = Path(sys.executable).parent
    cluster = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                 "--no-dashboard"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]  # fmt: skip
    try:
        time.sleep(1)
        cluster.append(subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1",
                                         "--no-dashboard", "--host", "127.0.0.1"], cwd=ROOT, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
        _wait_for_workers(address, 2)
        spread = run_reports(str(raw), str(tmp_path / "spread"), db_url=postgres_url, batch_size=4,
                             engine=Engine(dask_address=address))  # fmt: skip
    finally:
        for process in reversed(cluster):
            process.terminate()
            process.wait(30)
    assert sorted(o["path"] for o in spread["done"]) == sorted(o["path"] for o in single["done"])
    assert len(spread["done"]) == 15 and spread["failed"] == []
    one, two = Store.open(tmp_path / "single"), Store(postgres_url)
    assert _records(two) == _records(one) and len(_records(one)) == 17
    assert [(s.path, s.sha256, s.status) for s in two.file_states()] == [(s.path, s.sha256, s.status) for s in one.file_states()]


def test_a_worker_process_extracts_without_torch():
    script = (
        "import sys\n"
        "from pipeline.runtime import start_worker\n"
        "start_worker()\n"
        "from pipeline.batch import process_batch\n"
        f"result = process_batch([{str(SAMPLES[0])!r}])[0]\n"
        "print(sys.modules.get('torch') is None, result.document.status, len(result.entities), len(result.projects))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TAQRIR_ALLOW_TORCH"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.stdout.split() == ["True", "ok", "44", "12"], done.stderr[-2000:]


@pytest.mark.slow
def test_worker_processes_report_to_the_runs_one_temporary_server(tmp_path):
    # Prefect's own temporary server belongs to the process that starts it: without `prefect_api`, each
    # worker process of a run started a server of its own (seconds each, and a server process per worker)
    script = (
        "import os\n"
        "from flows.schedule import prefect_api\n"
        "with prefect_api() as api_url:\n"
        "    from prefect import flow, task\n"
        "    from prefect.task_runners import ProcessPoolTaskRunner\n"
        "    @task\n"
        "    def seen() -> str:\n"
        "        from prefect.settings import get_current_settings\n"
        "        return str(get_current_settings().api.url)\n"
        "    @flow(task_runner=ProcessPoolTaskRunner(max_workers=2))\n"
        "    def probe() -> list[str]:\n"
        "        return [f.result() for f in [seen.submit() for _ in range(2)]]\n"
        "    print(api_url, *sorted(set(probe())))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"PREFECT_HOME": str(tmp_path / "prefect")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.split()
    assert len(lines) == 2 and lines[0].startswith("http://127.0.0.1:") and lines[1] == lines[0], done.stdout
    assert done.stderr.count("Starting temporary server") <= 1, done.stderr[-3000:]
