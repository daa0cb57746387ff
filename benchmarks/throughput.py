"""Throughput of the scheduled job: `taqrir run` over N reports, beside a plain script doing the same work.

    python -m benchmarks.throughput [--sizes 10,100,1000] [--mix] [--workers 2]

Builds N reports from the five samples (each copy made distinct by a line of its own, so every file is
new content; the same projects recur across copies, the worst case for merging records) — all text, or
with --mix a quarter each of text, HTML, PDF and DOCX from tests/fixtures — then, for each N:
- `taqrir run` on a new store, once starting Prefect's temporary server (what a lone run pays) and once on
  a Prefect server already up (what scheduled runs pay): wall time, documents/s, pages/s (PDF pages; a text
  report counts as one), peak memory of the largest process (the flow or a worker);
- the alternative a user would write without Prefect: a multiprocessing pool over the same batches
  storing with `Store.save_many` (`plain`); Prefect's share is 1 - plain/taqrir;
- a second `taqrir run` with nothing changed, and one after changing 1% of the files;
- the served run's steady rate: documents a second between its first and last batch stored.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "raw").glob("0*_*.txt"))
FIXTURES = ROOT / "tests" / "fixtures"
TAQRIR = [sys.executable, "-c", "from taqrir_cli import app; app()"]


def build_reports(folder: Path, n: int, mix: bool) -> int:
    """Write `n` distinct reports into `folder`; returns their number of pages (text = 1 page)."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds = ["txt", "html", "pdf", "docx"] if mix else ["txt"]
    pages = 0
    for i in range(n):
        sample = SAMPLES[i % len(SAMPLES)]
        kind = kinds[(i // len(SAMPLES)) % len(kinds)]
        stem = f"{i:05d}_{sample.stem}"
        source = FIXTURES / kind / f"{sample.stem}.{kind}"
        if kind == "txt" or not source.exists():  # not every sample has an HTML version
            text = sample.read_text(encoding="utf-8") + f"\nنسخة رقم {i}\n"
            (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
            pages += 1
            continue
        data = source.read_bytes()
        # bytes after the end keep every reader happy and make the content new
        extra = f"<!-- {i} -->".encode() if kind == "html" else f"\n% copy {i}\n".encode()
        (folder / f"{stem}.{kind}").write_bytes(data + extra)
        if kind == "pdf":
            import pypdfium2

            pages += len(pypdfium2.PdfDocument(source))
        else:
            pages += 1
    return pages


STORED = re.compile(r"^(\d\d):(\d\d):(\d\d\.\d+) \|.*\[(\d+)/\d+\] batch of \d+ stored", re.MULTILINE)


def steady_rate(log: str) -> float | None:
    """Documents a second between the first and the last batch stored (the flow's log lines): the rate a
    long run keeps once its workers are up, without the start (server, workers) and the end (outputs)."""
    marks = [(int(h) * 3600 + int(m) * 60 + float(sec), int(done)) for h, m, sec, done in STORED.findall(log)]
    if len(marks) < 2 or marks[-1][0] <= marks[0][0]:
        return None
    return (marks[-1][1] - marks[0][1]) / (marks[-1][0] - marks[0][0])


@dataclass
class Timing:
    seconds: float
    peak_mb: float  # peak RSS of the run's largest process
    cpu: float  # CPU seconds of the run and every process it waited for (workers, a temporary server)
    steady: float | None  # `steady_rate`


def timed_run(raw: Path, out: Path, workers: int, api_url: str | None = None) -> Timing:
    """`taqrir run` on the Prefect server at `api_url`, else a temporary one: wall and CPU seconds, peak
    memory, steady rate. CPU seconds vary less than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | ({"PREFECT_API_URL": api_url} if api_url else {})
    started = time.perf_counter()
    done = subprocess.run([*TAQRIR, "run", str(raw), "--out", str(out), "--workers", str(workers)], cwd=ROOT,
                          capture_output=True, text=True, env=env)  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"taqrir run failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Timing(seconds, max(before, usage.ru_maxrss) / 1024, usage.ru_utime + usage.ru_stime - cpu_before,
                  steady_rate(done.stdout + done.stderr))  # fmt: skip


def _plain_worker(paths: list[str]):  # type: ignore[no-untyped-def]
    from pipeline.batch import process_batch

    return process_batch(paths)


def plain_run(raw: Path, db: Path, workers: int, batch_size: int = 25) -> float:
    """The same work with a multiprocessing pool and the store, no Prefect (imports included)."""
    started = time.perf_counter()
    from pipeline.batch import batches, discover
    from pipeline.export import write_outputs
    from pipeline.process import pipeline_version
    from pipeline.runtime import start_worker
    from pipeline.store import Store

    db.parent.mkdir(parents=True, exist_ok=True)
    store = Store(f"sqlite:///{db}")
    version = pipeline_version()
    paths = [str(p) for p in discover(raw)]
    size = max(1, min(batch_size, -(-len(paths) // workers)))
    with get_context("spawn").Pool(workers, initializer=start_worker) as pool:
        for results in pool.imap(_plain_worker, [[str(p) for p in b] for b in batches([Path(p) for p in paths], size)]):
            store.save_many(results, version, refresh=False)
    store.refresh_pending(version)  # merged once at the end, as the flow does
    write_outputs(store, db.parent)
    store.close()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--mix", action="store_true", help="a quarter each of text, HTML, PDF and DOCX")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}; "
          f"workers {args.workers}; reports: {'text, HTML, PDF, DOCX' if args.mix else 'text'}")  # fmt: skip
    print("temporary: each run starts Prefect's temporary server (no `taqrir serve` running); served: runs on a")
    print("Prefect server already up, as scheduled runs and manual runs beside `taqrir serve` are; Prefect's share")
    print("is 1 - plain / taqrir; no change and 1% changed are served runs over the same store; steady/s: documents")
    print("a second of the served run between its first and last batch stored (workers up, outputs not yet written);")
    print("CPU: CPU seconds of the temporary-server and served runs, every process included")
    header = f"{'N':>6}{'temporary s':>13}{'docs/s':>8}{'served s':>10}{'docs/s':>8}{'pages/s':>9}{'peak MB':>9}" \
             f"{'plain s':>9}{'share tmp':>11}{'share srv':>11}{'no change s':>13}{'1% changed s':>14}{'steady/s':>10}{'CPU tmp':>9}{'CPU srv':>9}"  # fmt: skip
    print(header)
    from flows.schedule import start_server, stop

    with tempfile.TemporaryDirectory(prefix="taqrir-bench-prefect-") as home:
        os.environ["PREFECT_HOME"] = home
        server, api_url = start_server(4290)
        try:
            for n in [int(x) for x in args.sizes.split(",")]:
                _measure(n, args, api_url)
        finally:
            stop(server)
    return 0


def _measure(n: int, args: argparse.Namespace, api_url: str) -> None:
    with tempfile.TemporaryDirectory(prefix="taqrir-bench-") as tmp:
        raw = Path(tmp) / "raw"
        pages = build_reports(raw, n, args.mix)
        first = timed_run(raw, Path(tmp) / "temporary", args.workers)
        run = timed_run(raw, Path(tmp) / "out", args.workers, api_url)
        temporary, served, peak, steady = first.seconds, run.seconds, run.peak_mb, run.steady
        plain = plain_run(raw, Path(tmp) / "plain" / "plain.db", args.workers)
        unchanged = timed_run(raw, Path(tmp) / "out", args.workers, api_url).seconds
        for path in sorted(raw.iterdir())[:: 100][: max(1, n // 100)]:
            with path.open("ab") as handle:
                handle.write(b"\n")
        changed = timed_run(raw, Path(tmp) / "out", args.workers, api_url).seconds
        shares = [max(0.0, 1 - plain / seconds) for seconds in (temporary, served)]
        print(f"{n:>6}{temporary:>13.1f}{n / temporary:>8.1f}{served:>10.1f}{n / served:>8.1f}{pages / served:>9.1f}"
              f"{peak:>9.0f}{plain:>9.1f}{shares[0]:>11.0%}{shares[1]:>11.0%}{unchanged:>13.1f}{changed:>14.1f}"
              f"{steady if steady else float('nan'):>10.1f}{first.cpu:>9.0f}{run.cpu:>9.0f}",
              flush=True)  # fmt: skip
        shutil.rmtree(raw, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
