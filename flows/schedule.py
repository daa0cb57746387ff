"""Scheduled runs: the flow served on a Prefect server with a cron (or interval) schedule.

Prefect's temporary server fires no scheduled runs (../shared/NOTES.md), so `serve` starts a real
`prefect server` on loopback, with its database in the project's `.prefect/` folder, unless
`PREFECT_API_URL` names one already. The served process runs in a child with `PREFECT_API_URL` set
(Prefect reads it when it is imported); SIGTERM and Ctrl-C stop the child, then the server.

    python -m flows.schedule RAW_DIR OUT_DIR DB_URL CRON INTERVAL ENGINE_JSON SOURCES   (what `taqrir serve` runs)
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from flows.runners import Engine

DEPLOYMENT = "taqrir-scheduled"
STATE_FILE = "serve.json"  # in PREFECT_HOME: where `taqrir status` finds the server


def prefect_home() -> Path:
    import flows  # noqa: F401  (sets the project-local PREFECT_HOME default)

    return Path(os.environ["PREFECT_HOME"])


def free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
                return int(probe.getsockname()[1])
            except OSError:
                continue
    raise OSError("no free port on 127.0.0.1")


def wait_healthy(api_url: str, timeout: float = 120.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as answer:  # noqa: S310 (loopback)
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the Prefect server at {api_url} did not answer within {timeout:.0f} s")


def running_server() -> str | None:
    """The API URL of the Prefect server `taqrir serve` keeps up for this project, when it answers."""
    state = prefect_home() / STATE_FILE
    if not state.exists():
        return None
    try:
        api_url = json.loads(state.read_text())["api_url"]
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as answer:  # noqa: S310 (loopback)
            return str(api_url) if answer.status == 200 else None
    except (OSError, ValueError, KeyError):  # a stale state file: the server is gone
        return None


@contextmanager
def prefect_api() -> Iterator[str]:
    """The Prefect API a manual run reports to, for the length of the run: `PREFECT_API_URL` when set, the
    server `taqrir serve` keeps up for the project, or else a temporary server started here.

    Prefect's own temporary server lives in the process that starts it: every worker process of a run
    would start one more (seconds each, and a server process per worker for the whole run). Started
    here, its address goes to the workers through the settings they inherit.
    """
    if api_url := os.environ.get("PREFECT_API_URL"):
        yield api_url
        return
    if api_url := running_server():
        os.environ["PREFECT_API_URL"] = api_url  # before Prefect is imported: it reads its settings then
        try:
            yield api_url
        finally:
            del os.environ["PREFECT_API_URL"]
        return
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    # what Prefect's ephemeral mode runs (no UI, no scheduler services), one per process: it stops when the
    # process exits, after Prefect has sent its last logs and events there (stopped sooner, those retry for
    # a minute against a closed port)
    server = SubprocessASGIServer()
    server.start()
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield server.api_url


def start_server(port: int) -> tuple[subprocess.Popen, str]:
    """A `prefect server` on 127.0.0.1 (database in PREFECT_HOME), and its API URL once it answers."""
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    port = free_port(port)
    log = (home / "server.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PREFECT_HOME": str(home)},
        start_new_session=True,
    )  # fmt: skip
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        wait_healthy(api_url, process=process)
    except BaseException:
        stop(process)
        raise
    return process, api_url


def stop(process: subprocess.Popen, timeout: float = 20.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(raw_dir: str, out_dir: str, db_url: str | None, cron: str | None, interval: int | None,
          port: int = 4200, engine: Engine | None = None, sources: str | None = None) -> int:  # fmt: skip
    """Serve the flow on a schedule until SIGTERM or Ctrl-C; returns the exit status. Scheduled runs
    extract as `engine` says (default: one worker process per core) and fetch from `sources` first."""
    engine = engine or Engine()
    server = None
    api_url = os.environ.get("PREFECT_API_URL")
    if not api_url:
        server, api_url = start_server(port)
        print(f"Prefect server on {api_url} (UI: {api_url.removesuffix('/api')}), database in {prefect_home()}",
              flush=True)  # fmt: skip
    state = prefect_home() / STATE_FILE
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps({"api_url": api_url, "deployment": DEPLOYMENT, "cron": cron, "interval": interval}))
    child = subprocess.Popen(
        [sys.executable, "-m", "flows.schedule", raw_dir, out_dir, db_url or "", cron or "", str(interval or ""),
         json.dumps(asdict(engine)), sources or ""],
        env={**os.environ, "PREFECT_API_URL": api_url},
    )  # fmt: skip

    def forward(signum, _frame):  # type: ignore[no-untyped-def]
        if child.poll() is None:
            child.send_signal(signal.SIGINT)  # Prefect's runner stops at once on SIGINT (SIGTERM: ~30 s)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        status = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        stop(child)
        if server is not None:
            stop(server)
        state.unlink(missing_ok=True)
    return 0 if status in (0, -signal.SIGTERM, -signal.SIGINT, 130) else status


def next_scheduled_run() -> tuple[str | None, str]:
    """The expected start of the deployment's next scheduled run, and where that was asked (or why not)."""
    api_url = os.environ.get("PREFECT_API_URL")
    state = prefect_home() / STATE_FILE
    if not api_url and state.exists():
        api_url = json.loads(state.read_text())["api_url"]
    if not api_url:
        return None, "no Prefect server: start one with `taqrir serve --cron ...` or set PREFECT_API_URL"
    query = {"flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
             "deployments": {"name": {"any_": [DEPLOYMENT]}}, "sort": "EXPECTED_START_TIME_ASC", "limit": 1}  # fmt: skip
    request = urllib.request.Request(f"{api_url}/flow_runs/filter", data=json.dumps(query).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 (the project's own server)
            runs = json.loads(answer.read())
    except OSError as exc:
        return None, f"the Prefect server at {api_url} does not answer ({exc})"
    return (runs[0]["expected_start_time"] if runs else None), api_url


def _serve_here(raw_dir: str, out_dir: str, db_url: str, cron: str, interval: str, engine: str, sources: str = "") -> None:
    from flows.process import process_reports

    runner = Engine(**json.loads(engine)).task_runner()  # worker processes start with a run's first batch
    flow = process_reports.with_options(task_runner=runner) if runner else process_reports
    parameters = {"raw_dir": raw_dir, "out_dir": out_dir, "db_url": db_url or None, "trigger": "scheduled",
                  "sources": sources or None, "in_flight": Engine(**json.loads(engine)).in_flight()}  # fmt: skip
    # pause_on_shutdown=False: stopping the server process must not leave the schedule paused
    flow.serve(name=DEPLOYMENT, cron=cron or None, interval=int(interval) if interval else None,
                          parameters=parameters, pause_on_shutdown=False, print_starting_message=True,
                          limit=1)  # fmt: skip  (one run at a time; late runs wait, they do not pile up)


if __name__ == "__main__":
    from pipeline.runtime import keep_torch_out

    keep_torch_out()
    _serve_here(*sys.argv[1:8])
