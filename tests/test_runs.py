"""Runs: files that keep failing are held until their content changes; two runs never process a file
twice; a served deployment on a real Prefect server fires scheduled runs and `taqrir status` shows them."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from pipeline.batch import discover, plan, process_batch
from pipeline.process import PIPELINE_VERSION
from pipeline.store import Store
from taqrir_cli import app
from tests.conftest import ROOT, SAMPLES


def test_a_file_failing_three_runs_is_held_until_its_content_changes(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES[0], raw / SAMPLES[0].name)
    broken = raw / "broken.txt"
    broken.write_bytes(b"\x00\x01garbage\x00" * 64)
    store = Store(f"sqlite:///{tmp_path / 'taqrir.db'}")
    for run in range(1, 4):
        work = plan(discover(raw), store, PIPELINE_VERSION)
        assert work.todo[-1:] == [broken] and work.held == []  # an error is tried again at the next run
        store.save_many(process_batch([str(p) for p in work.todo]), PIPELINE_VERSION)
        assert store.failing_files() == [(str(broken), run, "binary data (NUL bytes) in a text file, and no UTF-16 byte-order mark")]
    work = plan(discover(raw), store, PIPELINE_VERSION)
    assert (work.todo, work.held, work.unchanged) == ([], [broken], [raw / SAMPLES[0].name])
    broken.write_text("تقرير جديد عن مشروع \"دعم التعاونيات\" بتمويل من الاتحاد الأوروبي.", encoding="utf-8")
    work = plan(discover(raw), store, PIPELINE_VERSION)
    assert (work.todo, work.held, work.changed, work.new) == ([broken], [], 1, 0)
    store.save_many(process_batch([str(broken)]), PIPELINE_VERSION)
    assert store.failing_files() == []


RUN = """
import json, sys
from flows.run import run_reports
print(json.dumps(run_reports(raw_dir=sys.argv[1], out_dir=sys.argv[2], workers=1)))
"""


@pytest.mark.slow
def test_two_runs_at_once_never_process_a_file_twice(tmp_path):
    import json

    raw = tmp_path / "raw"
    raw.mkdir()
    for copy in range(6):
        for path in SAMPLES:
            (raw / f"{copy}_{path.name}").write_text(path.read_text(encoding="utf-8") + f"\nنسخة {copy}\n", encoding="utf-8")
    out = tmp_path / "processed"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    runs = [subprocess.Popen([sys.executable, "-c", RUN, str(raw), str(out)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True) for _ in range(2)]  # fmt: skip
    summaries = [json.loads(run.communicate(timeout=300)[0].strip().splitlines()[-1]) for run in runs]
    assert sorted(len(s["done"]) for s in summaries) == [0, 30]
    store = Store.open(out)
    assert len(store.file_states()) == 30 and [r["new"] for r in store.runs()] in ([0, 30], [30, 0])


@pytest.mark.slow
def test_served_deployment_fires_scheduled_runs_and_status_shows_them(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in SAMPLES[:2]:
        shutil.copy(path, raw / path.name)
    out = tmp_path / "processed"
    home = tmp_path / "prefect"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"PREFECT_HOME": str(home)}
    served = subprocess.Popen([sys.executable, "-c", "from taqrir_cli import app; app()", "serve", str(raw), "--interval",
                               "5", "--out", str(out), "--port", "4391"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        runs: list[dict] = []
        while time.monotonic() < deadline and len(runs) < 2:
            time.sleep(2)
            if (out / "taqrir.db").exists():
                runs = [r for r in Store.open(out).runs() if r["finished_at"] is not None]
        assert [r["trigger"] for r in runs[:2]] == ["scheduled", "scheduled"]
        assert runs[-1]["new"] == 2 and runs[0]["skipped"] == 2  # the first found both files, the next none new
        os.environ["PREFECT_HOME"], previous = str(home), os.environ.get("PREFECT_HOME")
        try:
            shown = CliRunner().invoke(app, ["status", "--out", str(out)], env={"PREFECT_HOME": str(home)})
        finally:
            if previous is not None:
                os.environ["PREFECT_HOME"] = previous
        assert "scheduled" in shown.stdout and "next scheduled run: 20" in shown.stdout
    finally:
        served.send_signal(signal.SIGTERM)
        served.wait(60)
    assert served.returncode == 0
    assert not (home / "serve.json").exists()  # stopped cleanly, server included
