"""Time and peak memory of `taqrir extract` on one long text report (10 MB and 30 MB by default).

    python -m benchmarks.long_reports [--sizes 10,30] [--keep DIR]

Each report is the five samples of raw/ repeated until it reaches the size (each copy made distinct by
a line of its own), written to a temporary folder. Every size runs `taqrir extract FILE` in a child
process of its own (stdout to /dev/null); its peak resident memory is that child's (`os.wait4`'s
rusage), its time the wall clock and the CPU time (user + system). Extraction runs in parts of `TAQRIR_PART_CHARS` characters
(pipeline.limits); set the variable to compare part sizes.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "raw").glob("0*_*.txt"))
TAQRIR = [sys.executable, "-c", "from taqrir_cli import app; app()"]


def build_report(path: Path, megabytes: float) -> int:
    """Write a text report of about `megabytes` MB (UTF-8) at `path`; returns its number of characters."""
    target = int(megabytes * 1_000_000)
    pieces: list[str] = []
    size = copies = 0
    while size < target:
        piece = SAMPLES[copies % len(SAMPLES)].read_text(encoding="utf-8") + f"\nنسخة رقم {copies}\n\n"
        pieces.append(piece)
        size += len(piece.encode("utf-8"))
        copies += 1
    text = "".join(pieces)
    path.write_text(text, encoding="utf-8")
    return len(text)


def measure(path: Path) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB, exit status) of `taqrir extract path` in a child
    process (CPU time is the figure to compare on a machine shared with other work)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        child = subprocess.Popen([*TAQRIR, "extract", str(path)], stdout=devnull, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, child.returncode  # ru_maxrss is in KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,30", help="report sizes in MB, comma-separated")
    parser.add_argument("--keep", type=Path, help="write the reports here and keep them")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}; "
          f"load average at start {load[0]:.2f}; part size {os.environ.get('TAQRIR_PART_CHARS', 'default')}")  # fmt: skip
    print(f"{'MB':>6}{'chars':>12}{'wall s':>10}{'CPU s':>8}{'peak MB':>10}{'status':>8}")
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for megabytes in (float(s) for s in args.sizes.split(",")):
            path = folder / f"long_{megabytes:g}mb.txt"
            chars = build_report(path, megabytes)
            seconds, cpu, peak, status = measure(path)
            print(f"{megabytes:>6g}{chars:>12,}{seconds:>10.1f}{cpu:>8.1f}{peak:>10.0f}{status:>8}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
